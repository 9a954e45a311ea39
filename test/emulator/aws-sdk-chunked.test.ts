import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { checksumOf } from '../../src/protocol/checksums.js';
import { type AwsSdkAgainstEmulator, awsSdkAgainstEmulator } from '../helpers/aws-sdk-emulator.js';
import type { EmulatorFixture } from '../helpers/emulator.js';

// The AWS SDK for JavaScript as shipped, not a request built here: since 2025 it sends an UploadPart whose body is
// a stream as aws-chunked with an unsigned payload and a CRC32 trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER). The
// emulator under the s3 profile must store the decoded bytes and verify the trailer (UP-44), as S3 does.
let fixture: EmulatorFixture;
let s3: S3Client;
let seen: ObservedRequest[];
let sdk: AwsSdkAgainstEmulator;

beforeAll(async () => {
  sdk = await awsSdkAgainstEmulator();
  ({ fixture, s3, seen } = sdk);
});

afterAll(() => sdk.close());

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

describe('the AWS SDK for JavaScript v3, UploadPart with a streamed body', () => {
  test('sends aws-chunked with a trailer checksum; the emulator stores the decoded bytes, and GetObject returns them', async () => {
    const Bucket = fixture.config.bucket;
    const Key = 'aws-sdk/chunked.bin';
    const data = bodyBytes({ seed: 44, length: 5 * 1024 * 1024 + 777 });
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const before = seen.length;
    const part = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key,
        UploadId,
        PartNumber: 1,
        Body: Readable.from([data.subarray(0, 3 * 1024 * 1024), data.subarray(3 * 1024 * 1024)]),
        ContentLength: data.length,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    const request = seen.slice(before).find((s) => s.method === 'PUT')!;
    // What the SDK put on the wire: the framing this test is about.
    expect(request.headers['content-encoding']).toMatch(/aws-chunked/);
    expect(request.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(request.headers['x-amz-decoded-content-length']).toBe(String(data.length));
    expect(request.headers['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    expect(request.status).toBe(200);
    expect(part.ETag).toBe(`"${md5(data)}"`);
    expect(part.ChecksumCRC32).toBe(checksumOf('crc32', data));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] } }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect(md5(await got.Body!.transformToByteArray())).toBe(md5(data));
  });

  test('UploadPart with a ChecksumCRC32 of other bytes is refused with 400', async () => {
    const Bucket = fixture.config.bucket;
    const Key = 'aws-sdk/tampered.bin';
    const data = bodyBytes({ seed: 45, length: 100_000 });
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    // A checksum the caller supplies is sent as given: one of other bytes must be refused, wherever the SDK puts it.
    const refused = await s3
      .send(
        new UploadPartCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber: 1,
          Body: Readable.from([data]),
          ContentLength: data.length,
          ChecksumCRC32: checksumOf('crc32', Buffer.from('other bytes')),
        }),
      )
      .catch((error: { $metadata?: { httpStatusCode?: number }; name?: string }) => error);
    expect(refused).toMatchObject({ $metadata: { httpStatusCode: 400 } });
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
  });
});
