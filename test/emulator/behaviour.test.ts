import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { digestOf } from '../../src/protocol/digest.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// Rules of the emulator that the official SDK never exercises. The conformance specs check the Upload Part rules
// against any target; these pin down the emulator's side of authentication, Expect and the error document.
let fx: EmulatorFixture;
beforeAll(async () => {
  fx = await withEmulator();
});
afterAll(() => fx.close());

async function openUpload(key: string, options = {}) {
  const init = await fx.api.initiate(key, options);
  expect(init.status).toBe(200);
  return init.value!.uploadId;
}

describe('authentication', () => {
  test('no Authorization: 403 AccessDenied', async () => {
    const result = await fx.api.initiate('auth/none', {}, { mode: 'none' });
    expect([result.status, result.error?.code]).toEqual([403, 'AccessDenied']);
  });

  test('a wrong secret: 403 SignatureDoesNotMatch; an unknown SecretId: 403 InvalidAccessKeyId', async () => {
    const wrong = await fx.api.initiate('auth/wrong', {}, { credentials: { ...fx.config.credentials, secretKey: 'not-the-key' } });
    expect([wrong.status, wrong.error?.code]).toEqual([403, 'SignatureDoesNotMatch']);
    const unknown = await fx.api.initiate('auth/unknown', {}, { credentials: { secretId: 'AKIDunknown', secretKey: 'x' } });
    expect([unknown.status, unknown.error?.code]).toEqual([403, 'InvalidAccessKeyId']);
  });

  test('an expired window: 403 AccessDenied "Request has expired"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const result = await fx.api.initiate('auth/expired', {}, { keyTime: { start: now - 7200, end: now - 3600 } });
    expect([result.status, result.error?.code, result.error?.message]).toEqual([403, 'AccessDenied', 'Request has expired']);
  });

  test('a signed header changed after signing: 403 SignatureDoesNotMatch', async () => {
    const result = await fx.api.initiate(
      'auth/tampered',
      { storageClass: 'STANDARD_IA' },
      { tamper: (headers) => headers.map(([n, v]) => (n === 'x-cos-storage-class' ? [n, 'ARCHIVE'] : [n, v])) },
    );
    expect([result.status, result.error?.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  test('host must be signed', async () => {
    const result = await fx.api.initiate('auth/no-host', {}, { signedHeaderNames: ['content-type'] });
    expect([result.status, result.error?.code]).toEqual([403, 'AccessDenied']);
  });

  test('temporary keys: the security token is required and must match', async () => {
    const temp = await withEmulator({ COS_SECURITY_TOKEN: 'token-123456' });
    try {
      expect((await temp.api.initiate('auth/token')).status).toBe(200);
      const missing = await temp.api.initiate('auth/token', {}, { tamper: (h) => h.filter(([n]) => n !== 'x-cos-security-token') });
      expect([missing.status, missing.error?.code]).toEqual([403, 'AccessDenied']);
    } finally {
      await temp.close();
    }
  });
});

describe('Upload Part', () => {
  test('a declared 5 GiB + 1 with Expect: 100-continue is refused from the headers: no 100, no body read', async () => {
    const id = await openUpload('up/huge');
    const result = await fx.api.uploadPart('up/huge', id, 1, { seed: 1, length: 5 * 1024 ** 3 + 1 }, {}, { expectContinue: 'never-send' });
    expect([result.status, result.error?.code]).toEqual([400, 'EntityTooLarge']);
    expect(result.response.informational).toEqual([]);
    expect(result.response.exchange.request.bodyBytes).toBe(0);
  });

  test('an acceptable part with Expect: 100-continue gets 100 first, then 200', async () => {
    const id = await openUpload('up/continue');
    const result = await fx.api.uploadPart('up/continue', id, 1, { seed: 2, length: 1000 }, {}, { expectContinue: 'send-after-100' });
    expect(result.response.informational).toEqual([100]);
    expect(result.status).toBe(200);
    expect(result.value?.etag).toBe(`"${result.response.sentDigest?.md5Hex}"`);
  });

  test('a bad digest stores nothing: the earlier part with that number survives', async () => {
    const id = await openUpload('up/digest');
    const first = await fx.api.uploadPart('up/digest', id, 1, Buffer.from('first body'));
    const bad = await fx.api.uploadPart('up/digest', id, 1, Buffer.from('second body'), {
      contentMd5: digestOf(Buffer.from('other')).md5Base64,
    });
    expect([bad.status, bad.error?.code]).toEqual([400, 'BadDigest']);
    const malformed = await fx.api.uploadPart('up/digest', id, 1, Buffer.from('third'), { contentMd5: 'not-base64!' });
    expect([malformed.status, malformed.error?.code]).toEqual([400, 'InvalidDigest']);
    const listed = await fx.api.listParts('up/digest', id);
    expect(listed.value?.parts.map((p) => p.etag)).toEqual([first.value?.etag]);
  });

  test('a body cut short stores nothing', async () => {
    const id = await openUpload('up/short');
    const first = await fx.api.uploadPart('up/short', id, 1, Buffer.from('kept'));
    await fx.api.uploadPart('up/short', id, 1, { seed: 3, length: 100_000 }, {}, { truncateAt: 50_000 }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const listed = await fx.api.listParts('up/short', id);
    expect(listed.value?.parts.map((p) => [p.etag, p.size])).toEqual([[first.value?.etag, 4]]);
  });

  test('SSE and storage class are echoed as initiated; STANDARD is not echoed', async () => {
    const id = await openUpload('up/echo', { storageClass: 'ARCHIVE', serverSideEncryption: 'AES256' });
    const result = await fx.api.uploadPart('up/echo', id, 1, Buffer.from('x'));
    expect(result.response.headers['x-cos-storage-class']).toBe('ARCHIVE');
    expect(result.response.headers['x-cos-server-side-encryption']).toBe('AES256');
    const plain = await openUpload('up/plain');
    const plainResult = await fx.api.uploadPart('up/plain', plain, 1, Buffer.from('x'));
    expect(plainResult.response.headers['x-cos-storage-class']).toBeUndefined();
    expect(plainResult.response.headers['x-cos-server-side-encryption']).toBeUndefined();
  });

  test('an unknown storage class at Initiate is 400 InvalidArgument', async () => {
    const result = await fx.api.initiate('up/class', { storageClass: 'FROZEN' });
    expect([result.status, result.error?.code]).toEqual([400, 'InvalidArgument']);
  });
});

describe('Complete and List Parts', () => {
  test('empty or malformed XML is 400 MalformedXML', async () => {
    const id = await openUpload('cp/xml');
    for (const rawBody of ['', '<CompleteMultipartUpload>', '<Other/>', '<CompleteMultipartUpload></CompleteMultipartUpload>']) {
      const result = await fx.api.complete('cp/xml', id, { rawBody });
      expect([result.status, result.error?.code]).toEqual([400, 'MalformedXML']);
    }
  });

  test('the object ETag is the MD5 of the binary part MD5s, then -N', async () => {
    const id = await openUpload('cp/etag');
    const a = await fx.api.uploadPart('cp/etag', id, 1, { seed: 4, length: 1024 * 1024 });
    const b = await fx.api.uploadPart('cp/etag', id, 2, Buffer.from('tail'));
    const done = await fx.api.complete('cp/etag', id, [
      { partNumber: 1, etag: a.value!.etag! },
      { partNumber: 2, etag: b.value!.etag! },
    ]);
    const expected = createHash('md5')
      .update(Buffer.concat([Buffer.from(a.response.sentDigest!.md5Hex, 'hex'), Buffer.from(digestOf(Buffer.from('tail')).md5Hex, 'hex')]))
      .digest('hex');
    expect(done.value?.etag).toBe(`"${expected}-2"`);
  });

  test('List Parts pages with max-parts and part-number-marker', async () => {
    const id = await openUpload('lp/paging');
    for (const n of [1, 2, 3, 5, 8]) await fx.api.uploadPart('lp/paging', id, n, Buffer.from(`p${n}`));
    const first = await fx.api.listParts('lp/paging', id, { maxParts: 2 });
    expect(first.value).toMatchObject({ isTruncated: true, nextPartNumberMarker: 2 });
    expect(first.value?.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    const second = await fx.api.listParts('lp/paging', id, { maxParts: 2, partNumberMarker: 2 });
    expect(second.value?.parts.map((p) => p.partNumber)).toEqual([3, 5]);
    const last = await fx.api.listParts('lp/paging', id, { maxParts: 2, partNumberMarker: 5 });
    expect(last.value).toMatchObject({ isTruncated: false, nextPartNumberMarker: undefined });
    expect(last.value?.parts.map((p) => p.partNumber)).toEqual([8]);
  });
});

describe('the error document (doc 7730)', () => {
  test('application/xml with Code, Message, Resource, RequestId, TraceId, matching the headers', async () => {
    const result = await fx.api.uploadPart('err/doc', 'no-such-upload', 1, Buffer.from('x'));
    expect(result.response.headers['content-type']).toBe('application/xml');
    expect(result.error).toMatchObject({ status: 404, code: 'NoSuchUpload' });
    expect(result.error?.message).toBeTruthy();
    expect(result.error?.resource).toContain('/err/doc');
    expect(result.error?.requestId).toBe(result.response.headers['x-cos-request-id']);
    expect(result.error?.traceId).toBe(result.response.headers['x-cos-trace-id']);
  });
});

describe('profiles and addressing', () => {
  test('the s3 profile: SigV4 only, x-amz-* names, 5 MiB minimum part', async () => {
    const s3 = await withEmulator({ COS_PROFILE: 's3' });
    try {
      const id = (await s3.api.initiate('s3/x', { serverSideEncryption: 'AES256' })).value!.uploadId;
      const small = await s3.api.uploadPart('s3/x', id, 1, { seed: 5, length: 1024 * 1024 });
      expect(small.response.headers['x-amz-request-id']).toBeTruthy();
      expect(small.response.headers['x-amz-server-side-encryption']).toBe('AES256');
      const tail = await s3.api.uploadPart('s3/x', id, 2, Buffer.from('t'));
      const done = await s3.api.complete('s3/x', id, [
        { partNumber: 1, etag: small.value!.etag! },
        { partNumber: 2, etag: tail.value!.etag! },
      ]);
      expect([done.status, done.error?.code]).toEqual([400, 'EntityTooSmall']);
    } finally {
      await s3.close();
    }
  });

  test('path-style addressing reaches the same bucket', async () => {
    const path = await withEmulator({ COS_ADDRESSING: 'path' });
    try {
      const id = (await path.api.initiate('dir/p.bin')).value!.uploadId;
      expect((await path.api.uploadPart('dir/p.bin', id, 1, Buffer.from('p'))).status).toBe(200);
      expect(path.api.target.log.exchanges.at(-1)?.request.url).toContain(`/${path.config.bucket}/dir/p.bin?`);
    } finally {
      await path.close();
    }
  });
});

describe('rules of the 2025-2026 revisions, on the emulator side', () => {
  test('SSE-C over plain HTTP is refused at Initiate: 400 InvalidRequest (HTTPS only, doc 436/38122)', async () => {
    const key = Buffer.alloc(32, 7);
    const result = await fx.api.initiate('rev/sse-c-http', {
      headers: [
        ['x-cos-server-side-encryption-customer-algorithm', 'AES256'],
        ['x-cos-server-side-encryption-customer-key', key.toString('base64')],
        ['x-cos-server-side-encryption-customer-key-MD5', createHash('md5').update(key).digest('base64')],
      ],
    });
    expect([result.status, result.error?.code]).toEqual([400, 'InvalidRequest']);
  });

  test('x-cos-psize-max and x-cos-psize-min: a part outside them is refused with the size codes of doc 7730', async () => {
    const uploadId = await openUpload('rev/psize');
    const over = await fx.api.uploadPart('rev/psize', uploadId, 1, Buffer.alloc(11), { headers: [['x-cos-psize-max', '10']] });
    const under = await fx.api.uploadPart('rev/psize', uploadId, 2, Buffer.alloc(9), { headers: [['x-cos-psize-min', '10']] });
    const within = await fx.api.uploadPart('rev/psize', uploadId, 3, Buffer.alloc(10), {
      headers: [
        ['x-cos-psize-max', '10'],
        ['x-cos-psize-min', '10'],
      ],
    });
    expect([over.error?.code, under.error?.code, within.status]).toEqual(['EntityTooLarge', 'EntityTooSmall', 200]);
  });

  test('SSE-KMS: the part answer echoes cos/kms and the default key id, and its ETag is not the MD5', async () => {
    const uploadId = await openUpload('rev/kms', { serverSideEncryption: 'cos/kms' });
    const body = Buffer.from('kms part');
    const part = await fx.api.uploadPart('rev/kms', uploadId, 1, body);
    expect(part.response.headers['x-cos-server-side-encryption']).toBe('cos/kms');
    expect(part.response.headers['x-cos-server-side-encryption-cos-kms-key-id']).toMatch(/\S/);
    expect(part.value?.etag).not.toBe(`"${digestOf(body).md5Hex}"`);
    const listed = await fx.api.listParts('rev/kms', uploadId);
    expect(listed.value?.parts[0]?.etag).toBe(part.value?.etag);
  });

  test('Complete answers the CRC-64 of the joined parts, combined without reading them again', async () => {
    const uploadId = await openUpload('rev/crc');
    const a = Buffer.alloc(1024 * 1024, 1);
    const b = Buffer.from('tail');
    const one = await fx.api.uploadPart('rev/crc', uploadId, 1, a);
    const two = await fx.api.uploadPart('rev/crc', uploadId, 2, b);
    const done = await fx.api.complete('rev/crc', uploadId, [
      { partNumber: 1, etag: one.value!.etag! },
      { partNumber: 2, etag: two.value!.etag! },
    ]);
    expect(done.response.headers['x-cos-hash-crc64ecma']).toBe(digestOf(Buffer.concat([a, b])).crc64);
  });
});
