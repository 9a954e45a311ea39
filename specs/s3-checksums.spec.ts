/**
 * S3's additional checksums on UploadPart (Amazon S3 API Reference, UploadPart, request headers x-amz-checksum-*
 * and x-amz-sdk-checksum-algorithm) and the aws-chunked framing with a trailer that the AWS SDKs send by default
 * since 2025 (AWS Signature Version 4, STREAMING-UNSIGNED-PAYLOAD-TRAILER). S3 profile only: COS has its own
 * CRC-64 (response-headers.spec.ts, complete-multipart-upload.spec.ts).
 *
 * Dimensions, each value in the fixed examples that run at every seed (generated cases add combinations):
 * - UP-42 the algorithm (all five, each a case of its own), the body's size class (1 B, 1000 B, 64 KiB + 1, 1 MiB, and
 *   for CRC32, the one the AWS SDKs send, the minimum part size + 1), how near the wrong value is (WRONG_CHECKSUMS:
 *   a bit flipped at either end, the body without its last byte, the case swapped) and the malformed form
 *   (MALFORMED_CHECKSUMS: wrong length, not base64, junk after the right value, one byte short, hex).
 * - UP-43 the algorithm x-amz-sdk-checksum-algorithm names: all five.
 * - UP-44 the trailer's algorithm (all five), the chunking (one short chunk, one full chunk, full chunks only, a short
 *   last chunk, an odd chunk size), the body's size class (up to the minimum part size + 1) and how near the wrong
 *   trailer is (WRONG_CHECKSUMS).
 */
import fc from 'fast-check';
import { bodySeed, logUniformSize } from '../src/generators/bodies.js';
import {
  MALFORMED_CHECKSUMS,
  type MalformedChecksum,
  malformedChecksumValue,
  WRONG_CHECKSUMS,
  type WrongChecksum,
  wrongChecksumValue,
} from '../src/generators/header-values.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { chunksOf, encodeAwsChunked, STREAMING_UNSIGNED_TRAILER } from '../src/protocol/aws-chunked.js';
import { type BodySpec, bodyBytes } from '../src/protocol/body.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, checksumHeader, checksumOf } from '../src/protocol/checksums.js';

conformanceSpec(import.meta.url);

const S3_ONLY = {
  profiles: ['s3'] as const,
  reason: 'the x-amz-checksum-* headers and aws-chunked are S3 protocol; COS checks bodies by Content-MD5 and CRC-64',
};
const CHECKSUM_BODY_MAX = 1024 * 1024;
/**
 * The chunk sizes of a valid aws-chunked body: every chunk but the last at least 8 KiB, as S3 requires ("the chunk
 * size must be at least 8 KB", AWS Signature Version 4, streaming uploads; smaller ones are refused with 403
 * InvalidChunkSizeError). 64 KiB is what the AWS SDKs send.
 */
const MIN_CHUNK = 8 * 1024;
const chunkSize = (): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(MIN_CHUNK, 64 * 1024), fc.integer({ min: MIN_CHUNK, max: 256 * 1024 }));
const checksumBody = (): fc.Arbitrary<BodySpec> => fc.record({ seed: bodySeed, length: logUniformSize(CHECKSUM_BODY_MAX) });
const other = (body: BodySpec): BodySpec => ({ seed: body.seed + 1, length: body.length });
const header = (algorithm: ChecksumAlgorithm, value: string) => ({
  headers: [[checksumHeader(algorithm), value]] as Array<[string, string]>,
});

/** What the refused uploads of a case send: a wrong value of one kind, a malformed value of one kind. */
type ChecksumCase = [BodySpec, WrongChecksum, MalformedChecksum];

/**
 * The fixed cases of every algorithm: each size class, each kind of wrong value and each malformed form at least once;
 * CRC32, what the AWS SDKs send by default, also over the minimum part size, where servers stream a part.
 */
function checksumExamples(algorithm: ChecksumAlgorithm, minPartSize: number): ChecksumCase[] {
  const sizes = [1, 1000, 64 * 1024 + 1, CHECKSUM_BODY_MAX, 3];
  const examples = sizes.map(
    (length, i): ChecksumCase => [
      { seed: 420 + i, length },
      WRONG_CHECKSUMS[i % WRONG_CHECKSUMS.length]!,
      MALFORMED_CHECKSUMS[i % MALFORMED_CHECKSUMS.length]!,
    ],
  );
  return algorithm === 'crc32' ? [...examples, [{ seed: 426, length: minPartSize + 1 }, 'first-bit-flipped', 'wrong-length']] : examples;
}

check(
  'UP-42 Upload Part with x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 and -sha256 over bodies from 1 B to 1 MiB and one over the minimum part size: the true value accepted; a value a bit or a byte away, or with its case swapped, and a malformed value (wrong length, not base64, junk after the right value, a byte short, hex) refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const examples = checksumExamples(algorithm, t.dialect.minPartSize);
      await t.case(algorithm, () =>
        t.forAll(
          algorithm,
          fc.tuple(checksumBody(), fc.constantFrom(...WRONG_CHECKSUMS), fc.constantFrom(...MALFORMED_CHECKSUMS)),
          async ([body, wrongKind, malformedKind]) => {
            // The malformed value is judged from the headers: its body need not be large.
            const probe = { seed: body.seed + 1, length: Math.min(body.length, 64 * 1024) };
            await t.reserve(2 * body.length + probe.length);
            const key = t.key(`checksum-${algorithm}`);
            const uploadId = await t.given.initiate(key);
            const trueValue = checksumOf(algorithm, body);
            const good = await t.api.uploadPart(key, uploadId, 1, body, header(algorithm, trueValue));
            const sentGood = `Upload Part 1 (${body.length} bytes) with its true ${checksumHeader(algorithm)}: ${trueValue}`;
            t.expectSuccess(sentGood, good);
            t.given.that(sentGood, good, good.value?.etag !== undefined, 'an ETag to complete with');
            const wrong = wrongChecksumValue(wrongKind, algorithm, other(body));
            const sentWrong = `Upload Part 1 again (${body.length} other bytes) with ${checksumHeader(algorithm)}: ${wrong}, their checksum ${wrongKind.replace(/-/g, ' ')}`;
            const refusedWrong = await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, wrong));
            t.soft(() => codes.add(t.expectRefused(sentWrong, refusedWrong, 400)));
            const malformed = malformedChecksumValue(malformedKind, checksumOf(algorithm, probe));
            const sentMalformed = `Upload Part 1 again (${probe.length} other bytes) with a malformed ${checksumHeader(algorithm)} (${malformedKind.replace(/-/g, ' ')}): ${JSON.stringify(malformed)}`;
            const refusedMalformed = await t.api.uploadPart(key, uploadId, 1, probe, header(algorithm, malformed));
            t.soft(() => codes.add(t.expectRefused(sentMalformed, refusedMalformed, 400)));
            await t.expectKept(`${sentWrong}; ${sentMalformed}`, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body });
            t.covered(body.length);
          },
          { maxRuns: examples.length + 2, examples },
        ),
      );
    }
    if (codes.size > 0) t.note(`refused with ${[...codes].join(', ')} (the documents say "rejected" and give no code)`);
  },
  { ...S3_ONLY, costMiB: 27 },
);

check(
  'UP-43 Upload Part with x-amz-sdk-checksum-algorithm CRC32, CRC32C, CRC64NVME, SHA1 and SHA256 and neither an x-amz-checksum-* nor an x-amz-trailer header: 400, nothing stored',
  async (t) => {
    const key = t.key('sdk-algorithm');
    const uploadId = await t.given.initiate(key);
    for (const [index, algorithm] of CHECKSUM_ALGORITHMS.entries()) {
      const name = algorithm.toUpperCase();
      await t.case(name, async () => {
        const result = await t.api.uploadPart(
          key,
          uploadId,
          index + 1,
          { seed: 43 + index, length: 100 },
          { headers: [['x-amz-sdk-checksum-algorithm', name]] },
        );
        t.note(
          `${name}: refused with ${t.expectRefused(`Upload Part ${index + 1} with x-amz-sdk-checksum-algorithm: ${name} and no checksum`, result, 400)}`,
        );
      });
    }
    const listed = await t.given.listParts(key, uploadId);
    t.expectEqual(
      'Upload Parts with x-amz-sdk-checksum-algorithm and no checksum, then List Parts',
      'part numbers',
      listed.parts.map((p) => p.partNumber),
      [],
      listed.result.response.exchange,
    );
  },
  { ...S3_ONLY, costMiB: 0.5 },
);

/** The request an AWS SDK sends for a part with a trailer checksum: the framing, its headers and its payload hash. */
function awsChunkedPart(data: Buffer, chunkSize: number, algorithm: ChecksumAlgorithm, trailerValue: string) {
  const trailer = checksumHeader(algorithm);
  return {
    body: encodeAwsChunked(chunksOf(data, chunkSize), [[trailer, trailerValue]]),
    headers: [
      ['Content-Encoding', 'aws-chunked'],
      ['x-amz-decoded-content-length', String(data.length)],
      ['x-amz-trailer', trailer],
      ['x-amz-sdk-checksum-algorithm', algorithm.toUpperCase()],
    ] as Array<[string, string]>,
    payloadHash: STREAMING_UNSIGNED_TRAILER,
  };
}

/** A case of UP-44: the body, the chunk size, the trailer's algorithm, and how near the wrong trailer is. */
type FramedCase = [BodySpec, number, (typeof CHECKSUM_ALGORITHMS)[number], WrongChecksum];

/**
 * Every algorithm and every chunking at least once: one short chunk, full chunks only, a short last chunk, one full
 * chunk, an odd chunk size; the wrong trailer of each kind. The large one, over the minimum part size, is sent only
 * where the trailer is judged, whose good upload is read back too.
 */
const FRAMED_EXAMPLES: FramedCase[] = [
  [{ seed: 44, length: 1 }, 64 * 1024, 'crc32', 'first-bit-flipped'],
  [{ seed: 45, length: CHECKSUM_BODY_MAX }, 64 * 1024, 'crc32c', 'last-bit-flipped'],
  [{ seed: 46, length: 3 * MIN_CHUNK + 5 }, MIN_CHUNK, 'sha256', 'without-last-byte'],
  [{ seed: 47, length: 64 * 1024 }, 64 * 1024, 'crc64nvme', 'case-swapped'],
  [{ seed: 48, length: 100_000 }, MIN_CHUNK + 1, 'sha1', 'first-bit-flipped'],
];

check(
  'UP-44 Upload Part framed aws-chunked (STREAMING-UNSIGNED-PAYLOAD-TRAILER) with every trailer algorithm, chunks of 8 KiB and more (aligned or not) and bodies up to the minimum part size + 1: stored as the decoded bytes; a trailer checksum a bit or a byte away, or with its case swapped, refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    const cases = fc.tuple(checksumBody(), chunkSize(), fc.constantFrom(...CHECKSUM_ALGORITHMS), fc.constantFrom(...WRONG_CHECKSUMS));
    const framedUpload = async ([spec, size, algorithm]: FramedCase, label: string) => {
      const data = bodyBytes(spec);
      const framed = awsChunkedPart(data, size, algorithm, checksumOf(algorithm, data));
      await t.reserve(2 * framed.body.length);
      const key = t.key(label);
      const uploadId = await t.given.initiate(key);
      const sent = `Upload Part 1: ${spec.length} bytes aws-chunked in chunks of ${size}, trailer ${checksumHeader(algorithm)}`;
      const good = await t.api.uploadPartFramed(key, uploadId, 1, framed);
      return { key, uploadId, sent, good, data };
    };
    await t.case('stored as the decoded bytes', () =>
      t.forAll(
        'aws-chunked-stored',
        cases,
        async (value) => {
          const { key, uploadId, sent, good } = await framedUpload(value, 'aws-chunked-stored');
          t.expectSuccess(sent, good);
          t.given.that(sent, good, good.value?.etag !== undefined, 'an ETag to complete with');
          await t.given.complete(key, uploadId, [{ partNumber: 1, etag: good.value!.etag! }]);
          await t.expectObjectBytes(`${sent}, then Complete and GET`, key, [value[0]]);
          t.covered(value[0].length);
        },
        { maxRuns: FRAMED_EXAMPLES.length + 2, examples: FRAMED_EXAMPLES },
      ),
    );
    const trailerExamples: FramedCase[] = [
      ...FRAMED_EXAMPLES,
      [{ seed: 49, length: t.dialect.minPartSize + 1 }, 64 * 1024, 'crc32', 'first-bit-flipped'],
    ];
    await t.case('a wrong trailer checksum refused', () =>
      t.forAll(
        'aws-chunked-trailer',
        cases,
        async (value) => {
          const [spec, size, algorithm, wrongKind] = value;
          const { key, uploadId, sent, good } = await framedUpload(value, 'aws-chunked-trailer');
          t.given.that(sent, good, good.ok && good.value?.etag !== undefined, '200 with an ETag');
          const otherData = bodyBytes(other(spec));
          const wrong = awsChunkedPart(otherData, size, algorithm, wrongChecksumValue(wrongKind, algorithm, otherData));
          const sentWrong = `${sent}, then part 1 again with other bytes and their trailer checksum ${wrongKind.replace(/-/g, ' ')}`;
          const refused = await t.api.uploadPartFramed(key, uploadId, 1, wrong);
          t.soft(() => codes.add(t.expectRefused(sentWrong, refused, 400)));
          await t.expectKept(sentWrong, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body: spec });
          t.covered(spec.length);
        },
        { maxRuns: trailerExamples.length + 2, examples: trailerExamples },
      ),
    );
    if (codes.size > 0) t.note(`a wrong trailer checksum refused with ${[...codes].join(', ')}`);
  },
  { ...S3_ONLY, costMiB: 16 },
);
