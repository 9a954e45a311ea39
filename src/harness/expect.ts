import type { ApiResult } from '../api/multipart.js';
import type { Exchange } from '../http/exchange.js';
import { ConformanceFailure, describeAnswer } from './failure.js';

/**
 * Assertions of the conformance specs. Each names the requirement it checks and what was sent, so a failure
 * reads as h2spec's do: the rule, Expected, Actual, and the exchange that showed it.
 */
export interface Expected {
  readonly status: number;
  /** The error Code; absent for success answers. */
  readonly code?: string;
}

export function expectAnswer(requirementId: string, sent: string, result: ApiResult<unknown>, expected: Expected): void {
  const statusOk = result.status === expected.status;
  const codeOk = expected.code === undefined ? result.ok : result.error?.code === expected.code;
  if (statusOk && codeOk) return;
  throw new ConformanceFailure({
    requirementId,
    sent,
    expected: expected.code ? `${expected.status} ${expected.code}` : `${expected.status}`,
    actual: describeAnswer(result),
    exchange: result.response.exchange,
  });
}

/** A 2xx success (with no <Error> body). */
export function expectSuccess(requirementId: string, sent: string, result: ApiResult<unknown>, status = 200): void {
  expectAnswer(requirementId, sent, result, { status });
}

export function expectThat(
  requirementId: string,
  sent: string,
  condition: boolean,
  expected: string,
  actual: string,
  exchange?: Exchange,
): void {
  if (condition) return;
  throw new ConformanceFailure({ requirementId, sent, expected, actual, ...(exchange ? { exchange } : {}) });
}

export function expectEqual<T>(requirementId: string, sent: string, what: string, actual: T, expected: T, exchange?: Exchange): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  expectThat(requirementId, sent, a === e, `${what} = ${e}`, `${what} = ${a}`, exchange);
}

/** A header's presence and value: `expected` undefined means the header must be absent. */
export function expectHeader(
  requirementId: string,
  sent: string,
  result: ApiResult<unknown>,
  name: string,
  expected: string | RegExp | undefined,
): void {
  const actual = result.response.headers[name.toLowerCase()];
  const ok = expected === undefined ? actual === undefined : actual !== undefined && (typeof expected === 'string' ? actual === expected : expected.test(actual));
  const show = (v: string | RegExp | undefined) => (v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : `matching ${v}`);
  expectThat(requirementId, sent, ok, `${name}: ${show(expected)}`, `${name}: ${show(actual)}`, result.response.exchange);
}
