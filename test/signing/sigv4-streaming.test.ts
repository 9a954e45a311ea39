import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uploadPartSignedStreaming } from '../../src/api/signed-streaming.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { checksumOf } from '../../src/protocol/checksums.js';
import { signSigV4 } from '../../src/signing/sigv4.js';
import {
  chunkSignature,
  chunkSizesOf,
  encodeSignedChunks,
  MIN_SIGNED_CHUNK,
  STREAMING_SIGNED_PAYLOAD,
  signedChunkedLength,
  streamingContext,
} from '../../src/signing/sigv4-streaming.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('SigV4 signed streaming', () => {
  // "Transferring Payload in Multiple Chunks (AWS Signature Version 4)", example: 65 KiB of "a" in 64 KiB chunks,
  // PUT /examplebucket/chunkObject.txt on 2013-05-24, us-east-1.
  test('the worked example of the AWS page: seed, chunk signatures and Content-Length', () => {
    const seed = signSigV4({
      method: 'PUT',
      encodedPath: '/examplebucket/chunkObject.txt',
      query: [],
      signedHeaders: [
        ['content-encoding', 'aws-chunked'],
        ['content-length', '66824'],
        ['host', 's3.amazonaws.com'],
        ['x-amz-content-sha256', STREAMING_SIGNED_PAYLOAD],
        ['x-amz-date', '20130524T000000Z'],
        ['x-amz-decoded-content-length', '66560'],
        ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
      ],
      payloadHash: STREAMING_SIGNED_PAYLOAD,
      amzDate: '20130524T000000Z',
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
    }).signature;
    expect(seed).toBe('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const context = streamingContext({ secretAccessKey: SECRET, amzDate: '20130524T000000Z', region: 'us-east-1' });
    const first = chunkSignature(context, seed, sha256(Buffer.alloc(65536, 'a')));
    const second = chunkSignature(context, first, sha256(Buffer.alloc(1024, 'a')));
    expect([first, second, chunkSignature(context, second, sha256(Buffer.alloc(0)))]).toEqual([
      'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
      '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
      'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
    ]);
    const body = encodeSignedChunks(Buffer.alloc(66560, 'a'), { chunkSizes: [65536, 1024] }, context, seed);
    expect(body.length).toBe(66824);
    expect(signedChunkedLength({ chunkSizes: [65536, 1024] })).toBe(66824);
    const head = `10000;chunk-signature=${first}\r\n`;
    const tail = '\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n';
    expect(body.subarray(0, head.length).toString('latin1')).toBe(head);
    expect(body.subarray(-tail.length).toString('latin1')).toBe(tail);
  });

  // The AWS SDK's signer signs event-stream messages with the same chain: "AWS4-HMAC-SHA256-PAYLOAD", the prior
  // signature, the SHA-256 of the (here empty) headers and of the payload. Used only as an oracle.
  test('every chunk signature of generated bodies and chunk sizes agrees with @smithy/signature-v4', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 40_000 }),
        fc.integer({ min: MIN_SIGNED_CHUNK, max: 20_000 }),
        fc.date({ min: new Date('2015-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        async (data, chunkSize, date, seed) => {
          const amzDate = date
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}/, '');
          const signer = new SignatureV4({
            credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
            region: 'ap-guangzhou',
            service: 's3',
            sha256: Hash.bind(null, 'sha256'),
          });
          const context = streamingContext({ secretAccessKey: SECRET, amzDate, region: 'ap-guangzhou' });
          let ours = seed;
          let theirs = seed;
          let offset = 0;
          for (const size of [...chunkSizesOf(data.length, chunkSize), 0]) {
            const chunk = data.subarray(offset, offset + size);
            offset += size;
            ours = chunkSignature(context, ours, sha256(chunk));
            theirs = await signer.sign({ headers: new Uint8Array(0), payload: chunk }, { signingDate: date, priorSignature: theirs });
            expect(ours).toBe(theirs);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('a signed streaming Upload Part against the emulator', () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await withEmulator({ COS_PROFILE: 's3', COS_ADDRESSING: 'path' });
  });
  afterAll(() => fixture.close());

  test('a request the AWS SDK signs (seed and chunks by @smithy/signature-v4), sent as is, is stored decoded; the AWS SDK completes it and reads it back', async () => {
    const { config, emulator } = fixture;
    const credentials = {
      accessKeyId: config.credentials.secretId,
      secretAccessKey: config.credentials.secretKey,
      sessionToken: config.credentials.securityToken!,
    };
    const s3 = new S3Client({ region: config.region, endpoint: emulator.endpoint.origin, forcePathStyle: true, credentials });
    try {
      const Bucket = config.bucket;
      const Key = 'signed/by-the-sdk.bin';
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
      const data = bodyBytes({ seed: 62, length: 3 * MIN_SIGNED_CHUNK + 1000 });
      const chunkSizes = chunkSizesOf(data.length, MIN_SIGNED_CHUNK);
      const signingDate = new Date();
      const signer = new SignatureV4({
        credentials,
        region: config.region,
        service: 's3',
        sha256: Hash.bind(null, 'sha256'),
        uriEscapePath: false,
      });
      const host = emulator.endpoint.host;
      const path = `/${Bucket}/${Key}`;
      const headers: Record<string, string> = {
        host,
        'content-encoding': 'aws-chunked',
        'content-length': String(signedChunkedLength({ chunkSizes })),
        'x-amz-content-sha256': STREAMING_SIGNED_PAYLOAD,
        'x-amz-decoded-content-length': String(data.length),
      };
      const signed = await signer.sign(
        {
          method: 'PUT',
          protocol: 'http:',
          hostname: emulator.endpoint.hostname,
          port: Number(emulator.endpoint.port),
          path,
          query: { partNumber: '1', uploadId: UploadId! },
          headers,
        },
        { signingDate },
      );
      const seed = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization!)![1]!;
      const parts: Buffer[] = [];
      let previous = seed;
      let offset = 0;
      for (const size of [...chunkSizes, 0]) {
        const chunk = data.subarray(offset, offset + size);
        offset += size;
        previous = await signer.sign({ headers: new Uint8Array(0), payload: chunk }, { signingDate, priorSignature: previous });
        parts.push(Buffer.from(`${size.toString(16)};chunk-signature=${previous}\r\n`), chunk, Buffer.from(size > 0 ? '\r\n' : ''));
      }
      parts.push(Buffer.from('\r\n'));
      const body = Buffer.concat(parts);
      expect(body.length).toBe(Number(headers['content-length']));
      const answer = await new Promise<{ status: number; etag: string | undefined }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: emulator.endpoint.hostname,
            port: emulator.endpoint.port,
            method: 'PUT',
            path: `${path}?partNumber=1&uploadId=${UploadId}`,
            headers: signed.headers,
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(answer.status).toBe(200);
      expect(answer.etag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
      await s3.send(
        new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: answer.etag! }] } }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    } finally {
      s3.destroy();
    }
  });

  test("the suite's own client: with a trailer, and with a spoilt chunk signature (403, nothing stored)", async () => {
    const api = fixture.api;
    const key = 'signed/by-the-suite.bin';
    const initiated = await api.initiate(key);
    const uploadId = initiated.value!.uploadId;
    const data = bodyBytes({ seed: 63, length: 2 * MIN_SIGNED_CHUNK + 7 });
    const chunkSizes = chunkSizesOf(data.length, MIN_SIGNED_CHUNK);
    const crc32 = checksumOf('crc32', data);
    const good = await uploadPartSignedStreaming(api, key, uploadId, 1, data, {
      chunkSizes,
      trailer: { algorithm: 'crc32', value: crc32 },
    });
    expect(good.status).toBe(200);
    const spoilt = await uploadPartSignedStreaming(api, key, uploadId, 1, bodyBytes({ seed: 64, length: data.length }), {
      chunkSizes,
      tamper: (i, s) => (i === 1 ? `${s[0] === '0' ? '1' : '0'}${s.slice(1)}` : s),
    });
    expect([spoilt.status, spoilt.error?.code]).toEqual([403, 'SignatureDoesNotMatch']);
    const listed = await api.listParts(key, uploadId);
    expect(listed.value!.parts.map((p) => p.etag)).toEqual([good.value!.etag]);
    await api.abort(key, uploadId);
  });
});
