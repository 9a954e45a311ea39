/**
 * Upload Part, "Feature Description": "It supports at most up to 10,000 parts, each being between 1 MB to 5 GB in
 * size. The last part can be less than 1 MB." The minimum is enforced at Complete (EntityTooSmall); the maximum
 * at Upload Part (EntityTooLarge). Under the s3 profile the minimum is 5 MiB.
 *
 * Dimensions, each value a fixed example run at every seed: UP-07 the part number above 10000 (one past, 65537 and
 * 4294967297, which 16- and 32-bit readers wrap to 1, and one past 64 bits); UP-09 a first part one byte short of the
 * minimum and exactly the minimum; UP-10 the last part alone or after a full one, 1 B and the minimum - 1.
 */
import fc from 'fast-check';
import { lastPartSize } from '../src/generators/bodies.js';
import { PART_NUMBERS_ABOVE_MAX, partNumberAboveMax } from '../src/generators/part-numbers.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectPartNumbersRefused } from '../src/harness/flows.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

check(
  'UP-07 Upload Part with partNumber 10000, then 10001, numbers that wrap to 1 in 16 and 32 bits, and generated numbers above it',
  async (t) => {
    const key = t.key('max-part-number');
    const uploadId = await t.given.initiate(key);
    await t.case('partNumber 10000', async () => {
      t.expectSuccess('Upload Part with partNumber=10000', await t.api.uploadPart(key, uploadId, 10000, { seed: 1, length: 8 }));
    });
    await t.case('partNumbers above 10000', () =>
      expectPartNumbersRefused(t, 'above-max', partNumberAboveMax, PART_NUMBERS_ABOVE_MAX, { key, uploadId }),
    );
  },
  { costMiB: 0.5 },
);

check(
  'UP-09 Complete with a first part of minimum - 1 bytes (EntityTooSmall), then of exactly the minimum (accepted)',
  async (t) => {
    const min = t.dialect.minPartSize;
    for (const [size, accepted] of [
      [min - 1, false],
      [min, true],
    ] as const) {
      await t.case(`a first part of ${size} bytes`, async () => {
        await t.reserve(size + 1);
        const key = t.key(`min-${size}`);
        const uploadId = await t.given.initiate(key);
        const first = await t.given.upload(key, uploadId, 1, { seed: size, length: size });
        const last = await t.given.upload(key, uploadId, 2, { seed: 7, length: 1 });
        const sent = `Complete with part 1 of ${size} bytes and part 2 of 1 byte`;
        if (accepted) {
          await t.completeOk(key, uploadId, [first, last]);
          await t.expectObjectBytes(sent, key, [first.body, last.body]);
        } else {
          t.expectAnswer(sent, await t.api.complete(key, uploadId, [first, last]), ERROR.EntityTooSmall);
        }
      });
    }
  },
  { costMiB: 12 },
);

check(
  'UP-10 Complete with a last part of generated sizes from 1 byte to minimum - 1, after a minimum-size part',
  async (t) => {
    const min = t.dialect.minPartSize;
    await t.forAll(
      'last-part',
      fc.tuple(lastPartSize(min), fc.boolean()),
      async ([size, alone]) => {
        await t.reserve((alone ? 0 : min) + size);
        const key = t.key(`last-${size}`);
        const uploadId = await t.given.initiate(key);
        const parts = alone ? [] : [await t.given.upload(key, uploadId, 1, { seed: 11, length: min })];
        parts.push(await t.given.upload(key, uploadId, parts.length + 1, { seed: size, length: size }));
        await t.completeOk(key, uploadId, parts);
        await t.expectObjectBytes(
          `Complete with ${parts.length} parts, the last of ${size} bytes`,
          key,
          parts.map((p) => p.body),
        );
      },
      {
        examples: [
          [1, false],
          [1, true],
          [min - 1, false],
        ],
        maxRuns: 4,
      },
    );
  },
  { costMiB: 23 },
);

check(
  'UP-11 Upload Part declaring Content-Length 5 GiB + 1 with Expect: 100-continue, no body: 400 EntityTooLarge',
  async (t) => {
    const key = t.key('too-large');
    const uploadId = await t.given.initiate(key);
    const size = t.dialect.maxPartSize + 1;
    const sent = `Upload Part with Content-Length ${size} and Expect: 100-continue, no body`;
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: size }, {}, { expectContinue: 'never-send' });
    // 100 Continue: the server asked for 5 GiB + 1 bytes rather than refusing from the headers (no body is sent),
    // whether or not a refusal followed the 100 (the raw client reports the final answer, the 100 among the
    // informational ones).
    const asked = result.response.informational.includes(100);
    const actual =
      result.status === 100
        ? '100 Continue: the server asked for the oversized body'
        : `100 Continue, then ${result.status}: the server asked for the oversized body before refusing it`;
    t.expectThat(sent, !asked, '400 EntityTooLarge, decided from the headers', actual, result.response.exchange);
    t.expectAnswer(sent, result, ERROR.EntityTooLarge);
    if (result.response.informational.length > 0)
      t.note(`informational answers before the refusal: ${result.response.informational.join(', ')}`);
  },
  { costMiB: 0.5 },
);
