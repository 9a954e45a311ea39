import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_MAX_BYTES } from '../../src/config/index.js';
import { byteShare, COST_SCALE_MIB, longestFirst, SPEC_SECONDS } from '../../src/harness/spec-costs.js';
import type { CheckOutcome } from '../../src/outcomes/check-outcome.js';
import { cli } from '../helpers/cli.js';

const MiB = 1024 * 1024;
const specs = readdirSync(join(import.meta.dirname, '../../specs'))
  .filter((f) => f.endsWith('.spec.ts'))
  .map((f) => f.replace('.spec.ts', ''));
const dir = mkdtempSync(join(tmpdir(), 'check-costs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The whole suite at the default cases per property, once per profile and once as a high-performance bucket (each
// with its own pinned seed; the rapid-only checks run only there): what every check really sends, against what it
// declares.
const runs: Record<string, CheckOutcome[]> = {};
beforeAll(async () => {
  for (const [label, profile, bucketType, seed] of [
    ['cos', 'cos', 'standard', '7'],
    ['s3', 's3', 'standard', '3'],
    ['cos rapid', 'cos', 'rapid', '5'],
  ] as const) {
    const reportDir = join(dir, label.replace(' ', '-'));
    const outcome = await cli(['run', '--profile', profile, '--seed', seed, '--report-dir', reportDir], { COS_BUCKET_TYPE: bucketType });
    expect(outcome.code, outcome.stdout.slice(-2000)).toBe(0);
    runs[label] = (JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { checks: CheckOutcome[] }).checks;
  }
}, 900_000);

describe('what each check declares it may send', () => {
  test('every check declares a cost, and none sends more than it declares, in either profile or as a high-performance bucket', () => {
    for (const [profile, checks] of Object.entries(runs)) {
      expect(checks.length, profile).toBeGreaterThan(40);
      const over = checks
        .filter((c) => !(c.costMiB! > 0) || c.usage.bytesSent > c.costMiB! * MiB)
        .map((c) => `${profile}: "${c.title}" declares ${c.costMiB} MiB, sent ${(c.usage.bytesSent / MiB).toFixed(2)} MiB`);
      expect(over).toEqual([]);
    }
  });

  test('under the default allowance every check may send twice what it declares, and the shares never add up to more than the allowance', () => {
    const costs = runs.cos!.map((c) => c.costMiB!);
    expect(costs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(COST_SCALE_MIB);
    for (const cost of costs) expect(byteShare(cost, DEFAULT_MAX_BYTES)).toBeGreaterThanOrEqual(2 * cost * MiB);
    expect(costs.reduce((sum, cost) => sum + byteShare(cost, 1000), 0)).toBeLessThanOrEqual(1000);
  });
});

describe('the order spec files start in', () => {
  test('longest first, the same whatever order they are given in, and every spec file has a duration', () => {
    expect(Object.keys(SPEC_SECONDS).sort()).toEqual([...specs].sort());
    const order = longestFirst(specs);
    expect(order[0]).toBe('detail-analysis');
    expect(longestFirst([...specs].reverse())).toEqual(order);
    const seconds = order.map((s) => SPEC_SECONDS[s]!);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });
});
