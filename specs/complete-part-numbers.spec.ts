/**
 * Which part numbers a Complete may list, where the documents disagree by bucket and protocol (issue 25): doc 7742
 * refuses numbers that are not consecutive (400 InvalidPart) on standard COS buckets; doc 436/139736 lets a
 * high-performance bucket skip numbers and discards the parts left out; S3 allows gaps, except that when every part
 * carried an x-amz-checksum-* value the numbers must start at 1 and be consecutive (400 InvalidPartOrder).
 */
import fc from 'fast-check';
import { type CheckContext, check, conformanceSpec } from '../src/harness/check.js';
import type { UploadedPart } from '../src/harness/judge.js';
import { describeAnswer } from '../src/harness/signals.js';
import type { BodySpec } from '../src/protocol/body.js';
import { type ChecksumAlgorithm, checksumHeader, checksumOf } from '../src/protocol/checksums.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

const STANDARD = {
  profiles: ['cos'] as const,
  reason: 'doc 7742 is a COS page; S3 allows gaps (UP-59 for parts with checksums)',
  appliesTo: (config: { bucketType: string }) =>
    config.bucketType === 'standard' || 'a rule of standard COS buckets (doc 7742); high-performance buckets allow gaps (UP-53)',
};
const RAPID = {
  profiles: ['cos'] as const,
  reason: 'high-performance buckets are a COS variant',
  appliesTo: (config: { bucketType: string }) =>
    config.bucketType === 'rapid' || 'a rule of high-performance (cosrapid) buckets, doc 436/139736: set COS_BUCKET_TYPE=rapid against one',
};

/** Uploads the given parts: `listedNonLast` ones at the minimum size (they precede another listed part), the rest small. */
async function uploadParts(
  t: CheckContext,
  key: string,
  uploadId: string,
  numbers: readonly number[],
  fullSize: ReadonlySet<number>,
  seed: number,
): Promise<Map<number, UploadedPart>> {
  const parts = new Map<number, UploadedPart>();
  for (const n of numbers) {
    const body: BodySpec = { seed: seed + n, length: fullSize.has(n) ? t.dialect.minPartSize : 100 + n };
    parts.set(n, await t.given.upload(key, uploadId, n, body));
  }
  return parts;
}

/** A set of up to four uploaded part numbers within 1..6 and a list of some of them, sorted, with at least one gap between listed numbers. */
const partsWithGap = fc
  .uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 })
  .chain((uploaded) =>
    fc.tuple(
      fc.constant([...uploaded].sort((a, b) => a - b)),
      fc.subarray(
        [...uploaded].sort((a, b) => a - b),
        { minLength: 2 },
      ),
    ),
  )
  .filter(([, listed]) => listed.some((n, i) => i > 0 && n !== listed[i - 1]! + 1));

// Uploaded and listed alike: doc 7742 speaks of "the uploaded part numbers", so a case where only the list skips is left out.
const uploadedWithGap = partsWithGap.map(([, listed]) => [listed, listed] as [number[], number[]]);

check(
  'UP-52 standard bucket: parts with gaps (1 and 3; and generated sets) uploaded and completed as uploaded: 400 InvalidPart, and the upload stays open',
  async (t) => {
    await t.forAll(
      'gaps-refused',
      fc.tuple(uploadedWithGap, fc.integer({ min: 0, max: 2 ** 20 })),
      async ([[uploaded, listed], seed]) => {
        const full = new Set(listed.slice(0, -1));
        await t.reserve(full.size * t.dialect.minPartSize + 1000);
        const key = t.key('gaps-standard');
        const uploadId = await t.given.initiate(key);
        const parts = await uploadParts(t, key, uploadId, uploaded, full, seed);
        const sent = `Upload Part ${uploaded.join(', ')}, then Complete listing ${listed.join(', ')}`;
        t.expectAnswer(
          sent,
          await t.api.complete(
            key,
            uploadId,
            listed.map((n) => parts.get(n)!),
          ),
          ERROR.InvalidPart,
        );
        const last = parts.get(listed[listed.length - 1]!)!;
        const after = await t.api.complete(key, uploadId, [last]);
        t.expectThat(
          `${sent}, then Complete listing ${last.partNumber} alone`,
          after.ok,
          '200: the refused Complete completed nothing',
          describeAnswer(after),
          after.response.exchange,
        );
      },
      {
        maxRuns: 3,
        examples: [
          [
            [
              [1, 3],
              [1, 3],
            ],
            521,
          ],
        ],
      },
    );
  },
  { ...STANDARD, costMiB: 5 },
);

check(
  'UP-53 high-performance bucket: parts 1 to 5 uploaded and 1, 3, 5 listed (and generated sets with gaps): completed, the object is the listed parts, the others discarded',
  async (t) => {
    await t.forAll(
      'gaps-allowed',
      fc.tuple(partsWithGap, fc.integer({ min: 0, max: 2 ** 20 })),
      async ([[uploaded, listed], seed]) => {
        const full = new Set(listed.slice(0, -1));
        await t.reserve(full.size * t.dialect.minPartSize + 1000);
        const key = t.key('gaps-rapid');
        const uploadId = await t.given.initiate(key);
        const parts = await uploadParts(t, key, uploadId, uploaded, full, seed);
        const chosen = listed.map((n) => parts.get(n)!);
        const sent = `Upload Part ${uploaded.join(', ')}, then Complete listing ${listed.join(', ')}`;
        t.expectSuccess(sent, await t.api.complete(key, uploadId, chosen));
        await t.expectObjectBytes(
          `${sent}: the object holds the listed parts only`,
          key,
          chosen.map((p) => p.body),
        );
      },
      {
        maxRuns: 3,
        examples: [
          [
            [
              [1, 2, 3, 4, 5],
              [1, 3, 5],
            ],
            531,
          ],
        ],
      },
    );
  },
  { ...RAPID, costMiB: 6 },
);

const PART_ALGORITHMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const satisfies readonly ChecksumAlgorithm[];

check(
  'UP-59 an upload created with a checksum algorithm, parts 1, 2 and 3 sent with their checksums: Complete listing 1, 3 (a gap) and listing 2 alone (not from 1): 400 InvalidPartOrder; listing 1, 2: completed',
  async (t) => {
    const min = t.dialect.minPartSize;
    await t.forAll(
      'consecutive-with-checksums',
      fc.constantFrom(...PART_ALGORITHMS),
      async (algorithm) => {
        await t.reserve(min + 200);
        const key = t.key(`consecutive-${algorithm}`);
        const uploadId = await t.given.initiate(key, { headers: [['x-amz-checksum-algorithm', algorithm.toUpperCase()]] });
        // Only part 1 ever precedes another listed part, so only it need be of the minimum size.
        const bodies: BodySpec[] = [
          { seed: 591, length: min },
          { seed: 592, length: 100 },
          { seed: 593, length: 100 },
        ];
        const parts: Array<UploadedPart & { checksums: Record<string, string> }> = [];
        for (const [index, body] of bodies.entries()) {
          const value = checksumOf(algorithm, body);
          const result = await t.api.uploadPart(key, uploadId, index + 1, body, { headers: [[checksumHeader(algorithm), value]] });
          t.given.that(
            `Upload Part ${index + 1} with ${checksumHeader(algorithm)}`,
            result,
            result.ok && result.value?.etag !== undefined,
            '200 with an ETag',
          );
          parts.push({
            partNumber: index + 1,
            etag: result.value!.etag!,
            body,
            checksums: { [`Checksum${algorithm.toUpperCase()}`]: value },
          });
        }
        const [one, two, three] = parts as [(typeof parts)[0], (typeof parts)[0], (typeof parts)[0]];
        const sent = `Upload Part 1, 2, 3 with ${checksumHeader(algorithm)}, then Complete listing`;
        t.expectAnswer(`${sent} 1, 3`, await t.api.complete(key, uploadId, [one, three]), ERROR.InvalidPartOrder);
        t.expectAnswer(`${sent} 2`, await t.api.complete(key, uploadId, [two]), ERROR.InvalidPartOrder);
        t.expectSuccess(`${sent} 1, 2`, await t.api.complete(key, uploadId, [one, two]));
        await t.expectObjectBytes(`${sent} 1, 2`, key, [one.body, two.body]);
      },
      { maxRuns: 2, examples: ['crc32'] },
    );
  },
  { profiles: ['s3'], reason: "the rule is S3's (CompletedPart reference); COS documents no part checksums", costMiB: 12 },
);
