import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { UsageError } from './usage.js';

export const RUN_HELP = `cos-conformance run — run the conformance suite against a target and write reports

With no COS_ENDPOINT the embedded reference emulator is started and tested.

Options:
  --env-file FILE            read settings from FILE instead of ./.env (the environment still wins)
  --only ID,...              run only these requirements (e.g. UP-04,UP-05): a partial run
  --grep TEXT                run only checks whose title matches TEXT (a regular expression): a partial run
  --profile cos|s3           COS_PROFILE
  --signature cos|sigv4      COS_SIGNATURE
  --addressing virtual|path  COS_ADDRESSING
  --expectations FILE        known deviations of the target (JSON): listed failures do not fail the run
  --report-dir DIR           where reports go (default reports/); earlier reports there are replaced
  --strict                   SHOULD requirements count as MUST, and stale expectation entries fail the run
  --seed N                   COS_SEED: replay a run
  --num-runs N               COS_NUM_RUNS: generated cases per property
  --max-bytes SIZE           COS_MAX_BYTES: body bytes the run may send (e.g. 64MiB)
  --deviate A,B              the embedded emulator breaks these rules on purpose (suite self-tests and demonstrations)
  --help                     this text

Exit codes: 0 conformant (or, for a partial run, no failure among what ran), 1 not conformant or no verdict,
2 usage or configuration error, 3 the target could not be reached or stopped answering, 130 interrupted.
Reports: junit.xml, conformance.json, conformance.md, index.html; every run replaces them, whatever its exit code.
`;

export interface RunOptions {
  readonly help: boolean;
  readonly envFile?: string;
  readonly only?: readonly string[];
  readonly grep?: string;
  /** Settings given as flags: they win over the environment and .env. */
  readonly overrides: Readonly<Record<string, string>>;
  readonly expectations?: string;
  readonly reportDir: string;
  readonly strict: boolean;
  readonly deviate?: string;
}

export function parseRunOptions(args: string[]): RunOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'env-file': { type: 'string' },
      only: { type: 'string' },
      grep: { type: 'string' },
      profile: { type: 'string' },
      signature: { type: 'string' },
      addressing: { type: 'string' },
      expectations: { type: 'string' },
      'report-dir': { type: 'string' },
      strict: { type: 'boolean' },
      seed: { type: 'string' },
      'num-runs': { type: 'string' },
      'max-bytes': { type: 'string' },
      deviate: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const flags: Array<[keyof typeof values, string]> = [
    ['profile', 'COS_PROFILE'],
    ['signature', 'COS_SIGNATURE'],
    ['addressing', 'COS_ADDRESSING'],
    ['seed', 'COS_SEED'],
    ['num-runs', 'COS_NUM_RUNS'],
    ['max-bytes', 'COS_MAX_BYTES'],
  ];
  const overrides: Record<string, string> = {};
  for (const [flag, variable] of flags) if (typeof values[flag] === 'string') overrides[variable] = values[flag] as string;
  let only: string[] | undefined;
  if (values.only !== undefined) {
    only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    const unknown = only.filter((id) => !known.has(id));
    if (unknown.length > 0 || only.length === 0) throw new UsageError(`--only: unknown requirement ${unknown.join(', ') || '(none given)'} (see "cos-conformance list")`);
  }
  if (values.grep !== undefined) {
    try {
      new RegExp(values.grep);
    } catch {
      throw new UsageError(`--grep: not a regular expression: ${values.grep}`);
    }
  }
  return {
    help: values.help === true,
    ...(values['env-file'] ? { envFile: values['env-file'] } : {}),
    ...(only ? { only } : {}),
    ...(values.grep !== undefined ? { grep: values.grep } : {}),
    overrides,
    ...(values.expectations ? { expectations: values.expectations } : {}),
    reportDir: resolve(values['report-dir'] ?? 'reports'),
    strict: values.strict === true,
    ...(values.deviate !== undefined ? { deviate: values.deviate } : {}),
  };
}

/** Where a run's reports go, read from raw arguments: for reporting a run whose other arguments were wrong. */
export function reportDirOf(args: readonly string[]): string {
  const at = args.findIndex((a) => a === '--report-dir' || a.startsWith('--report-dir='));
  const value = at < 0 ? undefined : args[at]!.includes('=') ? args[at]!.slice('--report-dir='.length) : args[at + 1];
  return resolve(value ?? 'reports');
}

/** How a filtered run names its filter (the verdict calls the run partial). */
export function filterLabel(options: RunOptions): string | undefined {
  const parts = [options.only ? `--only ${options.only.join(',')}` : '', options.grep !== undefined ? `--grep ${options.grep}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** --grep as vitest's test name pattern (--only is applied by the harness: it knows which checks judge what). */
export function testNamePattern(options: RunOptions): RegExp | undefined {
  return options.grep !== undefined ? new RegExp(options.grep) : undefined;
}

/** The spec files that hold the checks of the requirements --only names: vitest loads only those. */
export function specFilesOf(options: RunOptions): string[] {
  if (!options.only) return [];
  const ids = new Set(options.only);
  return [...new Set(REQUIREMENTS.filter((r) => ids.has(r.id)).flatMap((r) => r.specs))].map((name) => `specs/${name}.spec.ts`);
}
