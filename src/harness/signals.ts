import type { ApiResult } from '../api/multipart.js';
import type { Exchange } from '../http/exchange.js';

/**
 * How a case of a check ends early. Both carry the parts of Evidence a case knows; the check adds its title and
 * the case's name. They never leave the check: the harness turns them into the check's outcome.
 */
export interface CaseEvidence {
  readonly requirementId: string;
  readonly sent: string;
  readonly expected: string;
  readonly actual: string;
  readonly exchange?: Exchange;
  readonly replay?: string;
  readonly case?: string;
}

/** The target broke the rule a case judges. */
export class ConformanceFailure extends Error {
  constructor(readonly evidence: CaseEvidence) {
    super(`${evidence.requirementId}: expected ${evidence.expected}, got ${evidence.actual} (${evidence.sent})`);
    this.name = 'ConformanceFailure';
  }
}

/** Several judgements of one case failed, each kept with its own evidence (soft judgements, soft.ts). */
export class ConformanceFailures extends Error {
  constructor(
    readonly failures: readonly ConformanceFailure[],
    /** What ended the case after them, if anything did (a setup step, no answer): settled after them. */
    readonly then?: unknown,
  ) {
    super(failures.map((f) => f.message).join('\n'));
    this.name = 'ConformanceFailures';
  }
}

/** A setup step did not do what the case needed: the case judged nothing (WPT's PRECONDITION_FAILED). */
export class PreconditionFailed extends Error {
  constructor(readonly evidence: CaseEvidence) {
    super(`setup step ${evidence.sent}: expected ${evidence.expected}, got ${evidence.actual}`);
    this.name = 'PreconditionFailed';
  }
}

/** `404 NoSuchUpload`, `200`, `200 with an <Error> body: InternalError`: the status and code of an answer. */
export function describeAnswer(result: ApiResult<unknown>): string {
  if (result.error) {
    const code = result.error.code ?? '(no XML error code)';
    return result.error.inSuccessStatus ? `${result.status} with an <Error> body: ${code}` : `${result.status} ${code}`;
  }
  return `${result.status}`;
}
