import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_BYTES, describeTarget, loadConfig, type Config } from '../config/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { generateCertificate } from '../emulator/tls.js';
import { startLedger } from '../harness/ledger.js';
import { replayRequestFrom, type ReplayOptions } from '../harness/replay.js';
import { serializeConfig } from '../harness/run-context.js';
import type { Leftover } from '../outcomes/leftover.js';
import { consoleSummary } from '../reports/console.js';
import { loadExpectations } from '../reports/expectations.js';
import { REPORT_FORMAT, type RunReport } from '../reports/run-report.js';
import { clearReports, writeReports } from '../reports/write-reports.js';
import { judgeRun, noVerdict, type Verdict } from '../reports/verdict.js';
import { deviationsOption } from './emulator-command.js';
import { preflight } from './preflight.js';
import { filterLabel, parseRunOptions, reportDirOf, RUN_HELP, specFilesOf, testNamePattern, type RunOptions } from './run-options.js';
import { ROOT, runSpecs } from './spec-runner.js';
import { sweep } from './sweep.js';
import { EXIT, UsageError } from './usage.js';

export { RUN_HELP } from './run-options.js';

/**
 * Spec files at once against the embedded emulator; a remote target gets one at a time, in a fixed order. So does a
 * run whose byte budget is below the default: which checks a tight budget skips must not depend on timing.
 */
const EMBEDDED_PARALLEL_FILES = Math.max(1, Math.min(availableParallelism(), 4));
const parallelFilesFor = (config: Config, embedded: boolean) => (embedded && config.maxBytes >= DEFAULT_MAX_BYTES ? EMBEDDED_PARALLEL_FILES : 1);

export async function runCommand(args: string[], out: (line: string) => void): Promise<number> {
  const startedAt = new Date();
  let reportDir = reportDirOf(args);
  let target: Record<string, string> = { name: 'unconfigured target' };
  try {
    clearReports(reportDir);
    const options = parseRunOptions(args);
    if (options.help) {
      out(RUN_HELP);
      return 0;
    }
    reportDir = options.reportDir;
    const config = loadConfig({ env: { ...process.env, ...options.overrides }, ...(options.envFile ? { envFile: options.envFile } : {}) });
    target = { name: config.endpoint?.host ?? 'embedded emulator', ...describeTarget(config) };
    return await runAgainst(config, options, startedAt, out, (name) => (target = { ...target, name }));
  } catch (error) {
    // A run that stops before a verdict still replaces the reports, saying why there is none.
    if (error instanceof UsageError || (error as Error).name === 'ConfigError') {
      writeNoVerdict(reportDir, startedAt, target, `configuration error: ${(error as Error).message}`, EXIT.usage);
    }
    throw error;
  }
}

async function runAgainst(configured: Config, options: RunOptions, startedAt: Date, out: (line: string) => void, named: (name: string) => void): Promise<number> {
  const expectations = options.expectations ? loadExpectations(options.expectations) : undefined;
  const deviations = deviationsOption(options.deviate);
  if (deviations.size > 0 && configured.endpoint) throw new UsageError('--deviate applies to the embedded emulator; unset COS_ENDPOINT');
  const deviating = deviations.size > 0 ? ` (deviating: ${[...deviations].join(', ')})` : '';
  const targetName = configured.endpoint ? (expectations?.target ?? configured.endpoint.host) : `embedded emulator${deviating}`;
  named(targetName);
  let config = configured;
  let emulator: RunningEmulator | undefined;
  if (!config.endpoint) {
    const expired = config.expiredCredentials ? [{ ...config.expiredCredentials, expired: true }] : [];
    // Over HTTPS, so that the SSE-C checks (HTTPS only) run too; plain HTTP when no certificate can be made.
    const tls = await generateCertificate().catch((error: Error) => {
      out(`Note: ${error.message}; the embedded emulator serves plain HTTP, and UP-39 (SSE-C, HTTPS only) will be inconclusive`);
      return undefined;
    });
    emulator = await startEmulator({ bucket: config.bucket, region: config.region, profile: config.profile, credentials: [config.credentials, ...expired], deviations, ...(tls ? { tls } : {}) });
    config = { ...config, endpoint: emulator.endpoint, ...(tls ? { caCertificate: tls.cert } : {}) };
    out(`Started the embedded emulator at ${emulator.endpoint.origin} (${config.profile} profile${deviating})`);
  }
  const target = { name: targetName, ...describeTarget(emulator ? { ...config, endpoint: undefined } : config) };
  try {
    const reached = await preflight(config);
    if (!reached.reachable) {
      out(`cos-conformance: ${reached.reason}`);
      writeNoVerdict(options.reportDir, startedAt, target, reached.reason, EXIT.unreachable, config);
      return EXIT.unreachable;
    }
    for (const warning of reached.warnings) out(`Warning: ${warning}`);
    const runId = `${startedAt.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    const replayOptions: ReplayOptions = {
      seed: config.seed,
      numRuns: config.numRuns,
      profile: config.profile,
      signature: config.signature,
      addressing: config.addressing,
      maxBytes: config.maxBytes,
      deviations: [...deviations],
      ...(options.envFile ? { envFile: options.envFile } : {}),
    };
    const filter = filterLabel(options);
    out(`Run ${runId}: target ${targetName}, seed ${config.seed}, ${config.numRuns} cases per property, up to ${config.maxBytes} bytes${filter ? `, partial: ${filter}` : ''}`);

    const ledger = await startLedger(config.maxBytes);
    let run: Awaited<ReturnType<typeof runSpecs>>;
    try {
      run = await runSpecs({
        context: { config: serializeConfig(config), runId, ledgerUrl: ledger.url, replay: replayRequestFrom(process.env), replayOptions, ...(options.only ? { only: options.only } : {}) },
        parallelFiles: parallelFilesFor(config, emulator !== undefined),
        ...(testNamePattern(options) ? { testNamePattern: testNamePattern(options)! } : {}),
        files: specFilesOf(options),
        out,
      });
    } finally {
      await ledger.close();
    }
    const leftovers = await cleanUp(config, runId, run.collector.leftovers, out);
    const verdict = judgeRun({
      checks: run.collector.checks,
      fileErrors: run.collector.fileErrors,
      ...(expectations ? { expectations } : {}),
      strict: options.strict,
      targetName,
      ...(filter ? { filter } : {}),
      ...(options.only ? { only: options.only } : {}),
      interrupted: run.interrupted,
    });
    const report: RunReport = {
      ...reportHead(startedAt, target, runId, config),
      options: { profile: config.profile, signature: config.signature, addressing: config.addressing, maxBytes: config.maxBytes, deviations: [...deviations], strict: options.strict, ...(filter ? { filter } : {}) },
      bytesSent: run.collector.sessionUsage.bytesSent,
      requests: run.collector.sessionUsage.requests,
      ...(options.expectations ? { expectations: options.expectations } : {}),
      verdict,
      checks: run.collector.checks,
      leftovers,
      ...(reached.warnings.length ? { warnings: reached.warnings } : {}),
    };
    const paths = writeReports(options.reportDir, report);
    for (const line of consoleSummary(report)) out(line);
    out(`Reports: ${paths.junit}, ${paths.json}, ${paths.markdown}, ${paths.html}`);
    return verdict.exitCode;
  } finally {
    await emulator?.close();
  }
}

/**
 * The safety net behind every spec file's own cleanup: sweeps the run's prefix, and names each upload or object
 * that neither could remove (with why) rather than leaving it behind silently.
 */
async function cleanUp(config: Config, runId: string, fromSessions: readonly Leftover[], out: (line: string) => void): Promise<Leftover[]> {
  const prefix = `${config.keyPrefix}${runId}/`;
  const swept = await sweep(config, prefix).catch((error: Error) => ({ listing: error.message, uploads: [], objects: [] }));
  const aborted = new Set(swept.uploads.filter((u) => u.aborted).map((u) => u.uploadId));
  const deleted = new Set(swept.objects.filter((o) => o.deleted).map((o) => o.key));
  const cleaned = swept.uploads.filter((u) => u.aborted).length + swept.objects.filter((o) => o.deleted).length;
  if (cleaned > 0) out(`Cleanup: aborted ${aborted.size} upload(s) and deleted ${deleted.size} object(s) left under ${prefix}`);
  const leftovers = new Map<string, Leftover>();
  for (const l of fromSessions) {
    if ((l.uploadId && aborted.has(l.uploadId)) || (l.kind === 'object' && deleted.has(l.key))) continue;
    leftovers.set(l.uploadId ?? l.key, swept.listing && l.kind === 'upload' ? { ...l, reason: `${l.reason}; the sweep could not list uploads either (${swept.listing})` } : l);
  }
  for (const u of swept.uploads) if (!u.aborted) leftovers.set(u.uploadId, { kind: 'upload', key: u.key, uploadId: u.uploadId, reason: u.reason ?? 'not aborted' });
  for (const o of swept.objects) if (!o.deleted) leftovers.set(o.key, { kind: 'object', key: o.key, reason: o.reason ?? 'not deleted' });
  return [...leftovers.values()];
}

function reportHead(startedAt: Date, target: Record<string, string>, runId: string, config?: Config) {
  return {
    format: REPORT_FORMAT as typeof REPORT_FORMAT,
    tool: { name: 'cos-conformance' as const, version: packageVersion() },
    target,
    runId,
    ...(config ? { seed: config.seed, numRuns: config.numRuns } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

/** Reports for a run that stopped before it judged anything (exit 2 or 3), so none of an earlier run remain. */
function writeNoVerdict(reportDir: string, startedAt: Date, target: Record<string, string>, reason: string, exitCode: 2 | 3, config?: Config): void {
  const verdict: Verdict = noVerdict(target.name ?? 'target', reason, exitCode);
  writeReports(reportDir, { ...reportHead(startedAt, target, 'none', config), bytesSent: 0, requests: 0, verdict, checks: [], leftovers: [] });
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
