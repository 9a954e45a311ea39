import fc from 'fast-check';
import type { BodySpec } from '../http/body.js';

/** Part bodies are named by (seed, length); the bytes are generated when sent (src/http/body.ts). */

export const bodySeed: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A small body: most checks need no more (a lone part is also the last part, so any size is legal). */
export function smallBody(maxLength = 4096): fc.Arbitrary<BodySpec> {
  return fc.record({ seed: bodySeed, length: fc.integer({ min: 1, max: maxLength }) });
}

/** Sizes of a last part: from 1 byte up to just under the minimum part size, boundaries first in reach. */
export function lastPartSize(minPartSize: number): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(1, minPartSize - 1), fc.integer({ min: 1, max: 64 * 1024 }), fc.integer({ min: 1, max: minPartSize - 1 }));
}

/** Sizes of a non-last part around the minimum: one byte under (refused at Complete), exactly, one byte over. */
export function nonLastSizeAroundMinimum(minPartSize: number): fc.Arbitrary<number> {
  return fc.constantFrom(minPartSize - 1, minPartSize, minPartSize + 1);
}
