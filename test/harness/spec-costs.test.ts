import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_BYTES } from '../../src/config/index.js';
import { byteShare, longestFirst, SPEC_COSTS } from '../../src/harness/spec-costs.js';

const specsDir = join(import.meta.dirname, '../../specs');
const checksPerSpec = new Map(
  readdirSync(specsDir)
    .filter((f) => f.endsWith('.spec.ts'))
    .map((f) => [f.replace('.spec.ts', ''), [...readFileSync(join(specsDir, f), 'utf8').matchAll(/^check\(/gm)].length] as const),
);
const specs = [...checksPerSpec.keys()];

describe('what each check and spec file costs', () => {
  test('the table names every spec file, and every check of each, and nothing else', () => {
    expect(Object.keys(SPEC_COSTS).sort()).toEqual([...specs].sort());
    for (const [spec, count] of checksPerSpec) expect(SPEC_COSTS[spec]!.checksMib, spec).toHaveLength(count);
  });

  test('under the default allowance every check may send about twice the most it was seen to send; the shares never add up to more', () => {
    let total = 0;
    let totalOfSmall = 0;
    for (const [spec, count] of checksPerSpec) {
      for (let index = 0; index < count; index++) {
        expect(byteShare(spec, index, DEFAULT_MAX_BYTES), `${spec} #${index}`).toBeGreaterThanOrEqual(2 * SPEC_COSTS[spec]!.checksMib[index]! * 1024 ** 2);
        total += byteShare(spec, index, DEFAULT_MAX_BYTES);
        totalOfSmall += byteShare(spec, index, 1000);
      }
    }
    expect(total).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(totalOfSmall).toBeLessThanOrEqual(1000);
  });

  test('files start longest first, in the same order whatever order they are given in', () => {
    const order = longestFirst(specs);
    expect(order[0]).toBe('detail-analysis');
    expect(longestFirst([...specs].reverse())).toEqual(order);
    const seconds = order.map((s) => SPEC_COSTS[s]!.seconds);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });
});
