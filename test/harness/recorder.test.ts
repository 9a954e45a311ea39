import { describe, expect, test } from 'vitest';
import { type CheckIdentity, CheckRecorder } from '../../src/harness/recorder.js';
import { ConformanceFailure, PreconditionFailed } from '../../src/harness/signals.js';
import { BudgetExceededError, TargetError, TargetStoppedError } from '../../src/http/errors.js';
import { replay } from '../helpers/outcomes.js';

// How a check's outcome is decided, once: what it judged, what ended it, and what each requirement it covers gets.
const identity = (judges = ['UP-04'], level: CheckIdentity['level'] = 'MUST'): CheckIdentity => ({
  title: `${judges[0]} check`,
  file: 'f',
  index: 0,
  requirementId: judges[0]!,
  level,
  judges,
  costMiB: 0.5,
});
const usage = { requests: 0, bytesSent: 0 };
const evidence = (requirementId: string) => ({ requirementId, sent: 's', expected: 'e', actual: 'a' });

describe('the outcome of one check', () => {
  test('a check that judged something and broke nothing passes; one that judged nothing is inconclusive', () => {
    const judged = new CheckRecorder(identity(), replay);
    judged.held('UP-04');
    expect(judged.finish(undefined, usage, 1).status).toBe('pass');
    const idle = new CheckRecorder(identity(), replay);
    idle.unjudgedCase('header absent');
    idle.unjudgedCase('header absent');
    expect(idle.finish(undefined, usage, 1)).toMatchObject({ status: 'inconclusive', reason: 'judged nothing: header absent (2 times)' });
  });

  test('every failing case is kept, each with its case name and a replay line', () => {
    const r = new CheckRecorder(identity(), replay);
    r.settleCase(new ConformanceFailure(evidence('UP-04')), 'first');
    r.settleCase(new ConformanceFailure(evidence('UP-04')), 'second');
    const outcome = r.finish(undefined, usage, 1);
    expect(outcome.status).toBe('fail');
    expect(outcome.judgements['UP-04']!.failures.map((f) => f.case)).toEqual(['first', 'second']);
    expect(outcome.judgements['UP-04']!.failures[0]!.replay).toMatch(/^npx cos-conformance run --only UP-04 --seed 7 --num-runs 3/);
  });

  test('a refused setup step makes the check inconclusive, naming the step', () => {
    const r = new CheckRecorder(identity(['UP-17']), replay);
    r.held('UP-17');
    const outcome = r.finish(
      new PreconditionFailed({
        requirementId: 'UP-17',
        sent: 'Initiate k with SSE',
        expected: '200 with an UploadId',
        actual: '501 NotImplemented',
      }),
      usage,
      1,
    );
    expect(outcome).toMatchObject({
      status: 'inconclusive',
      reason: 'setup step Initiate k with SSE answered 501 NotImplemented, not 200 with an UploadId',
    });
    expect(outcome.contributions).toEqual({ 'UP-17': 'inconclusive' });
  });

  test('a failure of a requirement the check also covers is charged to that one alone', () => {
    const r = new CheckRecorder(identity(['UP-04', 'UP-29', 'UP-13']), replay);
    r.held('UP-13');
    r.settleCase(new ConformanceFailure(evidence('UP-29')));
    const outcome = r.finish(undefined, usage, 1);
    expect(outcome.status).toBe('fail');
    // The check never reached its own rule: it says nothing of it (the other checks of UP-04 judge it).
    expect(outcome.contributions).toEqual({ 'UP-04': 'none', 'UP-29': 'fail', 'UP-13': 'pass' });
  });

  test('a check covering several rules that judged none of them is inconclusive', () => {
    const outcome = new CheckRecorder(identity(['UP-04', 'UP-29']), replay).finish(undefined, usage, 1);
    expect(outcome).toMatchObject({ status: 'inconclusive', contributions: { 'UP-04': 'inconclusive', 'UP-29': 'none' } });
  });

  test('a requirement the check does not declare cannot be charged', () => {
    const r = new CheckRecorder(identity(), replay);
    expect(() => r.held('UP-05')).toThrow(/does not declare/);
    expect(() => r.settleCase(new ConformanceFailure(evidence('UP-05')))).toThrow(/does not declare/);
  });

  test('a target that stopped answering is an error; an exhausted budget skips; a suite fault is an error of the suite', () => {
    expect(new CheckRecorder(identity(), replay).finish(new TargetError('timeout', 'no answer'), usage, 1)).toMatchObject({
      status: 'error',
      errorKind: 'target',
    });
    expect(new CheckRecorder(identity(), replay).finish(new BudgetExceededError(10, 1), usage, 1)).toMatchObject({ status: 'skipped' });
    expect(new CheckRecorder(identity(), replay).finish(new TypeError('x is undefined'), usage, 1)).toMatchObject({
      status: 'error',
      errorKind: 'suite',
    });
  });

  test('a failure found before the target stopped answering is still a failure', () => {
    const r = new CheckRecorder(identity(), replay);
    r.settleCase(new ConformanceFailure(evidence('UP-04')), 'a');
    expect(r.finish(new TargetError('connection-lost', 'gone'), usage, 1)).toMatchObject({ status: 'fail', errorKind: 'target' });
  });

  test('a case whose request got no answer is an error with that request as evidence, and the next case still runs', () => {
    const exchange = {
      id: 7,
      startedAt: 't',
      durationMs: 10_000,
      request: { method: 'PUT', url: 'http://h/k?partNumber=1&uploadId=u', headers: {}, bodyBytes: 8 },
      error: 'no answer within 10000 ms',
    };
    const r = new CheckRecorder(identity(), replay, (id) => (id === 7 ? exchange : undefined));
    r.settleCase(new TargetError('timeout', 'PUT /k: no answer within the request timeout', 7), 'a hanging case');
    r.held('UP-04');
    const outcome = r.finish(undefined, usage, 1);
    expect(outcome).toMatchObject({ status: 'error', errorKind: 'target', reason: 'PUT /k: no answer within the request timeout' });
    expect(outcome.errors).toEqual([
      expect.objectContaining({ case: 'a hanging case', errorKind: 'target', sent: 'PUT http://h/k?partNumber=1&uploadId=u', exchange }),
    ]);
    // A failure in another case of the same check is still reported as what it is.
    const both = new CheckRecorder(identity(), replay);
    both.settleCase(new TargetError('timeout', 'no answer'), 'hung');
    both.settleCase(new ConformanceFailure(evidence('UP-04')), 'failed');
    expect(both.finish(undefined, usage, 1)).toMatchObject({
      status: 'fail',
      errorKind: 'target',
      notes: ['1 case(s) got no answer from the target'],
    });
  });

  test('an exception of the suite in a case is an error of the suite, with its stack; it never fails the target, and the next case runs', () => {
    const r = new CheckRecorder(identity(), replay);
    r.settleCase(new TypeError("Cannot read properties of undefined (reading 'parts')"), 'a case that broke');
    r.held('UP-04');
    const outcome = r.finish(undefined, usage, 1);
    expect(outcome).toMatchObject({ status: 'error', errorKind: 'suite', contributions: { 'UP-04': 'error' } });
    expect(outcome.reason).toMatch(/^the suite itself failed: TypeError: Cannot read properties of undefined \(reading 'parts'\) \(at /);
    expect(outcome.errors![0]!.stack).toMatch(/TypeError[\s\S]*\n\s+at /);
    expect(outcome.judgements['UP-04']!.failures).toEqual([]);
  });

  test('the target stopping ends the check: what it did not judge is not run, never a deviation', () => {
    const r = new CheckRecorder(identity(), replay);
    r.held('UP-04');
    expect(() => r.settleCase(new TargetStoppedError('the target stopped answering'), 'c')).toThrow(TargetStoppedError);
    expect(r.finish(new TargetStoppedError('the target stopped answering'), usage, 1)).toMatchObject({
      status: 'not-run',
      reason: 'the target stopped answering',
    });
  });

  test('INFO checks record; they never pass', () => {
    const r = new CheckRecorder(identity(['UP-28'], 'INFO'), replay);
    r.record('zero-length part', '200');
    expect(r.finish(undefined, usage, 1)).toMatchObject({ status: 'recorded', observations: { 'zero-length part': '200' } });
  });
});
