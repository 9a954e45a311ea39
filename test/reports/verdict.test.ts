import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/reports/collector.js';
import { judge } from '../../src/reports/verdict.js';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';

// Every verdict rule of docs/interpreting.md, on synthetic results: one passing check per requirement, then one
// change at a time.
function allPass(): CheckResult[] {
  return REQUIREMENTS.map((r) => ({ title: `${r.id} check`, file: 'x', requirementId: r.id, state: 'passed', error: false }));
}

function withResult(results: CheckResult[], id: string, change: Partial<CheckResult>): CheckResult[] {
  return results.map((r) => (r.requirementId === id ? { ...r, ...change } : r));
}

const failed = (id: string): Partial<CheckResult> => ({
  state: 'failed',
  meta: { requirementId: id, level: 'MUST', evidence: { requirementId: id, sent: 's', expected: 'e', actual: 'a' } },
});

describe('the verdict', () => {
  test('every requirement passing: conformant, exit 0', () => {
    const v = judge(allPass(), undefined, false, 't');
    expect([v.conformant, v.exitCode]).toEqual([true, 0]);
    expect(v.summary).toMatch(/^t: conformant/);
  });

  test('an unlisted MUST failure: not conformant, exit 1', () => {
    const v = judge(withResult(allPass(), 'UP-06', failed('UP-06')), undefined, false, 't');
    expect([v.conformant, v.exitCode]).toEqual([false, 1]);
    expect(v.requirements.find((r) => r.id === 'UP-06')?.status).toBe('fail');
    expect(v.summary).toContain('UP-06');
  });

  test('a listed MUST failure: expected-fail, conformant, exit 0', () => {
    const v = judge(withResult(allPass(), 'UP-06', failed('UP-06')), { target: 'x', expectedFailures: [{ id: 'UP-06', reason: 'r' }] }, false, 't');
    expect([v.conformant, v.exitCode]).toEqual([true, 0]);
    expect(v.requirements.find((r) => r.id === 'UP-06')).toMatchObject({ status: 'expected-fail', expectation: { reason: 'r' } });
  });

  test('a listed requirement that passes is an unexpected pass: reported, fatal only with --strict', () => {
    const expectations = { target: 'x', expectedFailures: [{ id: 'UP-06', reason: 'r' }] };
    const lax = judge(allPass(), expectations, false, 't');
    expect(lax.requirements.find((r) => r.id === 'UP-06')?.status).toBe('unexpected-pass');
    expect(lax.exitCode).toBe(0);
    expect(judge(allPass(), expectations, true, 't').exitCode).toBe(1);
  });

  test('a SHOULD failure is reported, and fatal only with --strict', () => {
    const results = withResult(allPass(), 'UP-13', failed('UP-13'));
    expect(judge(results, undefined, false, 't')).toMatchObject({ conformant: true, exitCode: 0 });
    expect(judge(results, undefined, true, 't')).toMatchObject({ conformant: false, exitCode: 1 });
  });

  test('INFO never fails', () => {
    const v = judge(withResult(allPass(), 'UP-28', failed('UP-28')), undefined, true, 't');
    expect(v.requirements.find((r) => r.id === 'UP-28')?.status).toBe('pass');
    expect(v.exitCode).toBe(0);
  });

  test('a target error is never a pass: not conformant, exit 3 when nothing failed', () => {
    const v = judge(withResult(allPass(), 'UP-05', { state: 'failed', error: true, errorKind: 'target', message: 'timeout' }), undefined, false, 't');
    expect(v.requirements.find((r) => r.id === 'UP-05')?.status).toBe('error');
    expect([v.conformant, v.exitCode]).toEqual([false, 3]);
  });

  test('a failure is charged to the requirement its evidence names', () => {
    const results = withResult(allPass(), 'UP-04', { state: 'failed', meta: { requirementId: 'UP-04', level: 'MUST', evidence: { requirementId: 'UP-29', sent: 's', expected: 'e', actual: 'a' } } });
    const v = judge(results, undefined, false, 't');
    expect(v.requirements.find((r) => r.id === 'UP-29')?.status).toBe('fail');
    expect(v.requirements.find((r) => r.id === 'UP-29')?.evidence?.check).toBe('UP-04 check');
  });

  test('a run that judged nothing claims nothing: not conformant, exit 1', () => {
    const v = judge([], undefined, false, 't');
    expect([v.conformant, v.exitCode]).toEqual([false, 1]);
    expect(v.summary).toMatch(/no MUST or SHOULD requirement was checked/);
  });

  test('all checks of a requirement skipped: skipped, not a pass', () => {
    const v = judge(withResult(allPass(), 'UP-18', { state: 'skipped', note: 'does not apply' }), undefined, false, 't');
    expect(v.requirements.find((r) => r.id === 'UP-18')?.status).toBe('skipped');
  });
});
