import type { Exchange } from '../http/exchange.js';

/**
 * What a check shows for one failing case, or for a setup step that did not do what the check needed: the rule,
 * what was sent, Expected and Actual side by side, and the exchange that showed it. The one shape of evidence:
 * produced by the harness, carried through the verdict, rendered once per report format.
 */
export interface Evidence {
  /** The requirement the case judges (for a setup step: the requirement of the check that needed it). */
  readonly requirementId: string;
  /** The check's title. */
  readonly check: string;
  /** The case within the check, when the check has several (a subtest, as in WPT). */
  readonly case?: string;
  readonly sent: string;
  readonly expected: string;
  readonly actual: string;
  /** Redacted before it was recorded: it never holds a secret. */
  readonly exchange?: Exchange;
  /** The command that replays exactly this case. */
  readonly replay?: string;
  /**
   * A case that ended in an error rather than a judgement: the target gave no answer ('target'), or the suite itself
   * broke ('suite', with where: an error of cos-conformance, never a failure of the target).
   */
  readonly errorKind?: 'target' | 'suite';
  readonly stack?: string;
}
