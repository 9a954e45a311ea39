/**
 * What S3 added to its checksums in 2025 (issue 25): five more algorithms on UploadPart (MD5, SHA512, XXHASH64,
 * XXHASH3, XXHASH128; the UploadPart and Part references), and the checksum type of a multipart upload
 * (x-amz-checksum-type FULL_OBJECT or COMPOSITE at CreateMultipartUpload, CRC64NVME full-object only; User Guide,
 * Checking object integrity). S3 profile only.
 */
import fc from 'fast-check';
import type { ApiResult } from '../src/api/multipart.js';
import { bodySeed, logUniformSize } from '../src/generators/bodies.js';
import { malformedChecksum } from '../src/generators/header-values.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { joinedDigest } from '../src/harness/judge.js';
import { type BodySpec, bodyChunks } from '../src/protocol/body.js';
import {
  ADDED_CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumHeader,
  checksumOfAny,
  createChecksumHasher,
} from '../src/protocol/checksums.js';
import { FULL_OBJECT_ALGORITHMS } from '../src/protocol/crc-combine.js';
import { parseXml, text } from '../src/protocol/xml.js';

conformanceSpec(import.meta.url);

const S3_ONLY = {
  profiles: ['s3'] as const,
  reason: 'the x-amz-checksum-* headers and checksum types are S3 protocol; COS checks bodies by Content-MD5 and CRC-64',
};
const BODY_MAX = 256 * 1024;
const other = (body: BodySpec): BodySpec => ({ seed: body.seed + 1, length: body.length });
const flipped = (value: string) => {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = bytes[0]! ^ 0x80;
  return bytes.toString('base64');
};
const header = (algorithm: ChecksumAlgorithm, value: string) => ({
  headers: [[checksumHeader(algorithm), value]] as Array<[string, string]>,
});

/** The elements of a CompleteMultipartUploadResult, where S3 answers the object checksum and its type. */
function resultFields(result: ApiResult<unknown>): Record<string, string | undefined> {
  const document = parseXml(result.response.body.toString('utf8'))?.CompleteMultipartUploadResult as Record<string, unknown> | undefined;
  return Object.fromEntries(Object.entries(document ?? {}).map(([name, value]) => [name, text(value)]));
}

/** The checksum of the bodies joined, streamed. */
async function checksumOfJoined(algorithm: ChecksumAlgorithm, bodies: readonly BodySpec[]): Promise<string> {
  const hasher = await createChecksumHasher(algorithm);
  for (const body of bodies) for (const chunk of bodyChunks(body)) hasher.update(chunk);
  return hasher.digestBase64();
}

check(
  'UP-56 Upload Part with x-amz-checksum-md5, -sha512, -xxhash64, -xxhash3 and -xxhash128 over bodies from 1 B to 256 KiB: the true value accepted; a value of other bytes and a malformed value refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    for (const algorithm of ADDED_CHECKSUM_ALGORITHMS) {
      await t.case(algorithm, () =>
        t.forAll(
          algorithm,
          fc
            .record({ seed: bodySeed, length: logUniformSize(BODY_MAX) })
            .chain((body) => fc.tuple(fc.constant(body), malformedChecksum(algorithm, Buffer.alloc(1).toString('base64')))),
          async ([body, malformed]) => {
            await t.reserve(3 * body.length);
            const key = t.key(`checksum-${algorithm}`);
            const uploadId = await t.given.initiate(key);
            const trueValue = await checksumOfAny(algorithm, body);
            const good = await t.api.uploadPart(key, uploadId, 1, body, header(algorithm, trueValue));
            t.expectSuccess(`Upload Part 1 (${body.length} bytes) with its true ${checksumHeader(algorithm)}: ${trueValue}`, good);
            const wrong = flipped(await checksumOfAny(algorithm, other(body)));
            const sentWrong = `Upload Part 1 again (other bytes) with ${checksumHeader(algorithm)}: ${wrong}, their checksum with one bit flipped`;
            codes.add(t.expectRefused(sentWrong, await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, wrong)), 400));
            const sentMalformed = `Upload Part 1 again (other bytes) with a malformed ${checksumHeader(algorithm)}: ${JSON.stringify(malformed)}`;
            codes.add(
              t.expectRefused(sentMalformed, await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, malformed)), 400),
            );
            await t.given.complete(key, uploadId, [{ partNumber: 1, etag: good.value!.etag! }]);
            await t.expectObjectBytes(`${sentWrong}; ${sentMalformed}, then Complete with the first ETag`, key, [body]);
            t.covered(body.length);
          },
          {
            maxRuns: 3,
            examples: [
              [{ seed: 56, length: 1 }, 'AAAA'],
              [{ seed: 57, length: BODY_MAX }, 'not base64!'],
            ],
          },
        ),
      );
    }
    if (codes.size > 0) t.note(`refused with ${[...codes].join(', ')} (the documents say "rejected" and give no code)`);
  },
  { ...S3_ONLY, costMiB: 6 },
);

check(
  'UP-57 uploads created with CRC32, CRC32C and CRC64NVME and x-amz-checksum-type FULL_OBJECT, two parts of generated sizes sent with their checksums: the CompleteMultipartUploadResult answers FULL_OBJECT and the checksum of the whole object',
  async (t) => {
    const min = t.dialect.minPartSize;
    const composite: string[] = [];
    await t.forAll(
      'full-object',
      fc.tuple(fc.constantFrom(...FULL_OBJECT_ALGORITHMS), fc.integer({ min: 1, max: 64 * 1024 }), bodySeed),
      async ([algorithm, lastLength, seed]) => {
        const bodies: BodySpec[] = [
          { seed, length: min },
          { seed: seed + 1, length: lastLength },
        ];
        await t.reserve(min + lastLength);
        const key = t.key(`full-object-${algorithm}`);
        const headers: Array<[string, string]> = [
          ['x-amz-checksum-algorithm', algorithm.toUpperCase()],
          ['x-amz-checksum-type', 'FULL_OBJECT'],
        ];
        const uploadId = await t.given.initiate(key, { headers });
        const parts = [];
        for (const [index, body] of bodies.entries()) {
          const value = await checksumOfAny(algorithm, body);
          const result = await t.api.uploadPart(key, uploadId, index + 1, body, header(algorithm, value));
          t.given.that(
            `Upload Part ${index + 1} with ${checksumHeader(algorithm)}`,
            result,
            result.ok && result.value?.etag !== undefined,
            '200 with an ETag',
          );
          parts.push({ partNumber: index + 1, etag: result.value!.etag!, checksums: { [`Checksum${algorithm.toUpperCase()}`]: value } });
        }
        const completed = await t.api.complete(key, uploadId, parts);
        const sent = `CreateMultipartUpload with ${algorithm.toUpperCase()} and FULL_OBJECT, parts of ${bodies.map((b) => b.length).join(' and ')} bytes with their checksums, then Complete`;
        t.given.that('Complete', completed, completed.ok, '200 CompleteMultipartUploadResult');
        const result = resultFields(completed);
        const element = `Checksum${algorithm.toUpperCase()}`;
        t.expectEqual(
          sent,
          'CompleteMultipartUploadResult <ChecksumType>',
          result.ChecksumType,
          'FULL_OBJECT',
          completed.response.exchange,
        );
        t.expectEqual(
          sent,
          `CompleteMultipartUploadResult <${element}>`,
          result[element],
          await checksumOfJoined(algorithm, bodies),
          completed.response.exchange,
        );
        t.covered(joinedDigest(bodies).length);
      },
      {
        maxRuns: 4,
        examples: [
          ['crc32', 100, 571],
          ['crc32c', 100, 572],
          ['crc64nvme', 100, 573],
        ],
      },
    );
    // Recorded only, and never a setup step: a target without checksum types leaves the judged cases above standing.
    const key = t.key('composite');
    const initiated = await t.api.initiate(key, {
      headers: [
        ['x-amz-checksum-algorithm', 'SHA256'],
        ['x-amz-checksum-type', 'COMPOSITE'],
      ],
    });
    const body = { seed: 574, length: 1000 };
    const value = await checksumOfAny('sha256', body);
    const part = initiated.value ? await t.api.uploadPart(key, initiated.value.uploadId, 1, body, header('sha256', value)) : undefined;
    const completed =
      initiated.value && part?.value?.etag
        ? await t.api.complete(key, initiated.value.uploadId, [
            { partNumber: 1, etag: part.value.etag, checksums: { ChecksumSHA256: value } },
          ])
        : undefined;
    const answer = completed ?? part ?? initiated;
    const fields = resultFields(answer);
    composite.push(
      `${answer.status}${answer.error?.code ? ` ${answer.error.code}` : ''}, <ChecksumType>${fields.ChecksumType ?? '(absent)'}, <ChecksumSHA256>${fields.ChecksumSHA256 ?? '(absent)'}`,
    );
    if (composite.length > 0)
      t.note(
        `a COMPOSITE SHA256 upload of one part completed with ${composite.join('; ')} (recorded: the form of a composite value is not judged)`,
      );
  },
  { ...S3_ONLY, costMiB: 23 },
);

check(
  'UP-58 CreateMultipartUpload with x-amz-checksum-algorithm CRC64NVME and x-amz-checksum-type COMPOSITE: 400 (and with FULL_OBJECT: accepted)',
  async (t) => {
    const accepted = await t.api.initiate(t.key('crc64nvme-full-object'), {
      headers: [
        ['x-amz-checksum-algorithm', 'CRC64NVME'],
        ['x-amz-checksum-type', 'FULL_OBJECT'],
      ],
    });
    t.given.that(
      'CreateMultipartUpload with CRC64NVME and FULL_OBJECT',
      accepted,
      accepted.ok && accepted.value !== undefined,
      '200 with an UploadId',
    );
    const refused = await t.api.initiate(t.key('crc64nvme-composite'), {
      headers: [
        ['x-amz-checksum-algorithm', 'CRC64NVME'],
        ['x-amz-checksum-type', 'COMPOSITE'],
      ],
    });
    t.note(
      `refused with ${t.expectRefused('CreateMultipartUpload with x-amz-checksum-algorithm: CRC64NVME and x-amz-checksum-type: COMPOSITE', refused, 400)}`,
    );
  },
  { ...S3_ONLY, costMiB: 0.5 },
);
