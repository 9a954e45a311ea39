import fc from 'fast-check';
import type { BodySpec } from '../protocol/body.js';
import { CHECKSUM_BYTES, type ChecksumAlgorithm, checksumOf } from '../protocol/checksums.js';
import { COS_DIALECT } from '../protocol/dialect.js';
import { bitFlipped, caseSwapped } from './neighbours.js';

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

/** The values in range that always run: both bounds, one inside each, and one in the middle. */
export const TRAFFIC_LIMIT_ACCEPTED = [
  TRAFFIC_LIMIT_RANGE.min,
  TRAFFIC_LIMIT_RANGE.max,
  TRAFFIC_LIMIT_RANGE.min + 1,
  TRAFFIC_LIMIT_RANGE.max - 1,
  100 * 1024 * 1024,
].map(String);

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
    // Digits followed by junk, and values that wrap into range in 32 or 64 bits.
    fc.tuple(fc.integer({ min, max }), fc.constantFrom('x', 'bit', '/s', 'k', '#')).map(([n, junk]) => `${n}${junk}`),
    fc.integer({ min, max }).map((n) => String(2 ** 32 + n)),
  );
}

/**
 * The refused values that always run, each the nearest of its kind to an accepted one: one past each bound, a word,
 * the lower bound followed by junk (what parseInt reads as 819200), the lower bound plus 2^32 (what a 32-bit integer
 * wraps to 819200), the upper bound plus 2^64 written out, the lower bound negated, and 0.
 */
export const TRAFFIC_LIMIT_REFUSED = [
  String(TRAFFIC_LIMIT_RANGE.min - 1),
  String(TRAFFIC_LIMIT_RANGE.max + 1),
  'abc',
  `${TRAFFIC_LIMIT_RANGE.min}x`,
  String(2 ** 32 + TRAFFIC_LIMIT_RANGE.min),
  (2n ** 64n + BigInt(TRAFFIC_LIMIT_RANGE.max)).toString(),
  `-${TRAFFIC_LIMIT_RANGE.min}`,
  '0',
] as const;

/**
 * A checksum value that cannot be right: base64 of a digest of another length, the right digest in hex (a client
 * bug that is easy to make), or not base64 at all.
 */
export function malformedChecksum(algorithm: ChecksumAlgorithm, trueValue: string): fc.Arbitrary<string> {
  const length = CHECKSUM_BYTES[algorithm];
  return fc.oneof(
    fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .filter((bytes) => bytes.length !== length)
      .map((bytes) => Buffer.from(bytes).toString('base64')),
    fc.constant(Buffer.from(trueValue, 'base64').toString('hex')),
    fc.constantFrom('not base64!', '****', `${trueValue}!`),
  );
}

/**
 * How a well-formed checksum is wrong while near the right one, and what a server that takes it compares: the right
 * value with its first bit flipped (a far value), with its last bit flipped (a server comparing a prefix), the
 * checksum of the body without its last byte (one that hashes all but the last byte or chunk), the right value with
 * its letters' case swapped (one comparing without regard to case, as it would a hex ETag).
 */
export const WRONG_CHECKSUMS = ['first-bit-flipped', 'last-bit-flipped', 'without-last-byte', 'case-swapped'] as const;
export type WrongChecksum = (typeof WRONG_CHECKSUMS)[number];

/** A wrong checksum of `kind` for the bytes sent: never their right checksum. */
export function wrongChecksumValue(kind: WrongChecksum, algorithm: ChecksumAlgorithm, sent: Uint8Array | BodySpec): string {
  const right = checksumOf(algorithm, sent);
  const shorter = sent instanceof Uint8Array ? sent.subarray(0, -1) : { seed: sent.seed, length: Math.max(0, sent.length - 1) };
  const value =
    kind === 'first-bit-flipped'
      ? bitFlipped(right, 'first')
      : kind === 'last-bit-flipped'
        ? bitFlipped(right, 'last')
        : kind === 'without-last-byte'
          ? checksumOf(algorithm, shorter)
          : caseSwapped(right);
  return value === right ? bitFlipped(right, 'last') : value;
}

/**
 * How a checksum is malformed: a digest of the wrong length, not base64, the right value followed by junk (what a
 * lenient base64 decoder reads as the right value), the right digest one byte short (a prefix), the right digest in
 * hex.
 */
export const MALFORMED_CHECKSUMS = ['wrong-length', 'not-base64', 'trailing-junk', 'one-byte-short', 'hex'] as const;
export type MalformedChecksum = (typeof MALFORMED_CHECKSUMS)[number];

export function malformedChecksumValue(kind: MalformedChecksum, trueValue: string): string {
  const digest = Buffer.from(trueValue, 'base64');
  switch (kind) {
    case 'wrong-length':
      return 'AAAA';
    case 'not-base64':
      return 'not base64!';
    case 'trailing-junk':
      return `${trueValue}!`;
    case 'one-byte-short':
      return digest.subarray(0, -1).toString('base64');
    case 'hex':
      return digest.toString('hex');
  }
}
