/**
 * S3's additional checksums on UploadPart (Amazon S3 API Reference, UploadPart, request headers x-amz-checksum-*
 * and x-amz-sdk-checksum-algorithm) and the aws-chunked framing with a trailer that the AWS SDKs send by default
 * since 2025 (AWS Signature Version 4, STREAMING-UNSIGNED-PAYLOAD-TRAILER). S3 profile only: COS has its own
 * CRC-64 (response-headers.spec.ts, complete-multipart-upload.spec.ts).
 */
import fc from 'fast-check';
import { check, conformanceSpec, type CheckContext } from '../src/harness/check.js';
import { bodySeed, logUniformSize } from '../src/generators/bodies.js';
import { malformedChecksum } from '../src/generators/header-values.js';
import { chunksOf, encodeAwsChunked, STREAMING_UNSIGNED_TRAILER } from '../src/protocol/aws-chunked.js';
import { bodyBytes, type BodySpec } from '../src/protocol/body.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, checksumOf, type ChecksumAlgorithm } from '../src/protocol/checksums.js';

conformanceSpec(import.meta.url);

const S3_ONLY = { profiles: ['s3'] as const, reason: 'the x-amz-checksum-* headers and aws-chunked are S3 protocol; COS checks bodies by Content-MD5 and CRC-64' };
const CHECKSUM_BODY_MAX = 1024 * 1024;
const checksumBody = (): fc.Arbitrary<BodySpec> => fc.record({ seed: bodySeed, length: logUniformSize(CHECKSUM_BODY_MAX) });
const other = (body: BodySpec): BodySpec => ({ seed: body.seed + 1, length: body.length });
/** A well-formed checksum that is certainly wrong: the true one with its first bit flipped. */
const flipped = (value: string) => {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = bytes[0]! ^ 0x80;
  return bytes.toString('base64');
};
const header = (algorithm: ChecksumAlgorithm, value: string) => ({ headers: [[checksumHeader(algorithm), value]] as Array<[string, string]> });

/** Complete with the part kept and read the object back: what a refused re-upload must not have changed. */
async function expectKept(t: CheckContext, sent: string, key: string, uploadId: string, kept: { partNumber: number; etag: string; body: BodySpec }): Promise<void> {
  await t.given.complete(key, uploadId, [kept]);
  await t.expectObjectBytes(`${sent}, then Complete with the first ETag`, key, [kept.body]);
}

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
            t.expectSuccess(`Upload Part 1 (${body.length} bytes) with its true ${checksumHeader(algorithm)}: ${trueValue}`, good);
            const wrong = flipped(checksumOf(algorithm, other(body)));
            const sentWrong = `Upload Part 1 again (other bytes) with ${checksumHeader(algorithm)}: ${wrong}, their checksum with one bit flipped`;
            codes.add(t.expectRefused(sentWrong, await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, wrong)), 400));
            const sentMalformed = `Upload Part 1 again (other bytes) with a malformed ${checksumHeader(algorithm)}: ${JSON.stringify(malformed)}`;
            codes.add(t.expectRefused(sentMalformed, await t.api.uploadPart(key, uploadId, 1, other(body), header(algorithm, malformed)), 400));
            await expectKept(t, `${sentWrong}; ${sentMalformed}`, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body });
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
    const code = t.expectRefused('Upload Part 1 with x-amz-sdk-checksum-algorithm: CRC32 and no checksum', result, 400);
    t.note(`refused with ${code}`);
    const listed = await t.api.listParts(key, uploadId);
    t.given.that('List Parts', listed, listed.ok && listed.value !== undefined, '200 ListPartsResult');
    t.expectEqual('the refused Upload Part, then List Parts', 'part numbers', listed.value!.parts.map((p) => p.partNumber), [], listed.response.exchange);
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
  'UP-44 Upload Part framed aws-chunked (STREAMING-UNSIGNED-PAYLOAD-TRAILER) with generated bodies, chunk sizes and trailer checksums: stored as the decoded bytes; a wrong trailer checksum refused with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    await t.forAll(
      'aws-chunked',
      fc.tuple(checksumBody(), fc.oneof(fc.constant(64 * 1024), fc.integer({ min: 1, max: 256 * 1024 })), fc.constantFrom(...CHECKSUM_ALGORITHMS)),
      async ([spec, chunkSize, algorithm]) => {
        const data = bodyBytes(spec);
        const framed = awsChunkedPart(data, chunkSize, algorithm, checksumOf(algorithm, data));
        await t.reserve(2 * framed.body.length);
        const key = t.key('aws-chunked');
        const uploadId = await t.given.initiate(key);
        const sent = `Upload Part 1: ${spec.length} bytes aws-chunked in chunks of ${chunkSize}, trailer ${checksumHeader(algorithm)}`;
        const good = await t.api.uploadPartFramed(key, uploadId, 1, framed);
        t.expectSuccess(sent, good);
        const otherData = bodyBytes(other(spec));
        const wrong = awsChunkedPart(otherData, chunkSize, algorithm, flipped(checksumOf(algorithm, otherData)));
        const sentWrong = `${sent}, then part 1 again with other bytes and their trailer checksum with one bit flipped`;
        codes.add(t.expectRefused(sentWrong, await t.api.uploadPartFramed(key, uploadId, 1, wrong), 400));
        await expectKept(t, sentWrong, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body: spec });
        t.covered(spec.length);
      },
      { maxRuns: 6, examples: [[{ seed: 44, length: 1 }, 64 * 1024, 'crc32'], [{ seed: 45, length: CHECKSUM_BODY_MAX }, 64 * 1024, 'crc32']] },
    );
    if (codes.size > 0) t.note(`a wrong trailer checksum refused with ${[...codes].join(', ')}`);
  },
  { ...S3_ONLY, costMiB: 5 },
);
