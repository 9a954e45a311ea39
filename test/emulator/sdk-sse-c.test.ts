import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCertificate } from '../../src/emulator/tls.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// The official SDK uploads an SSE-C multipart object to the emulator over HTTPS, as it would to COS: the key on
// Initiate, on every part and on the read. SSE-C is refused over plain HTTP (doc 436/38122), so this is the
// emulator's TLS and its SSE-C rules (UP-39) exercised by a client nobody here wrote.
const require = createRequire(import.meta.url);
type Callback<T> = (error: { code?: string; statusCode?: number } | null, data: T) => void;
type CosSdk = Record<string, (params: Record<string, unknown>, callback: Callback<Record<string, unknown>>) => void>;
const COS = require('cos-nodejs-sdk-v5') as new (options: Record<string, unknown>) => CosSdk;

let fixture: EmulatorFixture;
let sdk: CosSdk;

function call<T = Record<string, unknown>>(method: string, params: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => sdk[method]!(params, (error, data) => (error ? reject(error) : resolve(data as T))));
}

const common = () => ({ Bucket: fixture.config.bucket, Region: fixture.config.region });
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const customerKey = randomBytes(32);
const sseC = {
  SSECustomerAlgorithm: 'AES256',
  SSECustomerKey: customerKey.toString('base64'),
  SSECustomerKeyMD5: createHash('md5').update(customerKey).digest('base64'),
};

beforeAll(async () => {
  fixture = await withEmulator({}, { tls: await generateCertificate() });
  sdk = new COS({
    SecretId: fixture.config.credentials.secretId,
    SecretKey: fixture.config.credentials.secretKey,
    SecurityToken: fixture.config.credentials.securityToken,
    Protocol: 'https:',
    // The SDK addresses bucket.cos.region.myqcloud.com (the Host header) and connects to this address instead.
    Ip: fixture.emulator.endpoint.host,
    // The SDK takes no CA of its own; the certificate is the emulator's, made for this test.
    StrictSsl: false,
  });
});

afterAll(async () => {
  await fixture.close();
});

describe('the official SDK, SSE-C over HTTPS', () => {
  test('multipartInit, multipartUpload and multipartComplete with the customer key; getObject with it returns the bytes', async () => {
    const key = 'sdk/sse-c.bin';
    const data = bodyBytes({ seed: 39, length: 1024 * 1024 + 4321 });
    const init = await call<{ UploadId: string; headers: Record<string, string> }>('multipartInit', { ...common(), Key: key, ...sseC });
    expect(init.headers['x-cos-server-side-encryption-customer-algorithm']).toBe('AES256');
    const parts = [data.subarray(0, 1024 * 1024), data.subarray(1024 * 1024)];
    const uploaded = [];
    for (const [index, body] of parts.entries()) {
      const part = await call<{ ETag: string; headers: Record<string, string> }>('multipartUpload', {
        ...common(),
        Key: key,
        UploadId: init.UploadId,
        PartNumber: index + 1,
        Body: body,
        ...sseC,
      });
      expect(part.headers['x-cos-server-side-encryption-customer-key-md5']).toBe(sseC.SSECustomerKeyMD5);
      uploaded.push({ PartNumber: index + 1, ETag: part.ETag });
    }
    await call('multipartComplete', { ...common(), Key: key, UploadId: init.UploadId, Parts: uploaded });
    const got = await call<{ Body: Buffer }>('getObject', { ...common(), Key: key, ...sseC });
    expect(md5(got.Body)).toBe(md5(data));
    const withoutKey = await call('getObject', { ...common(), Key: key }).catch((e: { statusCode?: number }) => e);
    expect(withoutKey).toMatchObject({ statusCode: 400 });
  });

  test('a part sent by the SDK without the key is refused', async () => {
    const key = 'sdk/sse-c-missing.bin';
    const init = await call<{ UploadId: string }>('multipartInit', { ...common(), Key: key, ...sseC });
    const refused = await call('multipartUpload', {
      ...common(),
      Key: key,
      UploadId: init.UploadId,
      PartNumber: 1,
      Body: Buffer.from('x'),
    }).catch((e: { statusCode?: number }) => e);
    expect(refused).toMatchObject({ statusCode: 400 });
    await call('multipartAbort', { ...common(), Key: key, UploadId: init.UploadId });
  });
});
