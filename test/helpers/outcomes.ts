import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import type { CheckOutcome, CheckStatus } from '../../src/outcomes/check-outcome.js';
import type { Evidence } from '../../src/outcomes/evidence.js';

/** A synthetic check outcome: its own requirement, what it said of it, and failures charged anywhere. */
export function outcome(
  requirementId: string,
  status: CheckStatus,
  extra: Partial<CheckOutcome> & { failures?: Evidence[] } = {},
): CheckOutcome {
  const { failures = [], ...rest } = extra;
  const judges = rest.judges ?? [requirementId, ...new Set(failures.map((f) => f.requirementId).filter((id) => id !== requirementId))];
  const judgements = Object.fromEntries(
    judges.map((id) => [id, { held: status === 'pass' ? 1 : 0, failures: failures.filter((f) => f.requirementId === id) }]),
  );
  const contributions = Object.fromEntries(
    judges.map((id) => [
      id,
      judgements[id]!.failures.length ? 'fail' : id === requirementId ? (status === 'fail' ? 'pass' : status) : 'none',
    ]),
  ) as CheckOutcome['contributions'];
  return {
    title: `${requirementId} check`,
    file: 'synthetic',
    index: 0,
    requirementId,
    judges,
    status,
    judgements,
    contributions,
    durationMs: 1,
    usage: { requests: 1, bytesSent: 0 },
    ...rest,
  };
}

export function failure(requirementId: string, check = `${requirementId} check`): Evidence {
  return { requirementId, check, sent: 'Upload Part with partNumber=0', expected: '400 InvalidArgument', actual: '200' };
}

/** One passing check per requirement (INFO recorded). */
export function allPass(): CheckOutcome[] {
  return REQUIREMENTS.map((r) => outcome(r.id, r.level === 'INFO' ? 'recorded' : 'pass'));
}

export function replace(checks: CheckOutcome[], id: string, replacement: CheckOutcome): CheckOutcome[] {
  return checks.map((c) => (c.requirementId === id ? replacement : c));
}

/** The options a check's replay line is made from, for a recorder under test. */
export const replay = () => ({
  seed: 7,
  numRuns: 3,
  profile: 'cos' as const,
  signature: 'cos' as const,
  addressing: 'virtual' as const,
  maxBytes: 1,
  deviations: [],
});
