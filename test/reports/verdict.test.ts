import { describe, expect, test } from 'vitest';
import { judgeRun, type RunFacts } from '../../src/reports/verdict.js';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { allPass, failure, outcome, replace } from '../helpers/outcomes.js';

const JUDGED = REQUIREMENTS.filter((r) => r.level !== 'INFO').length;
const TOTAL = REQUIREMENTS.length;

// Every rule of docs/interpreting.md, on synthetic check outcomes: one passing check per requirement, then one
// change at a time.
const facts = (checks: RunFacts['checks'], more: Partial<RunFacts> = {}): RunFacts => ({ checks, strict: false, targetName: 't', ...more });
const statusOf = (v: ReturnType<typeof judgeRun>, id: string) => v.requirements.find((r) => r.id === id)?.status;

describe('the verdict', () => {
  test('every requirement passing: conformant, exit 0', () => {
    const v = judgeRun(facts(allPass()));
    expect([v.kind, v.conformant, v.exitCode]).toEqual(['conformant', true, 0]);
    expect(v.summary).toBe(`t: conformant to COS Upload Part (${JUDGED}/${JUDGED} MUST and SHOULD requirements pass)`);
    expect(statusOf(v, 'UP-28')).toBe('recorded');
  });

  test('an exception of the suite is said as such: no verdict on its requirement, and never the target failing', () => {
    const v = judgeRun(facts(replace(allPass(), 'UP-06', outcome('UP-06', 'error', { errorKind: 'suite', reason: 'the suite itself failed: TypeError: x' }))));
    expect([v.kind, v.exitCode, statusOf(v, 'UP-06')]).toEqual(['no-verdict', 1, 'error']);
    expect(v.summary).toContain('the suite itself failed in the checks of UP-06: an error of cos-conformance, not of the target');
    // Beside a real failure elsewhere: not conformant, and the suite's own error still named.
    const both = judgeRun(facts(replace(replace(allPass(), 'UP-06', outcome('UP-06', 'error', { errorKind: 'suite' })), 'UP-07', outcome('UP-07', 'fail', { failures: [failure('UP-07')] }))));
    expect(both.summary).toMatch(/NOT conformant .*UP-07 fails; the suite itself failed in the checks of UP-06/);
  });

  test('an unlisted MUST failure: not conformant, exit 1', () => {
    const v = judgeRun(facts(replace(allPass(), 'UP-06', outcome('UP-06', 'fail', { failures: [failure('UP-06')] }))));
    expect([v.kind, v.exitCode]).toEqual(['not-conformant', 1]);
    expect(statusOf(v, 'UP-06')).toBe('fail');
    expect(v.summary).toContain('UP-06 fails');
  });

  test('a listed failure is expected-fail (conformant); a listed pass is an unexpected pass, fatal only with --strict', () => {
    const expectations = { target: 'x', expectedFailures: [{ id: 'UP-06', reason: 'r' }] };
    const listed = judgeRun(facts(replace(allPass(), 'UP-06', outcome('UP-06', 'fail', { failures: [failure('UP-06')] })), { expectations }));
    expect([listed.kind, listed.exitCode, statusOf(listed, 'UP-06')]).toEqual(['conformant', 0, 'expected-fail']);
    expect(judgeRun(facts(allPass(), { expectations })).exitCode).toBe(0);
    const strict = judgeRun(facts(allPass(), { expectations, strict: true }));
    expect([statusOf(strict, 'UP-06'), strict.exitCode]).toEqual(['unexpected-pass', 1]);
  });

  test('a SHOULD failure is reported, and fatal only with --strict', () => {
    const checks = replace(allPass(), 'UP-14', outcome('UP-14', 'fail', { failures: [failure('UP-14')] }));
    expect(judgeRun(facts(checks))).toMatchObject({ kind: 'conformant', exitCode: 0 });
    expect(judgeRun(facts(checks)).summary).toContain('SHOULD not met: UP-14 fail');
    expect(judgeRun(facts(checks, { strict: true }))).toMatchObject({ kind: 'not-conformant', exitCode: 1 });
  });

  test('INFO never fails and never passes', () => {
    const v = judgeRun(facts(replace(allPass(), 'UP-28', outcome('UP-28', 'fail', { failures: [failure('UP-28')] })), { strict: true }));
    expect(statusOf(v, 'UP-28')).toBe('recorded');
    expect(v.exitCode).toBe(0);
  });

  test('a failure counts only against the requirement it is charged to', () => {
    const model = outcome('UP-04', 'fail', { failures: [failure('UP-29', 'UP-04 check')], judges: ['UP-04', 'UP-29'], contributions: { 'UP-04': 'inconclusive', 'UP-29': 'fail' } });
    const v = judgeRun(facts(replace(allPass(), 'UP-04', model)));
    expect(statusOf(v, 'UP-29')).toBe('fail');
    expect(statusOf(v, 'UP-04')).toBe('inconclusive');
  });

  test('an inconclusive check (a setup step refused) is never a pass, and blocks the verdict: exit 1, even when listed elsewhere', () => {
    const checks = replace(allPass(), 'UP-17', outcome('UP-17', 'inconclusive', { reason: 'setup step Initiate with SSE answered 400 InvalidRequest' }));
    const v = judgeRun(facts(checks, { expectations: { target: 'x', expectedFailures: [{ id: 'UP-05', reason: 'r' }] } }));
    expect(statusOf(v, 'UP-17')).toBe('inconclusive');
    expect(statusOf(v, 'UP-30')).toBe('pass');
    expect([v.kind, v.exitCode]).toEqual(['no-verdict', 1]);
    expect(v.summary).toContain('UP-17 inconclusive');
  });

  test('an entry may list an inconclusive requirement: a feature the target does not offer', () => {
    const checks = replace(allPass(), 'UP-17', outcome('UP-17', 'inconclusive', { reason: 'SSE refused' }));
    const v = judgeRun(facts(checks, { expectations: { target: 'x', expectedFailures: [{ id: 'UP-17', reason: 'no SSE', status: 'inconclusive' }] } }));
    expect([statusOf(v, 'UP-17'), v.kind, v.exitCode]).toEqual(['expected-fail', 'conformant', 0]);
  });

  test('a check that judged nothing is not a pass; a requirement none of whose checks judged it is never pass', () => {
    const v = judgeRun(facts(replace(allPass(), 'UP-20', outcome('UP-20', 'inconclusive', { reason: 'judged nothing: header absent' }))));
    expect(statusOf(v, 'UP-20')).toBe('inconclusive');
  });

  test('target errors alone: no verdict, exit 3; any inconclusive besides: exit 1', () => {
    const errored = replace(allPass(), 'UP-05', outcome('UP-05', 'error', { errorKind: 'target', reason: 'timeout' }));
    expect(judgeRun(facts(errored))).toMatchObject({ kind: 'no-verdict', exitCode: 3 });
    expect(judgeRun(facts(replace(errored, 'UP-01', outcome('UP-01', 'inconclusive'))))).toMatchObject({ exitCode: 1 });
  });

  test('a requirement skipped for the budget is not a pass, even when another of its checks passed', () => {
    const checks = [...allPass(), outcome('UP-04', 'skipped', { title: 'UP-04 second check', reason: 'COS_MAX_BYTES' })];
    const v = judgeRun(facts(checks));
    expect(statusOf(v, 'UP-04')).toBe('skipped');
    expect([v.kind, v.exitCode]).toEqual(['no-verdict', 1]);
    expect(v.summary).toContain('UP-04 skipped (byte budget)');
  });

  test('a rule that does not apply under the profile is not applicable, and does not block', () => {
    const v = judgeRun(facts(replace(allPass(), 'UP-18', outcome('UP-18', 'not-applicable'))));
    expect([statusOf(v, 'UP-18'), v.kind]).toEqual(['not-applicable', 'conformant']);
    expect(v.summary).toContain('1 not applicable');
  });

  test('a filtered run is partial: never an unqualified "conformant"', () => {
    const v = judgeRun(facts([outcome('UP-06', 'pass')], { filter: '--only UP-06', only: ['UP-06'] }));
    expect([v.kind, v.conformant, v.exitCode]).toEqual(['partial', false, 0]);
    expect(v.summary).toContain(`partial run, no verdict on COS Upload Part as a whole (1 of ${TOTAL} requirements, --only UP-06`);
    expect(v.summary).not.toMatch(/: conformant/);
    expect(v.scope).toMatchObject({ requirements: 1, of: TOTAL });
  });

  test('--only judges exactly the requirements it names, whatever else the checks touched', () => {
    const model = outcome('UP-04', 'pass', { judges: ['UP-04', 'UP-29'], contributions: { 'UP-04': 'pass', 'UP-29': 'pass' } });
    const v = judgeRun(facts([model], { filter: '--only UP-04', only: ['UP-04'] }));
    expect(statusOf(v, 'UP-29')).toBe('not-run');
  });

  test('an interrupted run gives no verdict, exit 130', () => {
    const v = judgeRun(facts(allPass().slice(0, 5), { interrupted: true }));
    expect([v.kind, v.conformant, v.exitCode]).toEqual(['interrupted', false, 130]);
    expect(v.summary).toContain(`interrupted after 5 of ${TOTAL} requirements ran: no verdict`);
  });

  test('an unfiltered run where a requirement never ran gives no verdict', () => {
    const v = judgeRun(facts(allPass().filter((c) => c.requirementId !== 'UP-09')));
    expect([v.kind, v.exitCode, statusOf(v, 'UP-09')]).toEqual(['no-verdict', 1, 'not-run']);
  });

  test('a spec file that could not run makes its requirements errors', () => {
    const v = judgeRun(facts(allPass().filter((c) => c.requirementId !== 'UP-27'), { fileErrors: [{ file: 'list-parts', message: 'SyntaxError' }] }));
    expect(statusOf(v, 'UP-27')).toBe('error');
    expect(v.requirements.find((r) => r.id === 'UP-27')?.reason).toContain('SyntaxError');
  });

  test('a run that judged nothing claims nothing', () => {
    const v = judgeRun(facts([], { filter: '--grep nothing' }));
    expect([v.kind, v.exitCode]).toEqual(['no-verdict', 1]);
  });
});
