import type { ApiResult } from '../api/multipart.js';
import { requirement } from '../catalogue/requirements.js';
import { formatExchange, type Exchange } from '../http/exchange.js';

/** What a failing check shows: the rule, what was sent, Expected and Actual side by side, and the exchange. */
export interface Evidence {
  readonly requirementId: string;
  readonly sent: string;
  readonly expected: string;
  readonly actual: string;
  readonly exchange?: Exchange;
  /** Set by property checks: how to replay the minimal counterexample. */
  readonly replay?: string;
}

/** A target broke a rule. Never thrown for a target that could not be reached (that is a TargetError). */
export class ConformanceFailure extends Error {
  constructor(readonly evidence: Evidence) {
    super(formatEvidence(evidence));
    this.name = 'ConformanceFailure';
  }
}

export function formatEvidence(evidence: Evidence): string {
  const rule = requirement(evidence.requirementId);
  const lines = [
    `${rule.id} [${rule.level}] ${rule.sentence}`,
    `  Sent:     ${evidence.sent}`,
    `  Expected: ${evidence.expected}`,
    `  Actual:   ${evidence.actual}`,
  ];
  if (evidence.replay) lines.push(`  Replay:   ${evidence.replay}`);
  if (evidence.exchange) lines.push('  Exchange:', ...formatExchange(evidence.exchange).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** `404 NoSuchUpload`, `200`, `200 with <Error> InternalError`: the status and code of an answer, for Actual. */
export function describeAnswer(result: ApiResult<unknown>): string {
  if (result.error) {
    const code = result.error.code ?? '(no XML error code)';
    return result.error.inSuccessStatus ? `${result.status} with an <Error> body: ${code}` : `${result.status} ${code}`;
  }
  return `${result.status}`;
}
