import fc from 'fast-check';
import type { BodySpec } from '../protocol/body.js';
import { bodySeed } from './bodies.js';
import { distinctPartNumbers } from './part-numbers.js';

/** Which parts to upload, in which order, with which bodies. */
export interface PartPlan {
  /** In upload order. */
  readonly uploads: ReadonlyArray<{ readonly partNumber: number; readonly body: BodySpec }>;
}

/** Distinct part numbers uploaded in an arbitrary order (a permutation), each with a small body. */
export function shuffledPlan(count: { min: number; max: number }, maxBodyLength = 2048): fc.Arbitrary<PartPlan> {
  return distinctPartNumbers(count)
    .chain((numbers) =>
      fc.tuple(
        fc.shuffledSubarray(numbers, { minLength: numbers.length, maxLength: numbers.length }),
        fc.array(fc.record({ seed: bodySeed, length: fc.integer({ min: 1, max: maxBodyLength }) }), {
          minLength: numbers.length,
          maxLength: numbers.length,
        }),
      ),
    )
    .map(([order, bodies]) => ({ uploads: order.map((partNumber, i) => ({ partNumber, body: bodies[i]! })) }));
}

/** A sequence of uploads over a few part numbers, more uploads than numbers: some number is always re-uploaded. */
export function overwriteSequence(maxBodyLength = 2048): fc.Arbitrary<PartPlan> {
  return distinctPartNumbers({ min: 1, max: 3 })
    .chain((numbers) => fc.tuple(fc.constant(numbers), fc.integer({ min: numbers.length + 1, max: 6 })))
    .chain(([numbers, length]) =>
      fc.array(
        fc.record({
          partNumber: fc.constantFrom(...numbers),
          body: fc.record({ seed: bodySeed, length: fc.integer({ min: 1, max: maxBodyLength }) }),
        }),
        { minLength: length, maxLength: length },
      ),
    )
    .map((uploads) => ({ uploads }));
}
