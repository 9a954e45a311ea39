import fc from 'fast-check';

/** partNumber values, valid and not (Upload Part, "Request parameters"; Feature Description: at most 10,000). */

export const MAX_PART_NUMBER = 10000;

/** Any valid part number, with the boundaries 1 and 10000 always in reach. */
export const validPartNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(1, MAX_PART_NUMBER) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_PART_NUMBER }) },
);

/** Integers below 1: 0 and negatives (UP-06). */
export const partNumberBelowOne: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '-1'),
  fc.integer({ min: -(2 ** 31), max: 0 }).map(String),
);

/** The integers below 1 that always run: 0, -1, and -4294967295, which a 32-bit reader wraps to 1 (UP-06). */
export const PART_NUMBERS_BELOW_ONE: readonly string[] = ['0', '-1', String(1 - 2 ** 32)];

/**
 * The integers above 10000 that always run: one past the maximum, numbers a 16-bit or a 32-bit reader wraps to 1, and
 * one past 64 bits (UP-07).
 */
export const PART_NUMBERS_ABOVE_MAX: readonly string[] = [
  String(MAX_PART_NUMBER + 1),
  String(2 ** 16 + 1),
  String(2 ** 32 + 1),
  '99999999999999999999',
];

/** Integers above 10000, up to beyond 32 bits (UP-07). */
export const partNumberAboveMax: fc.Arbitrary<string> = fc.oneof(
  fc.constant(String(MAX_PART_NUMBER + 1)),
  fc.integer({ min: MAX_PART_NUMBER + 1, max: 2 ** 31 - 1 }).map(String),
  fc.constantFrom('4294967297', '99999999999999999999'),
);

/** Strings no integer parser reads as a number (UP-08): words, decimals, empty, paths, lists. */
export const invalidPartNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('abc', '1.5', '', '../1', '1,2', '--1', '1-2', 'one'),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,5}$/),
  fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 9 })).map(([i, f]) => `${i}.${f}`),
);

/** Forms of a valid number that common parsers accept and strict ones refuse (UP-34 records the answer). */
export const LENIENT_PART_NUMBERS: readonly string[] = ['+1', ' 1', '1 ', '01', '1e3', '0x10', '\uFF11'];

/** Distinct part numbers for a plan of `count` parts. */
export function distinctPartNumbers(count: { min: number; max: number }): fc.Arbitrary<number[]> {
  return fc.uniqueArray(validPartNumber, { minLength: count.min, maxLength: count.max });
}
