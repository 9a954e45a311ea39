import fc from 'fast-check';
import { CHECKSUM_BYTES, type ChecksumAlgorithm } from '../protocol/checksums.js';
import { COS_DIALECT } from '../protocol/dialect.js';

/**
 * Values of the request headers whose range the documents state: x-cos-traffic-limit (doc 7750: 819200 to
 * 838860800 bit/s) and the x-amz-checksum-* headers (the base64 of a digest of the algorithm's length).
 */
const TRAFFIC_LIMIT_RANGE = COS_DIALECT.trafficLimit!;

/** Inside the range: the bounds and their neighbours first in reach, then anywhere. */
export function trafficLimitInRange(): fc.Arbitrary<string> {
  const { min, max } = TRAFFIC_LIMIT_RANGE;
  return fc.oneof(fc.constantFrom(min, max, min + 1, max - 1), fc.integer({ min, max })).map(String);
}

/**
 * Outside the range, or not a number at all. Forms that some parsers read as numbers in range ("1e6", "0x100000",
 * "819200.0") are left out: the documents say the value "must be a number" and do not say which notations are.
 */
export function trafficLimitRefused(): fc.Arbitrary<string> {
  const { min, max } = TRAFFIC_LIMIT_RANGE;
  return fc.oneof(
    fc.integer({ min: 0, max: min - 1 }).map(String),
    fc.integer({ min: max + 1, max: 2 ** 31 - 1 }).map(String),
    fc.integer({ min: 1, max: max }).map((n) => `-${n}`),
    fc.constantFrom('abc', 'unlimited', '819200bit', '8l92OO', '100MB/s'),
  );
}

/** The values that always run first: one past each bound, and a word. */
export const TRAFFIC_LIMIT_ONE_PAST = [String(TRAFFIC_LIMIT_RANGE.min - 1), String(TRAFFIC_LIMIT_RANGE.max + 1), 'abc'] as const;

/**
 * A checksum value that cannot be right: base64 of a digest of another length, the right digest in hex (a client
 * bug that is easy to make), or not base64 at all.
 */
export function malformedChecksum(algorithm: ChecksumAlgorithm, trueValue: string): fc.Arbitrary<string> {
  const length = CHECKSUM_BYTES[algorithm];
  return fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((bytes) => bytes.length !== length).map((bytes) => Buffer.from(bytes).toString('base64')),
    fc.constant(Buffer.from(trueValue, 'base64').toString('hex')),
    fc.constantFrom('not base64!', '****', `${trueValue}!`),
  );
}
