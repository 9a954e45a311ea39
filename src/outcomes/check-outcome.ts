import type { Evidence } from './evidence.js';

/**
 * How one check ended, decided once, in the worker that ran it:
 * - pass: it judged its requirement in at least one case, and every judgement held;
 * - fail: at least one case broke the rule (each failing case carries its own evidence);
 * - error: the target stopped answering, or the suite itself broke;
 * - inconclusive: a setup step did not do what the check needed, or the check judged nothing;
 * - skipped: the byte budget (COS_MAX_BYTES) ran out before the check could judge;
 * - not-applicable: the rule does not apply under the run's profile;
 * - recorded: an INFO check recorded what the target did, and judged nothing;
 * - not-run: left out by --grep (its spec file ran).
 */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'inconclusive' | 'skipped' | 'not-applicable' | 'recorded' | 'not-run';

/** What a check established about one requirement it judges. */
export interface Judgement {
  /** Assertions about this requirement that held. */
  readonly held: number;
  readonly failures: readonly Evidence[];
}

export interface CheckOutcome {
  readonly title: string;
  /** The spec file's name (`detail-analysis` for specs/detail-analysis.spec.ts). */
  readonly file: string;
  /** Position within its spec file, so reports keep one order whatever ran first. */
  readonly index: number;
  /** The requirement its title names. */
  readonly requirementId: string;
  /** Every requirement it may judge: its own first, then those a model-based check also covers. */
  readonly judges: readonly string[];
  readonly status: CheckStatus;
  readonly judgements: Readonly<Record<string, Judgement>>;
  /**
   * What the check says about each requirement it judges. Its own requirement takes how the check ended (a check
   * that judged nothing is inconclusive, never a pass); a requirement it covers besides takes only what was judged
   * of it: 'none' when the check never reached it, since another check judges that requirement.
   */
  readonly contributions: Readonly<Record<string, CheckStatus | 'none'>>;
  /** One line: why it is inconclusive, skipped, not applicable, an error or not run. */
  readonly reason?: string;
  /** inconclusive: each setup step that did not do what a case needed. */
  readonly preconditions?: readonly Evidence[];
  /** Each case that ended in an error (no answer from the target, or the suite broke), the others having gone on. */
  readonly errors?: readonly Evidence[];
  readonly errorKind?: 'target' | 'suite';
  /** What a reader should know even when it passed: a property the budget cut short, sizes covered. */
  readonly notes?: readonly string[];
  /** Integrity checks: the body sizes judged, ascending (a rule broken only above some size shows where it was looked). */
  readonly sizesCovered?: readonly number[];
  /** INFO checks: what the target did. */
  readonly observations?: Readonly<Record<string, string>>;
  readonly durationMs: number;
  /** Requests and body bytes it sent: for the cost table a real-COS user reads before a run. */
  readonly usage: { readonly requests: number; readonly bytesSent: number };
  /** The target stopped answering while the check ran, or before it could start: it is to run again after a restart. */
  readonly targetStopped?: boolean;
  /** What the check declares it may send (MiB); its share of COS_MAX_BYTES is in proportion (src/harness/spec-costs.ts). */
  readonly costMiB?: number;
}
