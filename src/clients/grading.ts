import { randomBytes } from 'node:crypto';
import { CLIENT_REQUIREMENTS } from '../catalogue/client-requirements.js';
import type { Profile } from '../config/index.js';
import { FAULT_NAMES, type Fault, parseFault } from '../emulator/faults.js';
import type { ObservedRequest } from '../emulator/server.js';
import { generateCertificate } from '../emulator/tls.js';
import type { ClientRunFacts, ScenarioRunFacts } from '../outcomes/client-run.js';
import { PACKAGE_VERSION } from '../package-info.js';
import { loadExpectations } from '../reports/expectations.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../reports/run-report.js';
import { type Catalogue, judgeRun, noVerdict } from '../reports/verdict.js';
import { writeReports } from '../reports/write-reports.js';
import { startClientEmulator } from './client-emulator.js';
import { gradeClient, type ScenarioRun } from './grade/index.js';
import { runClient } from './run-client.js';
import { foldSequence, wireRequest } from './wire.js';

/** The client catalogue as the verdict names it. */
export const CLIENT_CATALOGUE: Catalogue = { requirements: CLIENT_REQUIREMENTS, subject: 'the COS multipart upload client requirements' };
export const CLIENT_IDS: ReadonlySet<string> = new Set(CLIENT_REQUIREMENTS.map((r) => r.id));

/** The scenarios a full grading runs under a profile: no fault, then each fault the catalogue is exercised by. */
export function defaultScenarios(profile: Profile): string[] {
  const faults = [
    ...new Set(CLIENT_REQUIREMENTS.filter((r) => r.profile === undefined || r.profile === profile).flatMap((r) => r.scenarios ?? [])),
  ];
  const order = (scenario: string) => FAULT_NAMES.indexOf(parseFault(scenario).name);
  return ['plain', ...faults.sort((a, b) => order(a) - order(b))];
}

/** A scenario's name as the faults it applies: `plain` applies none. */
export function scenarioFaults(name: string): Fault[] {
  return name === 'plain' ? [] : [parseFault(name)];
}

export interface ClientGradingOptions {
  /** The client command: program and arguments. */
  readonly command: readonly string[];
  /** The client's name as reports show it. */
  readonly name: string;
  readonly profile: Profile;
  readonly tls: boolean;
  /** The scenarios to run, in order (`plain` or a fault's flag form). */
  readonly scenarios: readonly string[];
  /** Whether the scenarios were chosen (--fault): the run is then partial. */
  readonly chosen: boolean;
  readonly timeoutMs: number;
  /** Settings of the client's own (CLIENT_SSE_C=1, say), set for the command and named in the replay lines. */
  readonly env?: Readonly<Record<string, string>>;
  readonly expectations?: string;
  readonly strict?: boolean;
  readonly reportDir?: string;
  readonly onProgress?: (line: string) => void;
  /** Stops the grading: the client in flight is stopped, no further scenario runs, and the report says interrupted. */
  readonly signal?: AbortSignal;
}

const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * Grades a client: runs its command once per scenario, each against a fresh reference emulator (its own keys, and
 * over HTTPS a certificate its CA file names) with the scenario's fault, records every request, grades what was
 * recorded against the client catalogue, and writes the reports a server run writes.
 */
export async function gradeClientCommand(options: ClientGradingOptions): Promise<RunReport> {
  const startedAt = new Date();
  const progress = options.onProgress ?? (() => undefined);
  const expectations = options.expectations ? loadExpectations(options.expectations, CLIENT_IDS) : undefined;
  const certificate = options.tls ? await generateCertificate({ virtualHostBuckets: ['conformance-1250000000'] }) : undefined;
  const [program, ...args] = options.command;
  if (program === undefined) throw new Error('no client command');
  const settings = Object.entries(options.env ?? {})
    .map(([name, value]) => ` --env ${shellWord(`${name}=${value}`)}`)
    .join('');
  const replayBase = `npx cos-conformance client${options.tls ? ' --tls' : ''} --profile ${options.profile}${settings}`;
  const runs: ScenarioRun[] = [];
  const facts: ScenarioRunFacts[] = [];
  for (const name of options.scenarios) {
    if (options.signal?.aborted) break;
    const faults = scenarioFaults(name);
    const target = await startClientEmulator({
      profile: options.profile,
      tls: options.tls,
      ...(certificate ? { certificate } : {}),
      faults: { faults, byKey: true },
    });
    let run: Awaited<ReturnType<typeof runClient>>;
    try {
      run = await runClient(
        program,
        args,
        { ...options.env, ...target.env },
        { timeoutMs: options.timeoutMs, inherit: true, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } finally {
      await target.close();
    }
    const openUploads = [...target.emulator.store.uploads.values()].map((u) => ({ key: u.key, uploadId: u.id }));
    const requests = [...target.observed];
    runs.push({
      name,
      faults: faults.map((f) => f.name),
      requests,
      client: run,
      openUploads,
      profile: options.profile,
      replay: `${replayBase} --fault ${name} -- ${options.command.map(shellWord).join(' ')}`,
    });
    const sequence = sequenceOf(requests);
    const failed = run.timedOut || run.code !== 0;
    facts.push({
      name,
      exitCode: run.code,
      timedOut: run.timedOut,
      durationMs: run.ms,
      requests: requests.length,
      sequence,
      ...(failed && run.stderr.trim() ? { stderrTail: run.stderr.trim().split('\n').slice(-3).join('\n') } : {}),
    });
    progress(
      `  scenario ${name}: ${run.timedOut ? 'timed out' : `exit ${run.code}`} in ${(run.ms / 1000).toFixed(1)} s, ${requests.length} requests: ${sequence || '(none)'}`,
    );
  }
  const client: ClientRunFacts = {
    command: options.command,
    profile: options.profile,
    transport: options.tls ? 'https' : 'http',
    scenarios: facts,
  };
  const report = reportOf(runs, client, {
    name: options.name,
    startedAt,
    strict: options.strict === true,
    ...(options.chosen ? { filter: `--fault ${options.scenarios.join(',')}` } : {}),
    ...(expectations ? { expectations, expectationsPath: options.expectations! } : {}),
    ...(options.signal?.aborted ? { interrupted: true } : {}),
  });
  if (options.reportDir) writeReports(options.reportDir, report);
  return report;
}

/**
 * The report of graded scenarios. A client that sent nothing at all in any scenario has no verdict (exit 3, as a
 * server that cannot be reached): it was never configured from the client environment, or could not connect.
 */
export function reportOf(
  runs: readonly ScenarioRun[],
  client: ClientRunFacts,
  context: {
    name: string;
    startedAt: Date;
    strict: boolean;
    filter?: string;
    expectations?: ReturnType<typeof loadExpectations>;
    expectationsPath?: string;
    interrupted?: boolean;
  },
): RunReport {
  const requests = runs.reduce((sum, r) => sum + r.requests.length, 0);
  const bytesSent = runs.reduce((sum, r) => sum + r.requests.reduce((s, q) => s + (q.received?.length ?? 0), 0), 0);
  const runId = `${context.startedAt.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const target: Record<string, string> = {
    name: context.name,
    ...(client.command.length ? { command: client.command.map(shellWord).join(' ') } : {}),
    endpoint: `reference emulator on loopback (${client.transport})`,
    profile: client.profile,
    transport: client.transport,
  };
  const first = client.scenarios[0];
  const silent = requests === 0 && !context.interrupted;
  const checks = silent ? [] : gradeClient(runs);
  const verdict = silent
    ? noVerdict(
        context.name,
        `the client sent no request to the emulator in any scenario${first?.exitCode !== undefined ? ` (${first.timedOut ? 'timed out' : `exit ${first.exitCode}`}${first.stderrTail ? `: ${first.stderrTail.split('\n').at(-1)}` : ''})` : ''}: is it configured from COS_* or AWS_*?`,
        3,
        CLIENT_CATALOGUE,
      )
    : judgeRun({
        checks,
        catalogue: CLIENT_CATALOGUE,
        strict: context.strict,
        targetName: context.name,
        ...(context.expectations ? { expectations: context.expectations } : {}),
        ...(context.filter ? { filter: context.filter } : {}),
        ...(context.interrupted ? { interrupted: true } : {}),
      });
  return {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: PACKAGE_VERSION },
    target,
    runId: silent ? 'none' : runId,
    startedAt: context.startedAt.toISOString(),
    durationMs: Date.now() - context.startedAt.getTime(),
    bytesSent,
    requests,
    ...(context.expectationsPath ? { expectations: context.expectationsPath } : {}),
    verdict,
    checks,
    leftovers: [],
    client,
  };
}

/** What a client sent, operations in order with repeats folded and failed answers marked: `UploadPart(503)`. */
export function sequenceOf(requests: readonly ObservedRequest[]): string {
  return foldSequence(
    requests.map(wireRequest).map((r) => (r.status >= 300 || r.status === 0 ? `${r.operation}(${r.status})` : r.operation)),
  );
}

/** The faults a scenario list names, checked: each `plain` or a known fault in its flag form. */
export function parseScenarios(text: string): string[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) if (name !== 'plain') parseFault(name);
  return [...new Set(names)];
}
