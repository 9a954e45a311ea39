import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Config, describeTarget, loadConfig } from '../config/index.js';
import { type RunningEmulator, startEmulator } from '../emulator/server.js';
import { generateCertificate } from '../emulator/tls.js';
import { type ReplayOptions, replayRequestFrom } from '../harness/replay.js';
import { serializeConfig } from '../harness/run-context.js';
import type { Leftover } from '../outcomes/leftover.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { consoleSummary } from '../reports/console.js';
import { loadExpectations, staleRevisions } from '../reports/expectations.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../reports/run-report.js';
import { requirementsJudgedBy } from '../reports/shard-merge.js';
import { judgeRun, noVerdict } from '../reports/verdict.js';
import { clearReports, reportPaths, writeReports } from '../reports/write-reports.js';
import { deviationsOption } from './emulator-command.js';
import { preflight } from './preflight.js';
import { prepareReportDir } from './report-dir.js';
import { runAttempts } from './restarts.js';
import { parseRunOptions, RUN_HELP, type RunOptions, reportDirOf } from './run-options.js';
import { selectionOf } from './selection.js';
import { runSpecs } from './spec-runner.js';
import { sweep } from './sweep.js';
import { EXIT, UsageError } from './usage.js';

export { RUN_HELP } from './run-options.js';

/**
 * `cos-conformance run`: the suite, its progress as it goes, every failure's evidence and the verdict at the end.
 * Ctrl-C stops the run, which still cleans up and reports; a second Ctrl-C exits at once.
 */
export async function runCommand(args: string[], out: (line: string) => void): Promise<number> {
  let parsed: ReturnType<typeof parseRunOptions>;
  try {
    parsed = parseRunOptions(args, process.env);
  } catch (error) {
    // Even a run whose arguments were wrong replaces the reports, saying why there is no verdict.
    reportConfigurationError(reportDirOf(args), (error as Error).message);
    throw error;
  }
  if (parsed.help) {
    out(RUN_HELP);
    return 0;
  }
  const interruption = new AbortController();
  const onSignal = () => {
    if (interruption.signal.aborted) {
      out('Interrupted twice: exiting now; run "cos-conformance sweep" to clean up.');
      process.exit(EXIT.interrupted);
    }
    out('Interrupted: stopping, aborting uploads in flight and deleting what the run created (Ctrl-C again to exit at once)');
    interruption.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runSuite({ ...parsed.options, onProgress: out, signal: interruption.signal });
    // A run that never reached the target has said why already; there is nothing more to summarise.
    if (report.runId === 'none') return report.verdict.exitCode;
    for (const line of consoleSummary(report)) out(line);
    const paths = reportPaths(parsed.options.reportDir);
    out(`Reports: ${Object.values(paths).join(', ')}`);
    return report.verdict.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Runs the suite and returns its report (and writes the reports when asked). A mistake in the options or the
 * settings rejects with a one-line message, after writing reports that say why there is no verdict; a target that
 * cannot be reached is a report with exit code 3.
 */
export async function runSuite(options: RunOptions): Promise<RunReport> {
  const startedAt = new Date();
  const progress = options.onProgress ?? (() => undefined);
  let target: Record<string, string> = { name: 'unconfigured target' };
  // Checked before anything else, and never written to when it cannot be: the message is the one line.
  if (options.reportDir) prepareReportDir(options.reportDir);
  try {
    if (options.reportDir) clearReports(options.reportDir);
    const config = loadConfig({ env: options.env ?? process.env, ...(options.envFile ? { envFile: options.envFile } : {}) });
    target = { name: config.endpoint?.host ?? 'embedded emulator', ...describeTarget(config) };
    return await runAgainst(
      config,
      options,
      startedAt,
      progress,
      (name, version) => (target = { ...target, name, ...(version ? { version } : {}) }),
    );
  } catch (error) {
    if (error instanceof UsageError || (error as Error).name === 'ConfigError') {
      writeNoVerdict(options.reportDir, startedAt, target, `configuration error: ${(error as Error).message}`, EXIT.usage);
    }
    throw error;
  }
}

async function runAgainst(
  configured: Config,
  options: RunOptions,
  startedAt: Date,
  out: (line: string) => void,
  named: (name: string, version?: string) => void,
): Promise<RunReport> {
  const selection = selectionOf(options);
  const expectations = options.expectations ? loadExpectations(options.expectations) : undefined;
  const deviations = deviationsOption(options.deviate?.join(','));
  if (deviations.size > 0 && configured.endpoint) throw new UsageError('--deviate applies to the embedded emulator; unset COS_ENDPOINT');
  if (options.restart && !configured.endpoint)
    throw new UsageError('--restart applies to a target of your own (COS_ENDPOINT); the embedded emulator does not stop');
  if (options.plainHttp && configured.endpoint)
    throw new UsageError('--plain-http applies to the embedded emulator; the scheme of COS_ENDPOINT chooses for other targets');
  const deviating = deviations.size > 0 ? ` (deviating: ${[...deviations].join(', ')})` : '';
  const version = configured.targetVersion ?? expectations?.version;
  const name =
    configured.targetName ?? (configured.endpoint ? (expectations?.target ?? configured.endpoint.host) : `embedded emulator${deviating}`);
  // The verdict line names the version too: "my-emulator 1.5.0: conformant ...".
  const targetName = version ? `${name} ${version}` : name;
  named(name, version);
  let config = configured;
  let emulator: RunningEmulator | undefined;
  if (!config.endpoint) {
    const expired = config.expiredCredentials ? [{ ...config.expiredCredentials, expired: true }] : [];
    // Over HTTPS, so that the SSE-C checks (HTTPS only) judge SSE-C itself; plain HTTP when asked, or when no
    // certificate can be made (then UP-39 judges that SSE-C is refused).
    const tls = options.plainHttp
      ? undefined
      : await generateCertificate().catch((error: Error) => {
          out(`Note: ${error.message}; the embedded emulator serves plain HTTP, where UP-39 judges that SSE-C is refused`);
          return undefined;
        });
    // Small bodies in memory (64 MiB at most): creating and deleting a file per part was a tenth of the run's CPU.
    emulator = await startEmulator({
      bucket: config.bucket,
      region: config.region,
      profile: config.profile,
      bucketType: config.bucketType,
      credentials: [config.credentials, ...expired],
      deviations,
      memoryBytes: 64 * 1024 * 1024,
      ...(tls ? { tls } : {}),
    });
    config = { ...config, endpoint: emulator.endpoint, ...(tls ? { caCertificate: tls.cert } : {}) };
    out(
      `Started the embedded emulator at ${emulator.endpoint.origin} (${config.profile} profile${config.bucketType === 'rapid' ? ', a high-performance bucket' : ''}${deviating})`,
    );
  }
  const target = { name, ...(version ? { version } : {}), ...describeTarget(emulator ? { ...config, endpoint: undefined } : config) };
  try {
    const reached = await preflight(config);
    if (!reached.reachable) {
      out(`cos-conformance: ${reached.reason}`);
      return writeNoVerdict(options.reportDir, startedAt, target, reached.reason, EXIT.unreachable, config);
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
      ...(options.plainHttp ? { plainHttp: true } : {}),
      ...(config.bucketType !== 'standard' ? { bucketType: config.bucketType } : {}),
    };
    const { filter } = selection;
    out(
      `Run ${runId}: target ${targetName}, seed ${config.seed}, ${config.numRuns} cases per property, up to ${config.maxBytes} bytes${filter ? `, partial: ${filter}` : ''}`,
    );

    // Files run side by side (COS_CONCURRENCY) without changing a verdict: each has its own keys and a fixed share
    // of the byte allowance (src/harness/spec-costs.ts). Checks a stopped target cut short run again one at a time,
    // after --restart brought it back, under run ids of their own (restarts.ts).
    const stopFile = join(mkdtempSync(join(tmpdir(), 'cos-conformance-run-')), 'target-stopped');
    const context = {
      config: serializeConfig(config),
      runId,
      replay: replayRequestFrom(options.env ?? process.env),
      replayOptions,
      stopFile,
      ...(selection.only ? { only: selection.only } : {}),
    };
    const run = await runAttempts({
      stopFile,
      origin: config.endpoint!,
      ...(options.restart ? { restart: options.restart } : {}),
      out,
      run: (again, attempt) =>
        runSpecs({
          context: { ...context, runId: attempt === 0 ? runId : `${runId}/r${attempt}` },
          parallelFiles: again ? 1 : config.concurrency,
          ...(again
            ? { testNamePattern: exactTitles(again.map((c) => c.title)) }
            : selection.testNamePattern
              ? { testNamePattern: selection.testNamePattern }
              : {}),
          specs: again ? [...new Set(again.map((c) => c.file))] : selection.specs,
          out,
          ...(options.signal ? { signal: options.signal } : {}),
        }),
    }).finally(() => rmSync(dirname(stopFile), { recursive: true, force: true }));
    const leftovers = await cleanUp(config, runId, run.leftovers, out);
    const checks = run.checks;
    // A shard's verdict covers what its checks judged: its own requirements, and those its model-based checks reach.
    const judged = selection.shard ? requirementsJudgedBy(checks) : selection.judged;
    const verdict = judgeRun({
      checks,
      fileErrors: run.fileErrors,
      ...(expectations ? { expectations } : {}),
      strict: options.strict === true,
      targetName,
      ...(filter ? { filter } : {}),
      ...(judged ? { only: judged } : {}),
      interrupted: run.interrupted,
      ...(run.stops.length ? { stops: run.stops } : {}),
    });
    const report: RunReport = {
      ...reportHead(startedAt, target, runId, config),
      options: {
        profile: config.profile,
        signature: config.signature,
        addressing: config.addressing,
        maxBytes: config.maxBytes,
        deviations: [...deviations],
        strict: options.strict === true,
        ...(filter ? { filter } : {}),
      },
      ...(selection.shard
        ? { shard: { index: selection.shard.index, count: selection.shard.count, requirements: selection.shard.requirements } }
        : {}),
      bytesSent: run.usage.bytesSent,
      requests: run.usage.requests,
      ...(options.expectations ? { expectations: options.expectations } : {}),
      verdict,
      checks,
      ...(run.fileErrors.length ? { fileErrors: run.fileErrors } : {}),
      leftovers,
      ...(reached.warnings.length || expectations
        ? warningsOf([...reached.warnings, ...(expectations ? staleRevisions(expectations) : [])])
        : {}),
      ...(run.stops.length ? { targetStops: run.stops } : {}),
    };
    if (options.reportDir) writeReports(options.reportDir, report);
    return report;
  } finally {
    await emulator?.close();
  }
}

/** A test-name pattern that selects exactly these check titles. */
function exactTitles(titles: readonly string[]): RegExp {
  return new RegExp(`^(${titles.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
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
    leftovers.set(
      l.uploadId ?? l.key,
      swept.listing && l.kind === 'upload'
        ? { ...l, reason: `${l.reason}; the sweep could not list uploads either (${swept.listing})` }
        : l,
    );
  }
  for (const u of swept.uploads)
    if (!u.aborted) leftovers.set(u.uploadId, { kind: 'upload', key: u.key, uploadId: u.uploadId, reason: u.reason ?? 'not aborted' });
  for (const o of swept.objects) if (!o.deleted) leftovers.set(o.key, { kind: 'object', key: o.key, reason: o.reason ?? 'not deleted' });
  return [...leftovers.values()];
}

function reportHead(startedAt: Date, target: Record<string, string>, runId: string, config?: Config) {
  return {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT as typeof REPORT_FORMAT,
    tool: { name: 'cos-conformance' as const, version: PACKAGE_VERSION },
    target,
    runId,
    ...(config ? { seed: config.seed, numRuns: config.numRuns } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

const warningsOf = (warnings: readonly string[]) => (warnings.length ? { warnings } : {});

/** Reports for a command line that could not even be read: no verdict, and why. */
export function reportConfigurationError(reportDir: string, message: string): void {
  try {
    prepareReportDir(reportDir);
  } catch {
    return; // The mistake on the command line is what gets said; there is nowhere to write it.
  }
  clearReports(reportDir);
  writeNoVerdict(reportDir, new Date(), { name: 'unconfigured target' }, `configuration error: ${message}`, EXIT.usage);
}

/** The report of a run that stopped before it judged anything (exit 2 or 3), written so none of an earlier run remain. */
function writeNoVerdict(
  reportDir: string | undefined,
  startedAt: Date,
  target: Record<string, string>,
  reason: string,
  exitCode: 2 | 3,
  config?: Config,
): RunReport {
  const report: RunReport = {
    ...reportHead(startedAt, target, 'none', config),
    bytesSent: 0,
    requests: 0,
    verdict: noVerdict(target.name ?? 'target', reason, exitCode),
    checks: [],
    leftovers: [],
  };
  if (reportDir) writeReports(reportDir, report);
  return report;
}
