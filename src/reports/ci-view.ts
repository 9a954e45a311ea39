import type { CheckOutcome } from '../outcomes/check-outcome.js';
import { errorText, evidenceText, preconditionText } from './evidence-text.js';
import type { RequirementOutcome } from './verdict.js';

/** A check as CI test views show it: JUnit (junit.xml) and CTRF (ctrf.json) both render this. */
export type CiView = { kind: 'pass' } | { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };

/**
 * How a CI test view should show a check: a broken rule is a failure, a target that stopped answering (or a suite
 * fault) an error, and everything that judged nothing is skipped with its reason: inconclusive, out of budget,
 * not applicable, recorded INFO, or a deviation the expectation file lists.
 */
export function ciViewOf(check: CheckOutcome, outcomes: ReadonlyMap<string, RequirementOutcome>): CiView {
  const own = outcomes.get(check.requirementId);
  const listed = (id: string) => outcomes.get(id)?.status === 'expected-fail';
  const reason = check.reason ? `: ${check.reason}` : '';
  switch (check.status) {
    case 'pass':
      if (own?.status === 'unexpected-pass' && own.expectation) return { kind: 'failure', type: 'UnexpectedPass', message: `${check.requirementId} is listed as failing (${own.expectation.reason}) but passes: the expectation entry is stale` };
      return { kind: 'pass' };
    case 'fail': {
      const failures = Object.values(check.judgements).flatMap((j) => j.failures);
      const failedIds = [...new Set(failures.map((f) => f.requirementId))];
      const body = failures.map((f) => evidenceText(f)).join('\n\n');
      if (failedIds.every(listed)) return { kind: 'skipped', message: `expected failure, listed in the expectation file: ${failedIds.map((id) => outcomes.get(id)?.expectation?.reason).join('; ')}`, body };
      const first = failures[0]!;
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more failing cases)` : '';
      return { kind: 'failure', type: 'ConformanceFailure', message: `${first.requirementId}: expected ${first.expected}, got ${first.actual}${more}`, body };
    }
    case 'error':
      if (listed(check.requirementId)) return { kind: 'skipped', message: `expected error, listed in the expectation file: ${own?.expectation?.reason}${reason}` };
      return {
        kind: 'error',
        type: check.errorKind === 'target' ? 'TargetError' : 'SuiteError',
        message: check.reason ?? 'error',
        ...(check.errors?.length ? { body: check.errors.map((x) => errorText(x)).join('\n\n') } : {}),
      };
    case 'inconclusive': {
      const body = (check.preconditions ?? []).map((p) => preconditionText(p)).join('\n\n') || undefined;
      if (listed(check.requirementId)) return { kind: 'skipped', message: `inconclusive, listed in the expectation file: ${own?.expectation?.reason}${reason}`, ...(body ? { body } : {}) };
      return { kind: 'skipped', message: `inconclusive${reason}`, ...(body ? { body } : {}) };
    }
    case 'recorded':
      return { kind: 'skipped', message: 'recorded (INFO: observed, not judged)', body: Object.entries(check.observations ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n') };
    case 'skipped':
    case 'not-applicable':
    case 'not-run':
      return { kind: 'skipped', message: `${check.status}${reason}` };
  }
}
