import type { Level } from '../catalogue/requirements.js';
import { BudgetExceededError, TargetError, TargetStoppedError } from '../http/errors.js';
import type { Exchange } from '../http/exchange.js';
import type { CheckOutcome, CheckStatus } from '../outcomes/check-outcome.js';
import type { Evidence } from '../outcomes/evidence.js';
import { type ReplayOptions, replayCommand } from './replay.js';
import { type CaseEvidence, ConformanceFailure, ConformanceFailures, PreconditionFailed } from './signals.js';

/** Where a check is in its file and what it judges: fixed when the spec file is loaded. */
export interface CheckIdentity {
  readonly title: string;
  readonly file: string;
  readonly index: number;
  readonly requirementId: string;
  readonly level: Level;
  /** Its own requirement first. */
  readonly judges: readonly string[];
  /** What it declares it may send, in MiB. */
  readonly costMiB: number;
}

/**
 * Everything one check established while it ran, and the one place where that becomes its outcome. Judgements
 * are counted per requirement, so a check that judged nothing cannot pass, and a requirement the check does not
 * declare cannot be charged.
 */
export class CheckRecorder {
  private readonly judgements = new Map<string, { held: number; failures: Evidence[] }>();
  private readonly preconditions: Evidence[] = [];
  private readonly errors: Evidence[] = [];
  private readonly notes: string[] = [];
  /** Why cases judged nothing, with how often. */
  private readonly unjudged = new Map<string, number>();
  private observations: Record<string, string> | undefined;
  private readonly sizes = new Set<number>();

  /**
   * `replayOptions`: what a replay line of this run must carry (every failure gets one); `exchange`: the recorded
   * exchange of a request, for the evidence of one that got no answer.
   */
  constructor(
    readonly identity: CheckIdentity,
    private readonly replayOptions: () => ReplayOptions,
    private readonly exchange: (id: number) => Exchange | undefined = () => undefined,
  ) {
    for (const id of identity.judges) this.judgements.set(id, { held: 0, failures: [] });
  }

  private entry(requirementId: string) {
    const entry = this.judgements.get(requirementId);
    if (!entry) {
      throw new Error(
        `the check "${this.identity.title}" judged ${requirementId}, which it does not declare: add it to the check's judges and the catalogue`,
      );
    }
    return entry;
  }

  private judgedOthers(): boolean {
    return [...this.judgements].some(([id, j]) => id !== this.identity.requirementId && j.held > 0);
  }

  /** Throws unless the check declares this requirement. */
  assertJudges(requirementId: string): void {
    this.entry(requirementId);
  }

  held(requirementId: string): void {
    this.entry(requirementId).held++;
  }

  failed(evidence: CaseEvidence): void {
    // --only selects every check that judges the requirement, so the replay names the one the failure is charged to.
    const replay = evidence.replay ?? replayCommand(this.replayOptions(), evidence.requirementId);
    this.entry(evidence.requirementId).failures.push({ ...evidence, replay, check: this.identity.title });
  }

  precondition(evidence: CaseEvidence): void {
    this.preconditions.push({ ...evidence, check: this.identity.title });
  }

  /** A case that found nothing to judge, and why (the header it judges was absent, say). */
  unjudgedCase(reason: string): void {
    this.unjudged.set(reason, (this.unjudged.get(reason) ?? 0) + 1);
  }

  private unjudgedText(): string {
    return [...this.unjudged].map(([reason, count]) => (count > 1 ? `${reason} (${count} times)` : reason)).join('; ');
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** A body of this size was judged. */
  covered(bytes: number): void {
    this.sizes.add(bytes);
  }

  record(name: string, value: string): void {
    this.observations = { ...this.observations, [name]: value };
  }

  /**
   * Keeps what a case ended with, so the next case of the check still runs: a failure, a setup step that did not do
   * what the case needed, a request that got no answer, an exception of the suite's own. Only what ends every case
   * goes on up: the target stopping altogether, the byte budget running out.
   */
  settleCase(thrown: unknown, caseName?: string): void {
    const where = caseName ? { case: caseName } : {};
    if (thrown instanceof ConformanceFailures) {
      for (const failure of thrown.failures) this.failed({ ...where, ...failure.evidence });
      if (thrown.then !== undefined) this.settleCase(thrown.then, caseName);
    } else if (thrown instanceof ConformanceFailure) this.failed({ ...where, ...thrown.evidence });
    else if (thrown instanceof PreconditionFailed) this.precondition({ ...where, ...thrown.evidence });
    else if (thrown instanceof TargetStoppedError || thrown instanceof BudgetExceededError) throw thrown;
    else this.caseError(thrown, caseName);
  }

  /** A case that ended in an error: the request that got no answer, or the suite's own exception with its stack. */
  caseError(thrown: unknown, caseName?: string): void {
    const common = { requirementId: this.identity.requirementId, check: this.identity.title, ...(caseName ? { case: caseName } : {}) };
    if (thrown instanceof TargetError) {
      const exchange = thrown.exchangeId === undefined ? undefined : this.exchange(thrown.exchangeId);
      const sent = exchange ? `${exchange.request.method} ${exchange.request.url}` : 'a request';
      this.errors.push({
        ...common,
        errorKind: 'target',
        sent,
        expected: 'an answer',
        actual: thrown.message,
        ...(exchange ? { exchange } : {}),
      });
      return;
    }
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    this.errors.push({
      ...common,
      errorKind: 'suite',
      sent: "the check's own code",
      expected: 'no exception',
      actual: `${error.name}: ${error.message}`,
      ...(error.stack ? { stack: error.stack.split('\n').slice(0, 12).join('\n') } : {}),
    });
  }

  /** The rule does not apply under the run's profile: the check sends nothing. */
  notApplicable(reason: string): CheckOutcome {
    return this.unsent('not-applicable', reason);
  }

  /** Left out by --only: the check sends nothing. */
  notRun(reason: string): CheckOutcome {
    return this.unsent('not-run', reason);
  }

  private unsent(status: 'not-applicable' | 'not-run', reason: string): CheckOutcome {
    const { title, file, index, requirementId, judges } = this.identity;
    return {
      title,
      file,
      index,
      requirementId,
      judges,
      status,
      judgements: {},
      contributions: Object.fromEntries(judges.map((id, i) => [id, i === 0 ? status : 'none'])),
      reason,
      durationMs: 0,
      usage: { requests: 0, bytesSent: 0 },
      costMiB: this.identity.costMiB,
    };
  }

  finish(thrown: unknown, usage: CheckOutcome['usage'], durationMs: number): CheckOutcome {
    let budget: string | undefined;
    let stopped: string | undefined;
    if (thrown instanceof BudgetExceededError) budget = thrown.message;
    else if (thrown instanceof TargetStoppedError) stopped = thrown.message;
    else if (thrown instanceof ConformanceFailures && thrown.then instanceof TargetStoppedError) {
      for (const failure of thrown.failures) this.failed(failure.evidence);
      stopped = thrown.then.message;
    } else if (thrown !== undefined) this.settleCase(thrown);

    const { requirementId, level, judges } = this.identity;
    const suiteErrors = this.errors.filter((e) => e.errorKind === 'suite');
    const targetErrors = this.errors.filter((e) => e.errorKind === 'target');
    const errorKind = suiteErrors.length ? 'suite' : targetErrors.length ? 'target' : undefined;
    const firstOf = (list: readonly Evidence[], text: (e: Evidence) => string) =>
      `${text(list[0]!)}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}`;
    const own = (): { status: CheckStatus; reason?: string } => {
      const judgement = this.judgements.get(requirementId)!;
      if (judgement.failures.length > 0) return { status: 'fail' };
      // The target stopped during the check: what it did not judge is not run, never a deviation.
      if (stopped) return { status: 'not-run', reason: stopped };
      if (suiteErrors.length)
        return { status: 'error', reason: `the suite itself failed: ${firstOf(suiteErrors, (e) => `${e.actual}${suiteWhere(e)}`)}` };
      // The message names the request already (METHOD path: what happened).
      if (targetErrors.length) return { status: 'error', reason: firstOf(targetErrors, (e) => e.actual) };
      const first = this.preconditions[0];
      if (first) {
        const more = this.preconditions.length > 1 ? ` (and ${this.preconditions.length - 1} more)` : '';
        return { status: 'inconclusive', reason: `setup step ${first.sent} answered ${first.actual}, not ${first.expected}${more}` };
      }
      if (budget) return { status: 'skipped', reason: `COS_MAX_BYTES budget exhausted before the check could finish (${budget})` };
      if (level === 'INFO') return this.observations ? { status: 'recorded' } : { status: 'inconclusive', reason: 'recorded nothing' };
      if (judgement.held > 0 || this.judgedOthers()) return { status: 'pass' };
      return { status: 'inconclusive', reason: `judged nothing${this.unjudged.size ? `: ${this.unjudgedText()}` : ''}` };
    };
    const mine = own();
    // A check covering several rules (a model) that judged others but never reached its own says nothing of it.
    const ownHeld = (this.judgements.get(requirementId)?.held ?? 0) > 0;
    const contributions: Record<string, CheckStatus | 'none'> = {
      [requirementId]: mine.status === 'pass' && !ownHeld ? 'none' : mine.status,
    };
    for (const id of judges.slice(1)) {
      const judgement = this.judgements.get(id)!;
      contributions[id] = judgement.failures.length > 0 ? 'fail' : judgement.held > 0 ? 'pass' : 'none';
    }
    const anyFailure = [...this.judgements.values()].some((j) => j.failures.length > 0);
    const notes = [
      ...this.notes,
      ...(mine.status === 'pass' && this.unjudged.size ? [`not judged in some cases: ${this.unjudgedText()}`] : []),
      ...(anyFailure && suiteErrors.length
        ? [`the suite itself failed in ${suiteErrors.length} case(s) of this check: an error of cos-conformance, not of the target`]
        : []),
      ...(anyFailure && targetErrors.length ? [`${targetErrors.length} case(s) got no answer from the target`] : []),
      ...(anyFailure && stopped ? [stopped] : []),
    ];
    return {
      title: this.identity.title,
      file: this.identity.file,
      index: this.identity.index,
      requirementId,
      judges,
      status: anyFailure ? 'fail' : mine.status,
      judgements: Object.fromEntries([...this.judgements].map(([id, j]) => [id, { held: j.held, failures: j.failures }])),
      contributions,
      ...(mine.reason ? { reason: mine.reason } : {}),
      ...(this.preconditions.length ? { preconditions: this.preconditions } : {}),
      ...(this.errors.length ? { errors: this.errors } : {}),
      ...(errorKind ? { errorKind } : {}),
      ...(notes.length ? { notes } : {}),
      ...(this.sizes.size ? { sizesCovered: [...this.sizes].sort((a, b) => a - b) } : {}),
      ...(this.observations ? { observations: this.observations } : {}),
      ...(stopped ? { targetStopped: true } : {}),
      durationMs,
      usage,
      costMiB: this.identity.costMiB,
    };
  }
}

/** Where in our own code a suite error was raised: the first frame of its stack. */
function suiteWhere(evidence: Evidence): string {
  const at = evidence.stack
    ?.split('\n')
    .find((line) => /^\s+at /.test(line))
    ?.trim();
  return at ? ` (${at})` : '';
}
