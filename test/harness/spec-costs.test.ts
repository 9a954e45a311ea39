import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_MAX_BYTES } from '../../src/config/index.js';
import { byteShare, longestFirst, SPEC_COSTS } from '../../src/harness/spec-costs.js';

const specs = readdirSync(join(import.meta.dirname, '../../specs'))
  .filter((f) => f.endsWith('.spec.ts'))
  .map((f) => f.replace('.spec.ts', ''));

describe('what each spec file costs', () => {
  test('the table names every spec file and nothing else', () => {
    expect(Object.keys(SPEC_COSTS).sort()).toEqual([...specs].sort());
  });

  test('under the default allowance every file may send about twice the most it was seen to send; the shares never add up to more', () => {
    for (const spec of specs) expect(byteShare(spec, DEFAULT_MAX_BYTES)).toBeGreaterThanOrEqual(2 * SPEC_COSTS[spec]!.mib * 1024 ** 2);
    expect(specs.reduce((sum, spec) => sum + byteShare(spec, DEFAULT_MAX_BYTES), 0)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    expect(specs.reduce((sum, spec) => sum + byteShare(spec, 1000), 0)).toBeLessThanOrEqual(1000);
  });

  test('files start longest first, in the same order whatever order they are given in', () => {
    const order = longestFirst(specs);
    expect(order[0]).toBe('model-based');
    expect(longestFirst([...specs].reverse())).toEqual(order);
    const seconds = order.map((s) => SPEC_COSTS[s]!.seconds);
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });
});
