import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { Sha512 } from '@aws-sdk/checksums/sha';
import { Xxh3_64, Xxh3_128, Xxh64 } from '@aws-sdk/checksums/xxh';
import {
  AbortMultipartUploadCommand,
  type ChecksumAlgorithm,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { type AwsSdkAgainstEmulator, awsSdkAgainstEmulator } from '../helpers/aws-sdk-emulator.js';
import type { EmulatorFixture } from '../helpers/emulator.js';

// The AWS SDK for JavaScript as shipped, with its own implementations of the algorithms S3 added in 2025 (handed to
// the client, as its checksumAlgorithms option asks), puts the new checksums on the wire, as a header for a buffered
// body and as an aws-chunked trailer for a stream; the emulator (s3 profile) must verify them (UP-56). The checksum
// type of a multipart upload, MpuObjectSize and If-None-Match are driven the same way (UP-57, UP-60, UP-61).
let fixture: EmulatorFixture;
let s3: S3Client;
let seen: ObservedRequest[];
let sdk: AwsSdkAgainstEmulator;

beforeAll(async () => {
  sdk = await awsSdkAgainstEmulator({ checksumAlgorithms: { XXHASH64: Xxh64, XXHASH3: Xxh3_64, XXHASH128: Xxh3_128, SHA512: Sha512 } });
  ({ fixture, s3, seen } = sdk);
});

afterAll(() => sdk.close());

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
const Bucket = () => fixture.config.bucket;

/** The SDK's own digest of `data`, base64, as a checksum header carries it. */
async function sdkDigest(
  Impl: new () => { update(data: Uint8Array): void; digest(): Promise<Uint8Array> },
  data: Uint8Array,
): Promise<string> {
  const hash = new Impl();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('base64');
}

const ADDED = [
  ['XXHASH64', Xxh64],
  ['XXHASH3', Xxh3_64],
  ['XXHASH128', Xxh3_128],
  ['SHA512', Sha512],
] as const;

describe('the AWS SDK for JavaScript v3 with the checksums S3 added in 2025', () => {
  test.each(ADDED)(
    'UploadPart with ChecksumAlgorithm %s: a header for a buffer, a trailer for a stream; the emulator verifies both, and refuses a wrong value',
    async (algorithm, Impl) => {
      const Key = `aws-sdk/added-${algorithm}.bin`;
      const data = bodyBytes({ seed: 560 + algorithm.length, length: 300_000 });
      const header = `x-amz-checksum-${algorithm.toLowerCase()}`;
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: Bucket(), Key }));
      try {
        let before = seen.length;
        const buffered = await s3.send(
          new UploadPartCommand({
            Bucket: Bucket(),
            Key,
            UploadId,
            PartNumber: 1,
            Body: data,
            ChecksumAlgorithm: algorithm as ChecksumAlgorithm,
          }),
        );
        const sentAsHeader = seen.slice(before).find((s) => s.method === 'PUT')!;
        expect(sentAsHeader.headers[header]).toBe(await sdkDigest(Impl, data));
        expect(sentAsHeader.status).toBe(200);
        expect(buffered.ETag).toBe(`"${md5(data)}"`);
        before = seen.length;
        await s3.send(
          new UploadPartCommand({
            Bucket: Bucket(),
            Key,
            UploadId,
            PartNumber: 2,
            Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
            ContentLength: data.length,
            ChecksumAlgorithm: algorithm as ChecksumAlgorithm,
          }),
        );
        const sentAsTrailer = seen.slice(before).find((s) => s.method === 'PUT')!;
        expect(sentAsTrailer.headers['x-amz-trailer']).toBe(header);
        expect(sentAsTrailer.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
        expect(sentAsTrailer.status).toBe(200);
        const refused = await s3
          .send(
            new UploadPartCommand({
              Bucket: Bucket(),
              Key,
              UploadId,
              PartNumber: 3,
              Body: data,
              [`Checksum${algorithm}`]: await sdkDigest(Impl, Buffer.from('other bytes')),
            }),
          )
          .catch((error: { $metadata?: { httpStatusCode?: number } }) => error);
        expect(refused).toMatchObject({ $metadata: { httpStatusCode: 400 } });
      } finally {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: Bucket(), Key, UploadId }));
      }
    },
  );

  test.each([
    ['CRC32', Crc32],
    ['CRC32C', Crc32c],
    ['CRC64NVME', Crc64Nvme],
  ] as const)(
    "a FULL_OBJECT %s upload of two parts: CompleteMultipartUpload answers the SDK's own checksum of the whole object",
    async (algorithm, Impl) => {
      const Key = `aws-sdk/full-object-${algorithm}.bin`;
      const first = bodyBytes({ seed: 571, length: 5 * 1024 * 1024 });
      const second = bodyBytes({ seed: 572, length: 12_345 });
      const { UploadId } = await s3.send(
        new CreateMultipartUploadCommand({ Bucket: Bucket(), Key, ChecksumAlgorithm: algorithm, ChecksumType: 'FULL_OBJECT' }),
      );
      const field = `Checksum${algorithm}` as const;
      const parts = [];
      for (const [index, Body] of [first, second].entries()) {
        const answer = await s3.send(
          new UploadPartCommand({ Bucket: Bucket(), Key, UploadId, PartNumber: index + 1, Body, ChecksumAlgorithm: algorithm }),
        );
        parts.push({ PartNumber: index + 1, ETag: answer.ETag!, [field]: answer[field] });
      }
      const whole = Buffer.concat([first, second]);
      const completed = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: Bucket(),
          Key,
          UploadId,
          ChecksumType: 'FULL_OBJECT',
          MpuObjectSize: whole.length,
          MultipartUpload: { Parts: parts },
        }),
      );
      expect(completed.ChecksumType).toBe('FULL_OBJECT');
      expect(completed[field]).toBe(await sdkDigest(Impl, whole));
      const got = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key }));
      expect(md5(await got.Body!.transformToByteArray())).toBe(md5(whole));
    },
  );

  test('CompleteMultipartUpload with a wrong MpuObjectSize is 400 InvalidRequest; with IfNoneMatch "*" on an existing key 412 PreconditionFailed', async () => {
    const Key = 'aws-sdk/conditions.bin';
    const data = bodyBytes({ seed: 600, length: 1000 });
    await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key, Body: Buffer.from('already here') }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: Bucket(), Key }));
    const part = await s3.send(new UploadPartCommand({ Bucket: Bucket(), Key, UploadId, PartNumber: 1, Body: data }));
    const MultipartUpload = { Parts: [{ PartNumber: 1, ETag: part.ETag! }] };
    const failure = (error: { $metadata?: { httpStatusCode?: number }; name?: string }) => ({
      status: error.$metadata?.httpStatusCode,
      name: error.name,
    });
    expect(
      await s3
        .send(new CompleteMultipartUploadCommand({ Bucket: Bucket(), Key, UploadId, MpuObjectSize: 999, MultipartUpload }))
        .catch(failure),
    ).toEqual({ status: 400, name: 'InvalidRequest' });
    expect(
      await s3
        .send(new CompleteMultipartUploadCommand({ Bucket: Bucket(), Key, UploadId, IfNoneMatch: '*', MultipartUpload }))
        .catch(failure),
    ).toEqual({ status: 412, name: 'PreconditionFailed' });
    const object = await s3.send(new GetObjectCommand({ Bucket: Bucket(), Key }));
    expect(await object.Body!.transformToString()).toBe('already here');
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: Bucket(), Key, UploadId, MpuObjectSize: 1000, MultipartUpload }));
  });
});
