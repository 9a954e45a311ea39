import { describe, expect, test } from 'vitest';
import { firstCatchOrder, firstCatchGroup as groupOf } from '../../scripts/lib/check-power.js';
import { DEVIATION_NAMES } from '../../src/emulator/deviations.js';

// The power guard skips a deviation whose requirements' checks an earlier one already failed at that seed; the
// order decides how often that happens, never which checks are judged.
describe('the order of the power guard', () => {
  test('every deviation exactly once, one of each requirement set before a second of any', () => {
    const order = firstCatchOrder(DEVIATION_NAMES, () => false);
    expect([...order].sort()).toEqual([...DEVIATION_NAMES].sort());
    const groups = new Set(DEVIATION_NAMES.map(groupOf));
    const firstRound = order.slice(0, groups.size);
    expect(new Set(firstRound.map(groupOf)).size).toBe(groups.size);
  });

  test('within a requirement set, the deviations that caught something at an earlier seed come first', () => {
    const sets = new Map<string, string[]>();
    for (const name of DEVIATION_NAMES) sets.set(groupOf(name), [...(sets.get(groupOf(name)) ?? []), name]);
    const [first, second] = [...sets.values()].find((names) => names.length >= 2)!;
    const order = firstCatchOrder(DEVIATION_NAMES, (name) => name === second);
    expect(order.indexOf(second as never)).toBeLessThan(order.indexOf(first as never));
    expect(firstCatchOrder(DEVIATION_NAMES, () => false).indexOf(first as never)).toBeLessThan(
      firstCatchOrder(DEVIATION_NAMES, () => false).indexOf(second as never),
    );
  });
});
