import { describe, expect, test } from 'vitest';
import { CheckRecorder } from '../../src/harness/recorder.js';
import { ConformanceFailure, ConformanceFailures, PreconditionFailed } from '../../src/harness/signals.js';
import { softly, withSoftJudgements } from '../../src/harness/soft.js';
import { replay } from '../helpers/outcomes.js';

const fail = (what: string) => () => {
  throw new ConformanceFailure({ requirementId: 'UP-04', sent: what, expected: 'e', actual: 'a' });
};
const identity = {
  title: 'UP-04 check',
  file: 'f',
  index: 0,
  requirementId: 'UP-04',
  level: 'MUST' as const,
  judges: ['UP-04'],
  costMiB: 0.5,
};

// Judgements that do not depend on each other all run: the case ends with every failure, each with its evidence.
describe('soft judgements', () => {
  test('two failing soft judgements and a passing one: the case ends with both failures, after running all three', async () => {
    const ran: string[] = [];
    const ending = await withSoftJudgements(async () => {
      softly(() => {
        ran.push('a');
        fail('a')();
      });
      softly(() => void ran.push('b'));
      softly(() => {
        ran.push('c');
        fail('c')();
      });
    }).catch((e: unknown) => e);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(ending).toBeInstanceOf(ConformanceFailures);
    expect((ending as ConformanceFailures).failures.map((f) => f.evidence.sent)).toEqual(['a', 'c']);
  });

  test('a hard failure or a refused setup step after a soft failure: both reach the recorder', async () => {
    const hard = await withSoftJudgements(async () => {
      softly(fail('soft'));
      fail('hard')();
    }).catch((e: unknown) => e);
    expect((hard as ConformanceFailures).failures.map((f) => f.evidence.sent)).toEqual(['soft', 'hard']);
    const setup = await withSoftJudgements(async () => {
      softly(fail('soft'));
      throw new PreconditionFailed({ requirementId: 'UP-04', sent: 'List Parts', expected: '200 ListPartsResult', actual: '200 <Other/>' });
    }).catch((e: unknown) => e);
    const recorder = new CheckRecorder(identity, replay);
    recorder.settleCase(setup, 'case');
    const outcome = recorder.finish(undefined, { requests: 0, bytesSent: 0 }, 1);
    expect(outcome.judgements['UP-04']!.failures.map((f) => f.sent)).toEqual(['soft']);
    expect(outcome.preconditions!.map((p) => p.sent)).toEqual(['List Parts']);
  });

  test('nothing failing: the case ends normally with its result; outside a case a soft judgement is a hard one', async () => {
    await expect(
      withSoftJudgements(async () => {
        softly(() => undefined);
        return 42;
      }),
    ).resolves.toBe(42);
    expect(() => softly(fail('outside'))).toThrow(ConformanceFailure);
  });
});
