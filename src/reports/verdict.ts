import { REQUIREMENTS, type Level, type Requirement } from '../catalogue/requirements.js';
import type { CheckResult } from './collector.js';
import type { Expectations } from './expectations.js';

export type Status = 'pass' | 'fail' | 'error' | 'skipped' | 'expected-fail' | 'unexpected-pass' | 'not-run';

export interface RequirementOutcome {
  readonly id: string;
  readonly level: Level;
  readonly sentence: string;
  readonly source: Requirement['source'];
  readonly status: Status;
  readonly checks: ReadonlyArray<{ title: string; state: string; note?: string }>;
  /** The first failure charged to this requirement. */
  readonly evidence?: { sent: string; expected: string; actual: string; exchange?: string; replay?: string; check: string };
  readonly error?: string;
  readonly errorKind?: 'target' | 'suite';
  readonly observations?: Readonly<Record<string, string>>;
  readonly expectation?: { reason: string; link?: string };
  /** Requests and body bytes its checks sent. */
  readonly usage?: { requests: number; bytesSent: number };
}

export interface Verdict {
  readonly conformant: boolean;
  readonly strict: boolean;
  /** One line for a README badge or a CI summary. */
  readonly summary: string;
  readonly counts: Record<Level, Partial<Record<Status, number>>>;
  readonly requirements: readonly RequirementOutcome[];
  readonly exitCode: 0 | 1 | 3;
}

/**
 * The status of each requirement from its checks. A failure is charged to the requirement named in its
 * evidence (a model-based check can break several rules); errors are never passes; INFO never fails.
 */
export function judge(results: readonly CheckResult[], expectations: Expectations | undefined, strict: boolean, targetName: string): Verdict {
  const listed = new Map((expectations?.expectedFailures ?? []).map((e) => [e.id, e]));
  const outcomes = REQUIREMENTS.map((rule): RequirementOutcome => {
    const own = results.filter((r) => r.requirementId === rule.id);
    const failures = results.filter((r) => r.state === 'failed' && !r.error && (r.meta?.evidence?.requirementId ?? r.requirementId) === rule.id);
    const errors = own.filter((r) => r.error);
    const observations = Object.assign({}, ...own.map((r) => r.meta?.observations ?? {})) as Record<string, string>;
    let status: Status;
    if (own.length === 0 && failures.length === 0) status = 'not-run';
    else if (errors.length > 0) status = 'error';
    else if (failures.length > 0) status = rule.level === 'INFO' ? 'pass' : 'fail';
    else if (own.every((r) => r.state === 'skipped')) status = 'skipped';
    else status = 'pass';
    const expectation = listed.get(rule.id);
    // A listed failure is expected; a listed error only when the entry says the target errors there (a known crash).
    if (expectation && (status === 'fail' || (status === 'error' && expectation.status === 'error'))) status = 'expected-fail';
    else if (expectation && status === 'pass') status = 'unexpected-pass';
    const firstFailure = failures[0];
    const evidence = firstFailure?.meta?.evidence;
    return {
      id: rule.id,
      level: rule.level,
      sentence: rule.sentence,
      source: rule.source,
      status,
      checks: own.map((r) => ({ title: r.title, state: r.error ? 'error' : r.state, ...(r.note ? { note: r.note } : {}) })),
      ...(evidence
        ? { evidence: { sent: evidence.sent, expected: evidence.expected, actual: evidence.actual, check: firstFailure.title, ...(evidence.exchange ? { exchange: evidence.exchange } : {}), ...(evidence.replay ? { replay: evidence.replay } : {}) } }
        : firstFailure?.message
          ? { evidence: { sent: firstFailure.title, expected: '(see message)', actual: firstFailure.message, check: firstFailure.title } }
          : {}),
      ...(errors[0]?.message ? { error: errors[0].message } : {}),
      ...(errors[0]?.errorKind ? { errorKind: errors[0].errorKind } : {}),
      ...(Object.keys(observations).length > 0 ? { observations } : {}),
      ...(expectation ? { expectation: { reason: expectation.reason, ...(expectation.link ? { link: expectation.link } : {}) } } : {}),
      ...(own.some((r) => r.meta?.usage)
        ? {
            usage: own.reduce(
              (sum, r) => ({ requests: sum.requests + (r.meta?.usage?.requests ?? 0), bytesSent: sum.bytesSent + (r.meta?.usage?.bytesSent ?? 0) }),
              { requests: 0, bytesSent: 0 },
            ),
          }
        : {}),
    };
  });

  const counts = { MUST: {}, SHOULD: {}, INFO: {} } as Record<Level, Partial<Record<Status, number>>>;
  for (const o of outcomes) counts[o.level][o.status] = (counts[o.level][o.status] ?? 0) + 1;
  const bad = (o: RequirementOutcome) => o.status === 'fail' || o.status === 'error';
  const mustBad = outcomes.filter((o) => o.level === 'MUST' && bad(o));
  const shouldBad = outcomes.filter((o) => o.level === 'SHOULD' && bad(o));
  const stale = outcomes.filter((o) => o.status === 'unexpected-pass');
  const listedCount = outcomes.filter((o) => o.status === 'expected-fail').length;
  const passed = outcomes.filter((o) => o.level !== 'INFO' && (o.status === 'pass' || o.status === 'unexpected-pass')).length;
  const skipped = outcomes.filter((o) => o.level !== 'INFO' && o.status === 'skipped').length;
  const judged = outcomes.filter((o) => o.level !== 'INFO' && o.status !== 'not-run' && o.status !== 'skipped').length;
  // A run that judged nothing (everything filtered out or skipped) proves nothing, so it claims nothing.
  const nothingChecked = judged === 0;
  const conformant = !nothingChecked && mustBad.length === 0 && (!strict || (shouldBad.length === 0 && stale.length === 0));
  const summary = nothingChecked
    ? `${targetName}: no MUST or SHOULD requirement was checked${skipped ? ` (${skipped} skipped)` : ''}: no verdict`
    : conformant
    ? `${targetName}: conformant to COS Upload Part (${passed}/${judged} requirements pass${skipped ? `, ${skipped} skipped` : ''}${listedCount ? `, ${listedCount} listed deviations` : ''}${shouldBad.length ? `, ${shouldBad.length} SHOULD not met` : ''})`
    : `${targetName}: NOT conformant to COS Upload Part (${mustBad.map((o) => o.id).concat(strict ? shouldBad.map((o) => o.id) : []).join(', ') || stale.map((o) => `${o.id} unexpectedly passes`).join(', ')})`;
  const onlyTargetErrors = !conformant && outcomes.filter((o) => o.status === 'fail').length === 0 && outcomes.some((o) => o.status === 'error' && o.errorKind === 'target');
  return { conformant, strict, summary, counts, requirements: outcomes, exitCode: conformant ? 0 : onlyTargetErrors ? 3 : 1 };
}
