import fc from 'fast-check';
import type { BodySpec } from '../protocol/body.js';

/** Part bodies are named by (seed, length); the bytes are generated when sent (src/http/body.ts). */

export const bodySeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A small body: most checks need no more (a lone part is also the last part, so any size is legal). */
export function smallBody(maxLength = 4096): fc.Arbitrary<BodySpec> {
  return fc.record({ seed: bodySeed, length: fc.integer({ min: 1, max: maxLength }) });
}

/** Sizes of a last part: from 1 byte up to just under the minimum part size, boundaries first in reach. */
export function lastPartSize(minPartSize: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(1, minPartSize - 1),
    fc.integer({ min: 1, max: 64 * 1024 }),
    fc.integer({ min: 1, max: minPartSize - 1 }),
  );
}

const MiB = 1024 * 1024;

/** Every integrity judgement covers at least one body this large: past where servers switch to a streaming path. */
export const LARGE_BODY = 4 * MiB + 1;
/** The largest body an integrity check draws at random. */
export const LARGEST_DRAWN = 8 * MiB;

/**
 * The sizes every integrity judgement (bytes stored, an ETag, a CRC, a digest) always covers: 0 where a zero-length
 * body is legal, 1, the minimum part size − 1, exactly and + 1, and one body over 4 MiB.
 */
export function boundarySizes(minPartSize: number, options: { zero?: boolean } = {}): number[] {
  const sizes = [...(options.zero ? [0] : []), 1, minPartSize - 1, minPartSize, minPartSize + 1];
  return sizes.some((n) => n >= LARGE_BODY) ? sizes : [...sizes, LARGE_BODY];
}

const STEPS = 2 ** 24;

/**
 * Sizes drawn log-uniformly from 1 B to `max`, so every order of magnitude is as likely; they shrink towards 1 B.
 * The exponent comes from an unbiased integer: fast-check would otherwise draw the extremes again and again, and
 * fc.double is uniform over representable doubles, most of which are near 0.
 */
export function logUniformSize(max = LARGEST_DRAWN): fc.Arbitrary<number> {
  const bits = Math.log2(max);
  return fc.noBias(fc.integer({ min: 0, max: STEPS })).map((step) => Math.max(1, Math.min(max, Math.floor(2 ** ((step / STEPS) * bits)))));
}

/** A body for an integrity judgement: its size from logUniformSize. */
export function integrityBody(max = LARGEST_DRAWN): fc.Arbitrary<BodySpec> {
  return fc.record({ seed: bodySeed, length: logUniformSize(max) });
}

/** The boundary bodies, as examples a property runs first (the seed varies with the size). */
export function boundaryBodies(minPartSize: number, options: { zero?: boolean } = {}): BodySpec[] {
  return boundarySizes(minPartSize, options).map((length, i) => ({ seed: 7919 * (i + 1), length }));
}
