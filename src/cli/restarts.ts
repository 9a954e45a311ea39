import { exec } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { longestFirst } from '../harness/spec-costs.js';
import { probe, readStopRecords, type StopRecord } from '../http/health.js';
import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { Leftover } from '../outcomes/leftover.js';
import type { TargetStop } from '../outcomes/target-stop.js';
import type { SpecRun } from './spec-runner.js';

/**
 * A target that stops answering mid-run. Without `--restart` the run stops sending, and every check the stop cut
 * short is reported as not run because the target stopped (exit 3). With `--restart COMMAND` (a local target that
 * can be brought back), the command restarts it and the checks the stop cut short run again, one at a time, so
 * that when the target stops again the check in flight is the one that stopped it: that check is an error of the
 * target, named, and the run goes on after it. With a pinned seed such a run gives the same statuses every time.
 */
export interface AttemptsResult {
  readonly checks: CheckOutcome[];
  readonly fileErrors: Array<{ file: string; message: string }>;
  readonly leftovers: Leftover[];
  readonly usage: { requests: number; bytesSent: number };
  readonly interrupted: boolean;
  readonly stops: TargetStop[];
}

export interface AttemptOptions {
  readonly stopFile: string;
  readonly origin: URL;
  readonly restart?: string;
  readonly out: (line: string) => void;
  /** Runs the checks: all that the run selected, or (one at a time) the checks given, as attempt `attempt`. */
  readonly run: (checks: readonly CheckOutcome[] | undefined, attempt: number) => Promise<SpecRun>;
}

/** At most this many restarts in one run: a target that stops at every check is not worth a restart per check. */
const MAX_RESTARTS = 25;
const RESTART_TIMEOUT_MS = 120_000;
const BACK_WITHIN_MS = 60_000;

export async function runAttempts(options: AttemptOptions): Promise<AttemptsResult> {
  const first = await options.run(undefined, 0);
  const outcomes = new Map(first.collector.checks.map((c) => [c.title, c]));
  const result = {
    fileErrors: [...first.collector.fileErrors],
    leftovers: [...first.collector.leftovers],
    usage: { ...first.collector.usage },
    interrupted: first.interrupted,
    stops: [] as TargetStop[],
  };
  let attempt = 0;
  while (existsSync(options.stopFile) && !result.interrupted) {
    const records = readStopRecords(options.stopFile);
    // The checks the stop cut short, in the order a run one at a time takes them: the first of them, when they ran
    // one at a time, is the one in flight when the target stopped.
    const cut = executionOrder([...outcomes.values()].filter((c) => c.targetStopped));
    const culprit = attempt > 0 ? cut[0] : undefined;
    if (culprit) outcomes.set(culprit.title, stoppedBy(culprit, records));
    const again = culprit ? cut.slice(1) : cut;
    if (!options.restart || attempt >= MAX_RESTARTS) {
      result.stops.push({ records, ...(culprit ? { check: culprit.title } : {}), restarted: false });
      if (options.restart) options.out(`The target stopped answering ${attempt + 1} times: no further restart (at most ${MAX_RESTARTS})`);
      break;
    }
    options.out(
      `The target stopped answering (${records[0]?.request ?? 'a request'}: ${records[0]?.error ?? 'no answer'})${culprit ? ` during "${culprit.title}"` : ''}; restarting it: ${options.restart}`,
    );
    const back = await restartTarget(options.restart, options.origin, options.out);
    result.stops.push({ records, ...(culprit ? { check: culprit.title } : {}), restarted: back });
    if (!back) break;
    rmSync(options.stopFile, { force: true });
    if (again.length === 0) break;
    attempt++;
    options.out(`Running again, one at a time, the ${again.length} check(s) the stop cut short`);
    const rerun = await options.run(again, attempt);
    for (const c of rerun.collector.checks) if (again.some((a) => a.title === c.title)) outcomes.set(c.title, c);
    result.fileErrors.push(...rerun.collector.fileErrors);
    result.leftovers.push(...rerun.collector.leftovers);
    result.usage.requests += rerun.collector.usage.requests;
    result.usage.bytesSent += rerun.collector.usage.bytesSent;
    result.interrupted = rerun.interrupted;
  }
  const checks = [...outcomes.values()].sort((a, b) => a.file.localeCompare(b.file) || a.index - b.index);
  return { ...result, checks };
}

/** Spec files longest first, then each file's checks in declaration order: how a run one at a time proceeds. */
function executionOrder(checks: readonly CheckOutcome[]): CheckOutcome[] {
  const files = longestFirst([...new Set(checks.map((c) => c.file))]);
  return [...checks].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.index - b.index);
}

/** The check in flight when the target stopped: an error of the target, not a judgement of its rule. */
function stoppedBy(check: CheckOutcome, records: readonly StopRecord[]): CheckOutcome {
  const first = records[0];
  const reason = `the target stopped answering during this check${first ? ` (${first.request}: ${first.error})` : ''}`;
  const { targetStopped: _, ...rest } = check;
  return {
    ...rest,
    status: Object.values(check.judgements).some((j) => j.failures.length > 0) ? 'fail' : 'error',
    errorKind: 'target',
    reason,
    contributions: Object.fromEntries(Object.entries(check.contributions).map(([id, c]) => [id, id === check.requirementId ? 'error' : c])),
  };
}

/** Runs the restart command, then waits for the target to answer a new connection. */
async function restartTarget(command: string, origin: URL, out: (line: string) => void): Promise<boolean> {
  const ran = await new Promise<{ code: number | null; output: string }>((resolve) => {
    exec(command, { timeout: RESTART_TIMEOUT_MS }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}`.trim() }),
    );
  });
  if (ran.code !== 0) {
    out(`The restart command exited ${ran.code}${ran.output ? `: ${ran.output.split('\n').slice(-3).join(' / ')}` : ''}`);
    return false;
  }
  const until = Date.now() + BACK_WITHIN_MS;
  while (Date.now() < until) {
    if (await probe(origin)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  out(`The target did not answer within ${BACK_WITHIN_MS / 1000} s of the restart`);
  return false;
}
