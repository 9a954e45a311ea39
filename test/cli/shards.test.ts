import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { shardRequirements } from '../../src/catalogue/shards.js';
import { type CliOutcome, cli, readReport } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('every requirement is in exactly one shard of a given count', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: REQUIREMENTS.length + 3 }), (count) => {
      const dealt = Array.from({ length: count }, (_, i) => shardRequirements({ index: i + 1, count }));
      expect(dealt.flat().sort()).toEqual(REQUIREMENTS.map((r) => r.id).sort());
      expect(Math.max(...dealt.map((d) => d.length)) - Math.min(...dealt.map((d) => d.length))).toBeLessThanOrEqual(1);
    }),
  );
});

// Deviations whose failures land in several shards, one (UP-32) judged only by a model-based check whose title
// names a requirement of another shard, and one (UP-05) judged by its own check and by that model-based check.
const RUN = ['--seed', '20261125', '--num-runs', '3', '--deviate', 'forget-abort,accept-part-number-zero,list-parts-ended-no-such-key'];

const statuses = (reportDir: string) => Object.fromEntries(readReport(reportDir).verdict.requirements.map((r) => [r.id, r.status]));
const checkStatuses = (reportDir: string) => readReport(reportDir).checks.map((c) => `${String(c.title)}: ${String(c.status)}`);

describe('run --shard I/N, then report', () => {
  const outcomes: Record<string, CliOutcome> = {};
  beforeAll(async () => {
    const runs = [['whole'], ['1', '--shard', '1/3'], ['2', '--shard', '2/3'], ['3', '--shard', '3/3']] as const;
    await Promise.all(
      runs.map(async ([name, ...shard]) => (outcomes[name] = await cli(['run', ...RUN, ...shard, '--report-dir', join(dir, name)]))),
    );
    outcomes.merged = await cli(['report', join(dir, '1'), join(dir, '2'), join(dir, '3'), '--out', join(dir, 'merged')]);
  }, 300_000);

  test('the three shards merged give the statuses, checks and exit code of one unsharded run with the same seed', () => {
    expect(outcomes.whole!.code, outcomes.whole!.stderr).toBe(1);
    expect(statuses(join(dir, 'whole'))).toMatchObject({
      'UP-05': 'fail',
      'UP-06': 'fail',
      'UP-29': 'fail',
      'UP-32': 'fail',
      'UP-04': 'pass',
    });
    expect(outcomes.merged!.code, outcomes.merged!.stdout + outcomes.merged!.stderr).toBe(1);
    expect(statuses(join(dir, 'merged'))).toEqual(statuses(join(dir, 'whole')));
    expect(checkStatuses(join(dir, 'merged'))).toEqual(checkStatuses(join(dir, 'whole')));
    expect(readReport(join(dir, 'merged')).verdict.summary).toBe(readReport(join(dir, 'whole')).verdict.summary);
  });

  test('each shard is a partial run that records its slice; each check ran in exactly one shard', () => {
    const ran = new Map<string, number>();
    for (const index of [1, 2, 3]) {
      const report = readReport(join(dir, String(index))) as ReturnType<typeof readReport> & {
        shard: { index: number; count: number; requirements: string[] };
      };
      expect(report.shard).toEqual({ index, count: 3, requirements: shardRequirements({ index, count: 3 }) });
      expect(report.verdict.summary).toContain(`--shard ${index}/3`);
      for (const c of report.checks) if (c.status !== 'not-run') ran.set(String(c.title), (ran.get(String(c.title)) ?? 0) + 1);
    }
    expect([...ran.values()].every((n) => n === 1)).toBe(true);
    expect(ran.size).toBe(readReport(join(dir, 'whole')).checks.length);
    const merged = readReport(join(dir, 'merged')) as ReturnType<typeof readReport> & { shards: Array<{ index: number }> };
    expect(merged.shards.map((s) => s.index)).toEqual([1, 2, 3]);
  });

  test('two shards of three merge into a partial run; a shard given twice, or shards of different seeds, are refused in one line', async () => {
    const partial = await cli(['report', join(dir, '1'), join(dir, '3'), '--out', join(dir, 'partial')]);
    expect(readReport(join(dir, 'partial')).verdict.kind).not.toBe('conformant');
    expect(readReport(join(dir, 'partial')).verdict.summary).toContain('--shard 1/3,3/3');
    expect(partial.code).toBe(1);
    const twice = await cli(['report', join(dir, '1'), join(dir, '1'), '--out', join(dir, 'twice')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr.trim()).toMatch(/^cos-conformance report: .*shard 1\/3 is given twice$/);
    await cli(['run', ...RUN.slice(2), '--seed', '7', '--shard', '2/3', '--report-dir', join(dir, 'other-seed')]);
    const seeds = await cli(['report', join(dir, '1'), join(dir, 'other-seed'), '--out', join(dir, 'seeds')]);
    expect(seeds.code).toBe(2);
    expect(seeds.stderr.trim().split('\n')).toHaveLength(1);
    expect(seeds.stderr).toMatch(/different seeds \(20261125, 7\)/);
  }, 120_000);

  test.each([
    [['--shard', '0/3'], /--shard: expected i\/n/],
    [['--shard', '4/3'], /--shard: expected i\/n/],
    [['--shard', '1/3', '--only', 'UP-01'], /does not combine with --only or --grep/],
  ])('run %j exits 2 with one line', async (args, message) => {
    const result = await cli(['run', ...args, '--report-dir', join(dir, 'bad')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
