import { describe, expect, test } from 'vitest';
import { shardRequirements } from '../../src/catalogue/shards.js';
import type { CheckOutcome } from '../../src/outcomes/check-outcome.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../../src/reports/run-report.js';
import { mergeRuns, mergeShards, requirementsJudgedBy, ShardMergeError } from '../../src/reports/shard-merge.js';
import { judgeRun } from '../../src/reports/verdict.js';
import { allPass, failure, outcome, replace } from '../helpers/outcomes.js';
import { assertMatchesSchema } from '../helpers/schemas.js';

/** The checks a shard reports: its own as they ran, every other one not run (vitest left it out by name). */
function asShard(checks: readonly CheckOutcome[], index: number, count: number): CheckOutcome[] {
  const mine = new Set(shardRequirements({ index, count }));
  return checks.map((c) => (mine.has(c.requirementId) ? c : { ...c, status: 'not-run', contributions: { [c.requirementId]: 'not-run' }, judgements: {}, reason: 'left out by --only, --grep or --shard' }));
}

function report(target: string, checks: CheckOutcome[], shard?: { index: number; count: number }, seed = 1): RunReport {
  const filter = shard ? `--shard ${shard.index}/${shard.count}` : undefined;
  const shardChecks = shard ? asShard(checks, shard.index, shard.count) : checks;
  const built: RunReport = {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: '0.1.0' },
    target: { name: target, endpoint: `${target}:9000` },
    runId: `${target}-${shard?.index ?? 'whole'}`,
    seed,
    numRuns: 10,
    options: { profile: 'cos', signature: 'cos', addressing: 'virtual', maxBytes: 1, deviations: [], strict: false, ...(filter ? { filter } : {}) },
    ...(shard ? { shard: { ...shard, requirements: shardRequirements(shard) } } : {}),
    startedAt: new Date(shard?.index ?? 0).toISOString(),
    durationMs: 1000,
    bytesSent: 10,
    requests: 2,
    verdict: judgeRun({ checks: shardChecks, strict: false, targetName: target, ...(filter ? { filter, only: requirementsJudgedBy(shardChecks) } : {}) }),
    checks: shardChecks,
    leftovers: [],
  };
  assertMatchesSchema('report', JSON.parse(JSON.stringify(built)), built.runId);
  return built;
}

// A model-based check: titled UP-04, it also judges UP-05 and UP-32, which are dealt to other shards.
const modelBased = outcome('UP-04', 'fail', { title: 'UP-04 model', judges: ['UP-04', 'UP-05', 'UP-32'], failures: [failure('UP-32', 'UP-04 model')] });
const failing = replace(allPass(), 'UP-04', modelBased);

describe('merging shards', () => {
  test('the shards of each target become its run, with the verdict one unsharded run gets; targets stay apart', () => {
    const shards = [1, 2, 3].flatMap((index) => [report('a', allPass(), { index, count: 3 }), report('b', failing, { index, count: 3 })]);
    const runs = mergeRuns(shards);
    expect(runs.map((r) => r.target.name)).toEqual(['a', 'b']);
    for (const [run, checks] of [[runs[0]!, allPass()], [runs[1]!, failing]] as const) {
      const whole = judgeRun({ checks, strict: false, targetName: run.target.name! });
      expect(run.verdict).toEqual(whole);
      expect(run.shards!.map((s) => s.index)).toEqual([1, 2, 3]);
      expect(run.durationMs).toBe(3000);
      assertMatchesSchema('report', JSON.parse(JSON.stringify(run)), run.runId);
    }
    expect(runs[1]!.verdict.requirements.find((r) => r.id === 'UP-32')!.status).toBe('fail');
  });

  test("a shard's verdict covers what its checks reached: the model-based check's UP-32 failure shows in UP-04's shard", () => {
    const shardOfUp04 = [1, 2, 3].find((index) => shardRequirements({ index, count: 3 }).includes('UP-04'))!;
    const shard = report('b', failing, { index: shardOfUp04, count: 3 });
    expect(shard.verdict.requirements.find((r) => r.id === 'UP-32')!.status).toBe('fail');
    expect(shard.verdict.kind).toBe('not-conformant');
  });

  test('some shards missing: a partial run; unsharded reports pass through', () => {
    const partial = mergeShards([report('a', allPass(), { index: 1, count: 3 }), report('a', allPass(), { index: 3, count: 3 })]);
    expect(partial.verdict.kind).toBe('partial');
    expect(partial.options?.filter).toBe('--shard 1/3,3/3');
    const whole = report('c', allPass());
    expect(mergeRuns([whole, report('a', allPass(), { index: 1, count: 1 })])[0]).toBe(whole);
  });

  test.each([
    [[report('a', allPass(), { index: 1, count: 2 }), report('a', allPass(), { index: 1, count: 2 })], /shard 1\/2 is given twice/],
    [[report('a', allPass(), { index: 1, count: 2 }), report('a', allPass(), { index: 2, count: 2 }, 7)], /different seeds \(1, 7\)/],
  ])('refused: %#', (shards, message) => {
    expect(() => mergeShards(shards)).toThrow(ShardMergeError);
    expect(() => mergeShards(shards)).toThrow(message);
  });
});
