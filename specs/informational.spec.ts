/**
 * Behaviour the documents leave open or contradict, recorded for the report and never judged: a zero-length part,
 * gaps in part numbers at Complete, a repeated Complete, Upload Part after Complete; the part size limits of the
 * newer revisions; what SSE-KMS and SSE-COS parts answer; Complete naming some of the parts; the S3 checksum
 * headers where the AWS pages disagree.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { checksumOf } from '../src/protocol/checksums.js';

conformanceSpec(import.meta.url);

const outcome = (result: ApiResult<unknown>) => (result.ok ? `${result.status}` : `${result.status} ${result.error?.code ?? '(no code)'}`);

check(
  'UP-28 records: a zero-length part, gaps at Complete, and a repeated Complete, List Parts, Upload Part and Abort on a completed upload',
  async (t) => {
    await t.case('a zero-length part', async () => {
      const key = t.key('informational');
      const uploadId = await t.given.initiate(key);
      t.record('zero-length part', outcome(await t.api.uploadPart(key, uploadId, 1, Buffer.alloc(0))));
    });
    await t.case('gaps at Complete', async () => {
      await t.reserve(t.dialect.minPartSize + 10);
      const key = t.key('gaps');
      const uploadId = await t.given.initiate(key);
      const one = await t.given.upload(key, uploadId, 1, { seed: 2, length: t.dialect.minPartSize });
      const three = await t.given.upload(key, uploadId, 3, { seed: 3, length: 10 });
      t.record('Complete with parts 1 and 3 (a gap)', outcome(await t.api.complete(key, uploadId, [one, three])));
    });
    await t.case('calls on a completed upload', async () => {
      const key = t.key('repeated');
      const uploadId = await t.given.initiate(key);
      const part = await t.given.upload(key, uploadId, 1, { seed: 4, length: 10 });
      const first = await t.api.complete(key, uploadId, [part]);
      t.record('Complete, then the same Complete again', `${outcome(first)}, then ${outcome(await t.api.complete(key, uploadId, [part]))}`);
      t.record('Complete, then List Parts', outcome(await t.api.listParts(key, uploadId)));
      t.record('Complete, then Upload Part', outcome(await t.api.uploadPart(key, uploadId, 2, { seed: 5, length: 10 })));
      t.record('Complete, then Abort', outcome(await t.api.abort(key, uploadId)));
    });
  },
  { costMiB: 6 },
);

check(
  'UP-38 records: parts above the x-cos-psize-max and below the x-cos-psize-min they are sent with, and a part within them',
  async (t) => {
    const key = t.key('psize');
    const uploadId = await t.given.initiate(key);
    const limits = (max: number | undefined, min: number | undefined) => ({
      headers: [
        ...(max !== undefined ? [['x-cos-psize-max', String(max)]] : []),
        ...(min !== undefined ? [['x-cos-psize-min', String(min)]] : []),
      ] as Array<[string, string]>,
    });
    t.record(
      '1001 bytes with x-cos-psize-max: 1000',
      outcome(await t.api.uploadPart(key, uploadId, 1, { seed: 38, length: 1001 }, limits(1000, undefined))),
    );
    t.record(
      '999 bytes with x-cos-psize-min: 1000',
      outcome(await t.api.uploadPart(key, uploadId, 2, { seed: 39, length: 999 }, limits(undefined, 1000))),
    );
    t.record(
      '1000 bytes with x-cos-psize-max: 1000 and x-cos-psize-min: 1000',
      outcome(await t.api.uploadPart(key, uploadId, 3, { seed: 40, length: 1000 }, limits(1000, 1000))),
    );
    const listed = await t.api.listParts(key, uploadId);
    t.record('then List Parts', listed.ok ? `parts [${listed.value?.parts.map((p) => p.partNumber).join(', ')}]` : outcome(listed));
  },
  { costMiB: 0.5, profiles: ['cos'], reason: 'x-cos-psize-max and x-cos-psize-min are COS headers' },
);

check(
  'UP-40 records: Upload Part to uploads initiated with SSE-KMS and with SSE-COS: the encryption headers and the ETag',
  async (t) => {
    for (const sse of [t.dialect.kmsValue, 'AES256']) {
      await t.case(sse, async () => {
        const key = t.key(`sse-${sse === 'AES256' ? 'cos' : 'kms'}`);
        const initiated = await t.api.initiate(key, { serverSideEncryption: sse });
        if (!initiated.ok || !initiated.value) {
          t.record(`Initiate with ${t.dialect.sseHeader}: ${sse}`, `refused: ${outcome(initiated)}`);
          return;
        }
        const result = await t.api.uploadPart(key, initiated.value.uploadId, 1, { seed: 50, length: 1000 });
        const h = result.response.headers;
        const etag =
          h.etag === undefined
            ? '(absent)'
            : h.etag.replace(/"/g, '') === result.response.sentDigest?.md5Hex
              ? 'the MD5 of the body'
              : `not the MD5 of the body (${h.etag})`;
        const kmsKey = sse === 'AES256' ? '' : `, ${t.dialect.kmsKeyIdHeader}: ${h[t.dialect.kmsKeyIdHeader] ?? '(absent)'}`;
        t.record(
          `Upload Part, ${t.dialect.sseHeader}: ${sse}`,
          result.ok ? `200, ${t.dialect.sseHeader}: ${h[t.dialect.sseHeader] ?? '(absent)'}${kmsKey}, ETag ${etag}` : outcome(result),
        );
      });
    }
  },
  { costMiB: 0.5 },
);

check(
  'UP-48 records: parts 1, 2 and 3 uploaded, then Complete naming parts 1 and 2 only',
  async (t) => {
    const min = t.dialect.minPartSize;
    await t.reserve(min + 20);
    const key = t.key('subset');
    const uploadId = await t.given.initiate(key);
    const one = await t.given.upload(key, uploadId, 1, { seed: 51, length: min });
    const two = await t.given.upload(key, uploadId, 2, { seed: 52, length: 10 });
    await t.given.upload(key, uploadId, 3, { seed: 53, length: 10 });
    const completed = await t.api.complete(key, uploadId, [one, two]);
    t.record('Complete naming parts 1 and 2 of 1, 2 and 3', outcome(completed));
    if (!completed.ok) return;
    const head = await t.api.headObject(key);
    const size = head.value?.size;
    t.record(
      'then HEAD',
      size === min + 10
        ? `${size} bytes: parts 1 and 2`
        : size === min + 20
          ? `${size} bytes: all three parts`
          : `${outcome(head)}, ${size ?? '?'} bytes`,
    );
  },
  { costMiB: 6 },
);

check(
  'UP-49 records: the echo of x-amz-checksum-crc32, two checksum headers on one part, and x-amz-sdk-checksum-algorithm naming another algorithm than the header',
  async (t) => {
    const key = t.key('checksum-records');
    const uploadId = await t.given.initiate(key);
    const body = { seed: 54, length: 1000 };
    const crc32 = checksumOf('crc32', body);
    const echoed = await t.api.uploadPart(key, uploadId, 1, body, { headers: [['x-amz-checksum-crc32', crc32]] });
    const echo = echoed.response.headers['x-amz-checksum-crc32'];
    t.record(
      'Upload Part with x-amz-checksum-crc32: the answer',
      echoed.ok
        ? echo === undefined
          ? '200, no x-amz-checksum-crc32'
          : echo === crc32
            ? '200, x-amz-checksum-crc32 echoed'
            : `200, x-amz-checksum-crc32: ${echo} (not the value sent)`
        : outcome(echoed),
    );
    const both = [
      ['x-amz-checksum-crc32', crc32],
      ['x-amz-checksum-sha256', checksumOf('sha256', body)],
    ] as Array<[string, string]>;
    t.record(
      'two checksum headers, both true (crc32 and sha256)',
      outcome(await t.api.uploadPart(key, uploadId, 2, body, { headers: both })),
    );
    const mismatch = [
      ['x-amz-checksum-crc32', crc32],
      ['x-amz-sdk-checksum-algorithm', 'SHA256'],
    ] as Array<[string, string]>;
    t.record(
      'x-amz-checksum-crc32 with x-amz-sdk-checksum-algorithm: SHA256',
      outcome(await t.api.uploadPart(key, uploadId, 3, body, { headers: mismatch })),
    );
  },
  { costMiB: 0.5, profiles: ['s3'], reason: 'the x-amz-checksum-* headers are S3 protocol' },
);
