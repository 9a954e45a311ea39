import type { CheckOutcome } from '../outcomes/check-outcome.js';
import { errorText, evidenceText, preconditionText } from './evidence-text.js';
import type { RunReport } from './run-report.js';
import type { RequirementOutcome, VerdictKind } from './verdict.js';

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

const VERDICT_TYPE: Record<Exclude<VerdictKind, 'conformant' | 'partial'>, string> = { 'not-conformant': 'NotConformant', 'no-verdict': 'NoVerdict', interrupted: 'Interrupted' };

/**
 * The run's verdict as one more test case, so that a CI test view is never green while the job fails: it passes
 * exactly when the run exits 0 (conformant, or a partial run with no failure among what ran); NOT conformant, no
 * verdict and interrupted fail it; a run that never judged anything (a configuration error, a target that could not
 * be reached or stopped answering) is an error. Its message is the verdict line.
 */
export function verdictViewOf(report: RunReport): CiView {
  const { verdict } = report;
  if (verdict.exitCode === 0 || verdict.kind === 'conformant' || verdict.kind === 'partial') return { kind: 'pass' };
  const type = VERDICT_TYPE[verdict.kind];
  const blocking = verdict.requirements.filter((o) => ['fail', 'error', 'inconclusive', 'skipped', 'unexpected-pass'].includes(o.status) && (o.level === 'MUST' || (verdict.strict && o.level === 'SHOULD')));
  const body = blocking.map((o) => `${o.id} [${o.level}] ${o.status}${o.reason ? `: ${o.reason}` : ''}`).join('\n') || undefined;
  const kind = verdict.exitCode === 2 || verdict.exitCode === 3 ? 'error' : 'failure';
  return { kind, type, message: verdict.summary, ...(body ? { body } : {}) };
}

/** The name CI views show for the verdict's test case, beside the checks' (which start with a requirement ID). */
export const VERDICT_CASE = { suite: 'cos-conformance verdict', name: 'verdict' } as const;
