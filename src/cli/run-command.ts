import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createVitest } from 'vitest/node';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { describeTarget, loadConfig, type Config } from '../config/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { CosApi } from '../api/multipart.js';
import { Target } from '../http/client.js';
import { TargetError } from '../http/errors.js';
import { readUsage, RUN_ENV } from '../harness/session.js';
import { ResultCollector } from '../reports/collector.js';
import { loadExpectations, type Expectations } from '../reports/expectations.js';
import { writeReports, type RunReport } from '../reports/run-report.js';
import { judge } from '../reports/verdict.js';
import { deviationsOption } from './emulator-command.js';
import { sweep } from './sweep.js';
import { EXIT, UsageError } from './usage.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const RUN_HELP = `cos-conformance run — run the conformance suite against a target and write reports

With no COS_ENDPOINT the embedded reference emulator is started and tested.

Options:
  --env-file FILE        read settings from FILE instead of ./.env (the environment still wins)
  --only ID,...          run only these requirements (e.g. UP-04,UP-05)
  --grep TEXT            run only checks whose title matches TEXT (a regular expression)
  --profile cos|s3       COS_PROFILE
  --signature cos|sigv4  COS_SIGNATURE
  --expectations FILE    known deviations of the target (JSON): listed failures do not fail the run
  --report-dir DIR       where reports go (default reports/)
  --strict               SHOULD failures and stale expectation entries fail the run too
  --seed N               COS_SEED: replay a run
  --num-runs N           COS_NUM_RUNS: generated cases per property
  --max-bytes SIZE       COS_MAX_BYTES: body bytes the run may send (e.g. 64MiB)
  --deviate A,B          the embedded emulator breaks these rules on purpose (suite self-tests and demonstrations)
  --help                 this text

Exit codes: 0 conformant, 1 not conformant, 2 usage or configuration error, 3 the target could not be reached.
Reports: junit.xml, conformance.json, conformance.md, index.html.
`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The settings the spec workers need, passed through their environment. */
function workerEnvironment(config: Config, runId: string, usageFile: string, parallelFiles: number): Record<string, string> {
  const env: Record<string, string> = {
    COS_ENDPOINT: config.endpoint!.origin,
    COS_BUCKET: config.bucket,
    COS_REGION: config.region,
    COS_SECRET_ID: config.credentials.secretId,
    COS_SECRET_KEY: config.credentials.secretKey,
    COS_SIGNATURE: config.signature,
    COS_PROFILE: config.profile,
    COS_ADDRESSING: config.addressing,
    COS_KEY_PREFIX: config.keyPrefix,
    COS_SEED: String(config.seed),
    COS_NUM_RUNS: String(config.numRuns),
    COS_MAX_BYTES: String(config.maxBytes),
    COS_REQUEST_TIMEOUT_MS: String(config.requestTimeoutMs),
    [RUN_ENV.runId]: runId,
    [RUN_ENV.usageFile]: usageFile,
    [RUN_ENV.parallelFiles]: String(parallelFiles),
  };
  if (config.credentials.securityToken) env.COS_SECURITY_TOKEN = config.credentials.securityToken;
  for (const name of [RUN_ENV.replay, RUN_ENV.replayCommands]) if (process.env[name]) env[name] = process.env[name]!;
  return env;
}

/** The spec files that hold the checks of these requirements: vitest loads only those. */
function specFilesOf(only: string | undefined): string[] {
  if (!only) return [];
  const ids = new Set(only.split(',').map((s) => s.trim()));
  return [...new Set(REQUIREMENTS.filter((r) => ids.has(r.id)).flatMap((r) => r.specs))].map((name) => `specs/${name}.spec.ts`);
}

function testNamePattern(only: string | undefined, grep: string | undefined): RegExp | undefined {
  const parts: string[] = [];
  if (only) {
    const ids = only.split(',').map((s) => s.trim()).filter(Boolean);
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UsageError(`--only: unknown requirement ${unknown.join(', ')} (see "cos-conformance list")`);
    parts.push(`(?=(?:${ids.map(escapeRegExp).join('|')})\\b)`);
  }
  if (grep) {
    try {
      new RegExp(grep);
    } catch {
      throw new UsageError(`--grep: not a regular expression: ${grep}`);
    }
    parts.push(`(?=.*(?:${grep}))`);
  }
  return parts.length ? new RegExp(`^${parts.join('')}`) : undefined;
}

export async function runCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'env-file': { type: 'string' },
      only: { type: 'string' },
      grep: { type: 'string' },
      profile: { type: 'string' },
      signature: { type: 'string' },
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
  if (values.help) {
    out(RUN_HELP);
    return 0;
  }
  const overrides: Record<string, string> = {};
  if (values.profile !== undefined) overrides.COS_PROFILE = values.profile;
  if (values.signature !== undefined) overrides.COS_SIGNATURE = values.signature;
  if (values.seed !== undefined) overrides.COS_SEED = values.seed;
  if (values['num-runs'] !== undefined) overrides.COS_NUM_RUNS = values['num-runs'];
  if (values['max-bytes'] !== undefined) overrides.COS_MAX_BYTES = values['max-bytes'];
  let config = loadConfig({ env: { ...process.env, ...overrides }, ...(values['env-file'] ? { envFile: values['env-file'] } : {}) });
  const pattern = testNamePattern(values.only, values.grep);
  const expectations: Expectations | undefined = values.expectations ? loadExpectations(values.expectations) : undefined;
  const reportDir = resolve(values['report-dir'] ?? 'reports');
  const strict = values.strict === true;
  const deviations = deviationsOption(values.deviate);
  if (deviations.size > 0 && config.endpoint) throw new UsageError('--deviate applies to the embedded emulator; unset COS_ENDPOINT');

  let emulator: RunningEmulator | undefined;
  if (!config.endpoint) {
    emulator = await startEmulator({ bucket: config.bucket, region: config.region, profile: config.profile, credentials: [config.credentials], deviations });
    config = { ...config, endpoint: emulator.endpoint };
    const deviating = deviations.size > 0 ? `, deviating from: ${[...deviations].join(', ')}` : '';
    out(`Started the embedded emulator at ${emulator.endpoint.origin} (${config.profile} profile${deviating})`);
  }
  const targetName = emulator
    ? `embedded emulator${deviations.size > 0 ? ` (deviating: ${[...deviations].join(', ')})` : ''}`
    : (expectations?.target ?? config.endpoint!.host);
  try {
    if (!(await reachable(config, out))) return EXIT.unreachable;
    const runId = `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    mkdirSync(reportDir, { recursive: true });
    const usageFile = join(reportDir, `.usage-${runId}.jsonl`);
    out(`Run ${runId}: target ${targetName}, seed ${config.seed}, ${config.numRuns} cases per property, up to ${config.maxBytes} bytes`);
    const collector = new ResultCollector(out);
    // The embedded emulator takes spec files in parallel (one per core); a remote target gets one at a time.
    const parallelFiles = emulator ? Math.max(1, Math.min(availableParallelism(), 4)) : 1;
    const startedAt = new Date();

    let interrupted = false;
    let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
    const onInterrupt = () => {
      if (interrupted) {
        out('Interrupted twice: exiting now; run "cos-conformance sweep" to clean up.');
        process.exit(130);
      }
      interrupted = true;
      out('Interrupted: stopping, aborting uploads in flight and deleting what the run created (Ctrl-C again to exit at once)');
      void vitest?.cancelCurrentRun('keyboard-input');
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    try {
      process.env.TEST = 'true';
      process.env.VITEST = 'true';
      process.env.NODE_ENV ??= 'test';
      const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM'), ...process.listeners('exit')]);
      vitest = await createVitest(
        'test',
        {
          root: ROOT,
          config: join(ROOT, 'vitest.config.ts'),
          project: ['conformance'],
          watch: false,
          passWithNoTests: true,
          reporters: [collector, ['junit', { outputFile: join(reportDir, 'junit.xml'), suiteName: 'cos-conformance' }]],
          ...(pattern ? { testNamePattern: pattern } : {}),
          env: workerEnvironment(config, runId, usageFile, parallelFiles),
          fileParallelism: parallelFiles > 1,
          maxWorkers: parallelFiles,
        },
        {},
        { stdout: process.stdout, stderr: process.stderr },
      );
      // vitest exits the process on SIGINT; this command must clean up first, so its handlers go.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
      }
      for (const listener of process.listeners('exit')) if (!before.has(listener)) process.off('exit', listener);
      await vitest.start(specFilesOf(values.only));
      await vitest?.close();
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      const cleaned = await sweep(config, `${config.keyPrefix}${runId}/`).catch(() => undefined);
      if (cleaned && (cleaned.uploads.length || cleaned.objects.length)) {
        out(`Cleanup: aborted ${cleaned.uploads.length} upload(s) and deleted ${cleaned.objects.length} object(s) left under ${config.keyPrefix}${runId}/`);
      }
    }
    const usage = readUsage(usageFile);
    rmSync(usageFile, { force: true });
    const verdict = judge(collector.results, expectations, strict, targetName);
    const report: RunReport = {
      tool: { name: 'cos-conformance', version: packageVersion() },
      target: { name: targetName, ...describeTarget(config.endpoint && emulator ? { ...config, endpoint: undefined } : config) },
      runId,
      seed: config.seed,
      numRuns: config.numRuns,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      bytesSent: usage.bytesSent,
      requests: usage.requests,
      ...(values.expectations ? { expectations: values.expectations } : {}),
      verdict,
    };
    const paths = writeReports(reportDir, report);
    for (const o of verdict.requirements.filter((r) => r.status === 'unexpected-pass')) out(`Stale expectation: ${o.id} is listed as failing but passes`);
    out('');
    out(verdict.summary);
    out(`Reports: ${join(reportDir, 'junit.xml')}, ${paths.json}, ${paths.markdown}, ${paths.html}`);
    if (interrupted) return 130;
    return verdict.exitCode;
  } finally {
    await emulator?.close();
  }
}

/** Settings a refusal of the first request points at: a configuration mistake, not a verdict on the target. */
const REFUSALS: Record<string, string> = {
  InvalidAccessKeyId: 'COS_SECRET_ID is not known to the target',
  SignatureDoesNotMatch: 'the target computed another signature: check COS_SECRET_KEY (and COS_REGION under SigV4)',
  NoSuchBucket: 'COS_BUCKET does not exist on the target',
};

async function reachable(config: Config, out: (line: string) => void): Promise<boolean> {
  const api = new CosApi(new Target(config));
  try {
    const first = await api.listMultipartUploads(config.keyPrefix, 1);
    const refusal = first.error?.code ? REFUSALS[first.error.code] : undefined;
    if (refusal) throw new UsageError(`the target refused the first request (${first.status} ${first.error!.code}): ${refusal}`);
    return true;
  } catch (error) {
    if (error instanceof TargetError) {
      out(`cos-conformance: the target ${config.endpoint?.origin} could not be reached: ${error.message}`);
      return false;
    }
    throw error;
  } finally {
    await api.target.close();
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
