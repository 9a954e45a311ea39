/**
 * S3's additional checksums on UploadPart (Amazon S3 API Reference, UploadPart, request headers x-amz-checksum-*
 * and x-amz-sdk-checksum-algorithm) and the aws-chunked framing with a trailer that the AWS SDKs send by default
 * since 2025 (AWS Signature Version 4, STREAMING-UNSIGNED-PAYLOAD-TRAILER). S3 profile only: COS has its own
 * CRC-64 (response-headers.spec.ts, complete-multipart-upload.spec.ts).
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { bodySeed, logUniformSize } from '../src/generators/bodies.js';
import { malformedChecksum } from '../src/generators/header-values.js';
import { chunksOf, encodeAwsChunked, STREAMING_UNSIGNED_TRAILER } from '../src/protocol/aws-chunked.js';
import { bodyBytes, type BodySpec } from '../src/protocol/body.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, checksumOf, type ChecksumAlgorithm } from '../src/protocol/checksums.js';

conformanceSpec(import.meta.url);

const S3_ONLY = { profiles: ['s3'] as const, reason: 'the x-amz-checksum-* headers and aws-chunked are S3 protocol; COS checks bodies by Content-MD5 and CRC-64' };
const CHECKSUM_BODY_MAX = 1024 * 1024;
/**
 * The chunk sizes of a valid aws-chunked body: every chunk but the last at least 8 KiB, as S3 requires ("the chunk
 * size must be at least 8 KB", AWS Signature Version 4, streaming uploads; smaller ones are refused with 403
 * InvalidChunkSizeError). 64 KiB is what the AWS SDKs send.
 */
const MIN_CHUNK = 8 * 1024;
const chunkSize = (): fc.Arbitrary<number> => fc.oneof(fc.constantFrom(MIN_CHUNK, 64 * 1024), fc.integer({ min: MIN_CHUNK, max: 256 * 1024 }));
const checksumBody = (): fc.Arbitrary<BodySpec> => fc.record({ seed: bodySeed, length: logUniformSize(CHECKSUM_BODY_MAX) });
const other = (body: BodySpec): BodySpec => ({ seed: body.seed + 1, length: body.length });
/** A well-formed checksum that is certainly wrong: the true one with its first bit flipped. */
const flipped = (value: string) => {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = bytes[0]! ^ 0x80;
  return bytes.toString('base64');
};
const header = (algorithm: ChecksumAlgorithm, value: string) => ({ headers: [[checksumHeader(algorithm), value]] as Array<[string, string]> });

check(
  'UP-42 Upload Part with x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 and -sha256 over bodies from 1 B to 1 MiB: the true value accepted; a value of other bytes and a malformed value refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      await t.case(algorithm, () =>
        t.forAll(
          algorithm,
          checksumBody().chain((body) => fc.tuple(fc.constant(body), malformedChecksum(algorithm, checksumOf(algorithm, body)))),
          async ([body, malformed]) => {
            await t.reserve(3 * body.length);
            const key = t.key(`checksum-${algorithm}`);
            const uploadId = await t.given.initiate(key);
            const trueValue = checksumOf(algorithm, body);
            const good = await t.api.uploadPart(key, uploadId, 1, body, header(algorithm, trueValue));
            const sentGood = `Upload Part 1 (${body.length} bytes) with its true ${checksumHeader(algorithm)}: ${trueValue}`;
            t.expectSuccess(sentGood, good);
            t.given.that(sentGood, good, good.value?.etag !== undefined, 'an ETag to complete with');
            const wrong = flipped(checksumOf(algorithm, other(body)));
            const sentWrong = `Upload Part 1 again (other bytes) with ${checksumHeader(algorithm)}: ${wrong}, their checksum with one bit flipped`;
            const refusedWrong = await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, wrong));
            t.soft(() => codes.add(t.expectRefused(sentWrong, refusedWrong, 400)));
            const sentMalformed = `Upload Part 1 again (other bytes) with a malformed ${checksumHeader(algorithm)}: ${JSON.stringify(malformed)}`;
            const refusedMalformed = await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, malformed));
            t.soft(() => codes.add(t.expectRefused(sentMalformed, refusedMalformed, 400)));
            await t.expectKept(`${sentWrong}; ${sentMalformed}`, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body });
            t.covered(body.length);
          },
          { maxRuns: 3, examples: [[{ seed: 42, length: 1 }, 'AAAA'], [{ seed: 43, length: CHECKSUM_BODY_MAX }, 'not base64!']] },
        ),
      );
    }
    if (codes.size > 0) t.note(`refused with ${[...codes].join(', ')} (the documents say "rejected" and give no code)`);
  },
  { ...S3_ONLY, costMiB: 21 },
);

check(
  'UP-43 Upload Part with x-amz-sdk-checksum-algorithm CRC32 and neither an x-amz-checksum-* nor an x-amz-trailer header: 400, nothing stored',
  async (t) => {
    const key = t.key('sdk-algorithm');
    const uploadId = await t.given.initiate(key);
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 43, length: 100 }, { headers: [['x-amz-sdk-checksum-algorithm', 'CRC32']] });
    t.soft(() => t.note(`refused with ${t.expectRefused('Upload Part 1 with x-amz-sdk-checksum-algorithm: CRC32 and no checksum', result, 400)}`));
    const listed = await t.given.listParts(key, uploadId);
    t.expectEqual('Upload Part 1 with x-amz-sdk-checksum-algorithm: CRC32 and no checksum, then List Parts', 'part numbers', listed.parts.map((p) => p.partNumber), [], listed.result.response.exchange);
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

check(
  'UP-44 Upload Part framed aws-chunked (STREAMING-UNSIGNED-PAYLOAD-TRAILER) with generated bodies, chunk sizes of 8 KiB and more and trailer checksums: stored as the decoded bytes; a wrong trailer checksum refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    const cases = fc.tuple(checksumBody(), chunkSize(), fc.constantFrom(...CHECKSUM_ALGORITHMS));
    const examples: Array<[BodySpec, number, (typeof CHECKSUM_ALGORITHMS)[number]]> = [
      [{ seed: 44, length: 1 }, 64 * 1024, 'crc32'],
      [{ seed: 45, length: CHECKSUM_BODY_MAX }, 64 * 1024, 'crc32'],
      [{ seed: 46, length: 3 * MIN_CHUNK + 5 }, MIN_CHUNK, 'sha256'],
    ];
    const framedUpload = async ([spec, size, algorithm]: [BodySpec, number, (typeof CHECKSUM_ALGORITHMS)[number]], label: string) => {
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
        { maxRuns: 6, examples },
      ),
    );
    await t.case('a wrong trailer checksum refused', () =>
      t.forAll(
        'aws-chunked-trailer',
        cases,
        async (value) => {
          const [spec, size, algorithm] = value;
          const { key, uploadId, sent, good } = await framedUpload(value, 'aws-chunked-trailer');
          t.given.that(sent, good, good.ok && good.value?.etag !== undefined, '200 with an ETag');
          const otherData = bodyBytes(other(spec));
          const wrong = awsChunkedPart(otherData, size, algorithm, flipped(checksumOf(algorithm, otherData)));
          const sentWrong = `${sent}, then part 1 again with other bytes and their trailer checksum with one bit flipped`;
          const refused = await t.api.uploadPartFramed(key, uploadId, 1, wrong);
          t.soft(() => codes.add(t.expectRefused(sentWrong, refused, 400)));
          await t.expectKept(sentWrong, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body: spec });
        },
        { maxRuns: 6, examples },
      ),
    );
    if (codes.size > 0) t.note(`a wrong trailer checksum refused with ${[...codes].join(', ')}`);
  },
  { ...S3_ONLY, costMiB: 5 },
);
