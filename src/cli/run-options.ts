import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const RUN_HELP = `cos-conformance run — run the conformance suite against a target and write reports

With no COS_ENDPOINT the embedded reference emulator is started and tested.

Options:
  --env-file FILE            read settings from FILE instead of ./.env (the environment still wins)
  --only ID,...              run only these requirements (e.g. UP-04,UP-05): a partial run
  --grep TEXT                run only checks whose title matches TEXT (a regular expression): a partial run
  --shard I/N                judge the I-th of N slices of the catalogue; "cos-conformance report" merges the shards
  --profile cos|s3           COS_PROFILE
  --signature cos|sigv4      COS_SIGNATURE
  --addressing virtual|path  COS_ADDRESSING
  --expectations FILE        known deviations of the target (JSON): listed failures do not fail the run
  --report-dir DIR           where reports go (default reports/); earlier reports there are replaced
  --strict                   SHOULD requirements count as MUST, and stale expectation entries fail the run
  --seed N                   COS_SEED: replay a run
  --num-runs N               COS_NUM_RUNS: generated cases per property
  --max-bytes SIZE           COS_MAX_BYTES: body bytes the run may send (e.g. 64MiB)
  --target-name NAME         COS_TARGET_NAME: the target's name in the reports (default: the expectation file's target)
  --target-version V         COS_TARGET_VERSION: its version; "cos-conformance report" sets versions side by side
  --deviate A,B              the embedded emulator breaks these rules on purpose (suite self-tests and demonstrations)
  --plain-http               the embedded emulator serves plain HTTP instead of HTTPS (SSE-C is then judged refused)
  --restart COMMAND          when the target stops answering, run COMMAND to restart it (a local target), then run
                             the checks it cut short again, one at a time; the check in flight when it stops is named
  --help                     this text

Exit codes: 0 conformant (or, for a partial run, no failure among what ran), 1 not conformant or no verdict,
2 usage or configuration error, 3 the target could not be reached or stopped answering, 130 interrupted.
Reports: junit.xml, conformance.json, conformance.md, index.html, ctrf.json; every run replaces them, whatever its
exit code.
`;

/**
 * What a run is asked to do: the options of `cos-conformance run`, and of `run()` for tools that embed the suite.
 * Settings of the target are COS_* variables (the README's table), read from `env`, then `envFile`.
 */
export interface RunOptions {
  /** COS_* settings; they win over envFile. Default: the process environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A settings file read under `env` (default: ./.env when it exists). */
  readonly envFile?: string;
  /** Judge only these requirements (and run every check that judges one of them): a partial run. */
  readonly only?: readonly string[];
  /** Run only checks whose title matches this regular expression: a partial run. */
  readonly grep?: string;
  /** Judge one slice of the catalogue (`2/3`); `cos-conformance report` merges the shards of a run. */
  readonly shard?: string;
  /** Path of the target's expectation file. */
  readonly expectations?: string;
  /** SHOULD counts as MUST, and a stale expectation entry fails the run. */
  readonly strict?: boolean;
  /** The embedded emulator breaks these rules on purpose (`cos-conformance emulator --list-deviations`). */
  readonly deviate?: readonly string[];
  /** The embedded emulator serves plain HTTP rather than HTTPS. */
  readonly plainHttp?: boolean;
  /** A shell command that restarts the target when it stops answering (a local target). */
  readonly restart?: string;
  /** Where the reports go; earlier ones there are replaced. None are written when it is absent. */
  readonly reportDir?: string;
  /** Each line of progress: a check as it settles, cleanup, the run's settings. */
  readonly onProgress?: (line: string) => void;
  /** Stops the run: it cleans up, and its report says it was interrupted. */
  readonly signal?: AbortSignal;
}

const FLAG_VARIABLES = [
  ['profile', 'COS_PROFILE'],
  ['signature', 'COS_SIGNATURE'],
  ['addressing', 'COS_ADDRESSING'],
  ['seed', 'COS_SEED'],
  ['num-runs', 'COS_NUM_RUNS'],
  ['max-bytes', 'COS_MAX_BYTES'],
  ['target-name', 'COS_TARGET_NAME'],
  ['target-version', 'COS_TARGET_VERSION'],
] as const;

/** The command line as run options: settings given as flags win over the environment and .env. */
export function parseRunOptions(
  args: string[],
  environment: Readonly<Record<string, string | undefined>>,
): { help: boolean; options: RunOptions & { reportDir: string } } {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'env-file': { type: 'string' },
      only: { type: 'string' },
      grep: { type: 'string' },
      shard: { type: 'string' },
      profile: { type: 'string' },
      signature: { type: 'string' },
      addressing: { type: 'string' },
      expectations: { type: 'string' },
      'report-dir': { type: 'string' },
      strict: { type: 'boolean' },
      seed: { type: 'string' },
      'num-runs': { type: 'string' },
      'max-bytes': { type: 'string' },
      'target-name': { type: 'string' },
      'target-version': { type: 'string' },
      deviate: { type: 'string' },
      'plain-http': { type: 'boolean' },
      restart: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const overrides: Record<string, string> = {};
  for (const [flag, variable] of FLAG_VARIABLES) if (typeof values[flag] === 'string') overrides[variable] = values[flag];
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    help: values.help === true,
    options: {
      env: { ...environment, ...overrides },
      ...(values['env-file'] ? { envFile: values['env-file'] } : {}),
      ...(values.only !== undefined ? { only: list(values.only) } : {}),
      ...(values.grep !== undefined ? { grep: values.grep } : {}),
      ...(values.shard !== undefined ? { shard: values.shard } : {}),
      ...(values.expectations ? { expectations: values.expectations } : {}),
      reportDir: resolve(values['report-dir'] ?? 'reports'),
      strict: values.strict === true,
      ...(values.deviate !== undefined ? { deviate: list(values.deviate) } : {}),
      ...(values['plain-http'] ? { plainHttp: true } : {}),
      ...(values.restart ? { restart: values.restart } : {}),
    },
  };
}

/** Where a run's reports go, read from raw arguments: for reporting a run whose other arguments were wrong. */
export function reportDirOf(args: readonly string[]): string {
  const at = args.findIndex((a) => a === '--report-dir' || a.startsWith('--report-dir='));
  const value = at < 0 ? undefined : args[at]!.includes('=') ? args[at]!.slice('--report-dir='.length) : args[at + 1];
  return resolve(value ?? 'reports');
}
