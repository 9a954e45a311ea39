/**
 * Upload Part, "Response" (special response headers x-cos-server-side-encryption, x-cos-storage-class; the Use
 * Case's ETag), and the common response headers of doc 7729 (x-cos-request-id, x-cos-trace-id,
 * x-cos-hash-crc64ecma). Under the s3 profile the x-amz-* names apply and the CRC-64 check does not.
 *
 * Dimensions, each value a fixed example run at every seed: UP-16 and UP-20 the body's size class (1 B, the minimum
 * part size - 1, exactly and + 1, over 4 MiB; src/generators/bodies.ts) and the part number; UP-17 the upload's
 * encryption (AES256, none: recorded); UP-18 the storage class (STANDARD_IA, ARCHIVE, STANDARD); UP-19 the answer
 * (a success, an error).
 */
import fc from 'fast-check';
import { boundaryBodies, integrityBody } from '../src/generators/bodies.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { describeAnswer } from '../src/harness/signals.js';
import type { BodySpec } from '../src/protocol/body.js';

conformanceSpec(import.meta.url);

check(
  'UP-15 Upload Part, then List Parts and Complete with the ETag it answered',
  async (t) => {
    const key = t.key('etag');
    const uploadId = await t.given.initiate(key);
    const body = { seed: 1, length: 100 };
    const part = await t.uploadOk(key, uploadId, 1, body);
    t.soft(() => t.expectThat('Upload Part 1', /^"[^"]+"$/.test(part.etag), 'ETag: a quoted string', `ETag: ${part.etag}`));
    await t.case('List Parts reports it', async () => {
      const listed = await t.given.listParts(key, uploadId);
      t.expectEqual(
        'Upload Part 1, then List Parts',
        '[ETag, Size] of part 1',
        [listed.parts[0]?.etag, listed.parts[0]?.size],
        [part.etag, body.length],
        listed.result.response.exchange,
      );
    });
    await t.case('Complete accepts it', () => t.completeOk(key, uploadId, [part]));
  },
  { costMiB: 0.5 },
);

check(
  'UP-16 Upload Part with bodies from 1 B to 8 MiB, the size boundaries first: the ETag is the quoted lower-case hex MD5 of the body',
  async (t) => {
    const key = t.key('etag-md5');
    const uploadId = await t.given.initiate(key);
    await t.forAll(
      'etag-md5',
      fc.tuple(fc.integer({ min: 1, max: 10000 }), integrityBody()),
      async ([partNumber, body]) => {
        await t.reserve(body.length);
        const result = await t.api.uploadPart(key, uploadId, partNumber, body);
        const sent = `Upload Part ${partNumber} with ${body.length} bytes`;
        t.given.that(sent, result, result.ok, '200');
        // Doc 7729 does not promise the MD5 (UP-16 is SHOULD), but COS answers it for parts of unencrypted uploads.
        t.expectHeader(sent, result, 'ETag', `"${result.response.sentDigest!.md5Hex}"`);
        t.covered(body.length);
      },
      { maxRuns: 12, examples: boundaryBodies(t.dialect.minPartSize).map((body, i): [number, BodySpec] => [i + 1, body]) },
    );
  },
  { costMiB: 22 },
);

check(
  'UP-17 Upload Part to an upload initiated with SSE-COS (AES256), and (recorded) to one initiated without',
  async (t) => {
    await t.case('initiated with SSE AES256', async () => {
      const key = t.key('sse-aes256');
      const uploadId = await t.given.initiate(key, { serverSideEncryption: 'AES256' });
      const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 10 });
      const sent = `Upload Part to an upload initiated with ${t.dialect.sseHeader}: AES256`;
      t.given.that(sent, result, result.ok, '200');
      t.expectHeader(sent, result, t.dialect.sseHeader, 'AES256');
    });
    // A bucket with default encryption encrypts a part anyway, and may say so: recorded, not judged.
    await t.case('initiated without SSE', async () => {
      const key = t.key('sse-none');
      const uploadId = await t.given.initiate(key);
      const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 10 });
      t.note(
        `a part of an upload initiated without SSE: ${result.ok ? `${t.dialect.sseHeader}: ${result.response.headers[t.dialect.sseHeader] ?? '(absent)'}` : describeAnswer(result)}`,
      );
    });
  },
  { costMiB: 0.5 },
);

check(
  'UP-18 Upload Part to uploads initiated as STANDARD_IA, ARCHIVE and STANDARD',
  async (t) => {
    for (const storageClass of ['STANDARD_IA', 'ARCHIVE', 'STANDARD']) {
      await t.case(storageClass, async () => {
        const key = t.key(`class-${storageClass}`);
        const uploadId = await t.given.initiate(key, { storageClass });
        const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 10 });
        const sent = `Upload Part to an upload initiated with ${t.dialect.storageClassHeader}: ${storageClass}`;
        t.given.that(sent, result, result.ok, '200');
        t.expectHeader(sent, result, t.dialect.storageClassHeader, storageClass === 'STANDARD' ? undefined : storageClass);
      });
    }
  },
  { costMiB: 0.5, profiles: ['cos'], reason: 'S3 does not echo the storage class on UploadPart; ARCHIVE is a COS class' },
);

check(
  'UP-19 a successful and a failed Upload Part: request id on both, trace id on the error',
  async (t) => {
    const key = t.key('request-id');
    const uploadId = await t.given.initiate(key);
    await t.case('a successful Upload Part', async () => {
      const ok = await t.api.uploadPart(key, uploadId, 1, { seed: 3, length: 10 });
      t.given.that('Upload Part 1', ok, ok.ok, '200');
      t.expectHeader('Upload Part 1', ok, t.dialect.requestIdHeader, /\S/);
    });
    await t.case('a refused Upload Part', async () => {
      const failed = await t.api.uploadPart(key, 'no-such-upload-id', 1, { seed: 3, length: 10 });
      const sent = 'Upload Part with an unknown UploadId';
      t.given.that(sent, failed, !failed.ok, 'an error answer');
      t.soft(() => t.expectHeader(sent, failed, t.dialect.requestIdHeader, /\S/));
      t.soft(() => t.expectHeader(sent, failed, t.dialect.traceIdHeader, /\S/));
    });
  },
  { costMiB: 0.5 },
);

check(
  'UP-20 Upload Part with bodies from 1 B to 8 MiB, the size boundaries first: x-cos-hash-crc64ecma, when sent, is the CRC-64/ECMA-182 of the body',
  async (t) => {
    const key = t.key('crc64');
    const uploadId = await t.given.initiate(key);
    const header = t.dialect.crc64Header!;
    await t.forAll(
      'crc64',
      integrityBody(),
      async (body) => {
        await t.reserve(body.length);
        const result = await t.api.uploadPart(key, uploadId, 1, body);
        const sent = `Upload Part 1 with ${body.length} bytes`;
        t.given.that(sent, result, result.ok, '200');
        if (result.response.headers[header] === undefined) return t.unjudged(`${header} absent from an answer`);
        t.expectHeader(sent, result, header, result.response.sentDigest!.crc64);
        t.covered(body.length);
      },
      { maxRuns: 12, examples: boundaryBodies(t.dialect.minPartSize) },
    );
  },
  { costMiB: 17, profiles: ['cos'], reason: 'S3 has no CRC-64/ECMA-182 header' },
);
