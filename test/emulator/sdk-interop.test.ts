import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// The official SDK drives the emulator as it would drive COS: if the emulator departs from COS where the SDK
// depends on it (ETag form, ListParts shape, error bodies), these calls fail.
const require = createRequire(import.meta.url);
type Callback<T> = (error: { code?: string; statusCode?: number } | null, data: T) => void;
interface CosSdk {
  [method: string]: (params: Record<string, unknown>, callback: Callback<Record<string, unknown>>) => void;
}
const COS = require('cos-nodejs-sdk-v5') as new (options: Record<string, unknown>) => CosSdk;

let fixture: EmulatorFixture;
let sdk: CosSdk;
let dir: string;
const observed: ObservedRequest[] = [];

function call<T = Record<string, unknown>>(method: string, params: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => sdk[method]!(params, (error, data) => (error ? reject(error) : resolve(data as T))));
}

const common = () => ({ Bucket: fixture.config.bucket, Region: fixture.config.region });
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

beforeAll(async () => {
  fixture = await withEmulator({}, { observe: (event) => observed.push(event) });
  sdk = new COS({
    SecretId: fixture.config.credentials.secretId,
    SecretKey: fixture.config.credentials.secretKey,
    // The embedded configuration issues temporary keys: the SDK sends their token as x-cos-security-token.
    SecurityToken: fixture.config.credentials.securityToken,
    // Through the emulator as a proxy: the SDK addresses the real COS host names (virtual-host style).
    Protocol: 'http:',
    Proxy: fixture.emulator.endpoint.origin,
    ChunkParallelLimit: 3,
  });
  dir = mkdtempSync(join(tmpdir(), 'sdk-interop-'));
});

afterAll(async () => {
  await fixture.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the official SDK against the emulator', () => {
  test('sliceUploadFile uploads a multi-part file with parallel parts, and the bytes round-trip', async () => {
    const data = bodyBytes({ seed: 11, length: 5 * 1024 * 1024 + 12345 });
    const file = join(dir, 'five-parts.bin');
    writeFileSync(file, data);
    const result = await call<{ ETag: string }>('sliceUploadFile', {
      ...common(),
      Key: 'sdk/five parts+ü.bin',
      FilePath: file,
      ChunkSize: 1024 * 1024,
    });
    expect(result.ETag).toMatch(/^"[0-9a-f]{32}-6"$/);
    const got = await call<{ Body: Buffer }>('getObject', { ...common(), Key: 'sdk/five parts+ü.bin' });
    expect(md5(got.Body)).toBe(md5(data));
  });

  test('an interrupted sliceUploadFile resumes: only the missing parts are sent again', async () => {
    const data = bodyBytes({ seed: 12, length: 3 * 1024 * 1024 + 7 });
    const file = join(dir, 'resume.bin');
    writeFileSync(file, data);
    const key = 'sdk/resume.bin';
    // Start the upload the way the SDK would, then stop after two of four parts.
    const init = await call<{ UploadId: string }>('multipartInit', { ...common(), Key: key });
    for (const partNumber of [1, 2]) {
      const slice = data.subarray((partNumber - 1) * 1024 * 1024, partNumber * 1024 * 1024);
      await call('multipartUpload', { ...common(), Key: key, UploadId: init.UploadId, PartNumber: partNumber, Body: slice });
    }
    const before = observed.length;
    await new Promise<void>((resolve, reject) =>
      sdk.sliceUploadFile!(
        {
          ...common(),
          Key: key,
          FilePath: file,
          ChunkSize: 1024 * 1024,
          onProgress: () => undefined,
          onTaskReady: () => undefined,
        },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    const left = await fixture.api.listMultipartUploads('sdk/resume');
    expect(left.value).toEqual([]);
    const got = await call<{ Body: Buffer }>('getObject', { ...common(), Key: key });
    expect(md5(got.Body)).toBe(md5(data));
    const during = observed.slice(before);
    const param = (e: ObservedRequest, name: string) => e.query.find(([n]) => n === name)?.[1];
    const partsSent = during.filter((e) => e.method === 'PUT' && param(e, 'partNumber') !== undefined);
    expect(partsSent.map((e) => Number(param(e, 'partNumber'))).sort()).toEqual([3, 4]);
    expect(partsSent.every((e) => param(e, 'uploadId') === init.UploadId)).toBe(true);
    const completes = during.filter((e) => e.method === 'POST' && param(e, 'uploadId') !== undefined);
    expect(completes.map((e) => [param(e, 'uploadId'), e.status])).toEqual([[init.UploadId, 200]]);
  });

  test('putObject and getObject round-trip a small object with metadata', async () => {
    const body = Buffer.from('hello, COS');
    const put = await call<{ ETag: string }>('putObject', {
      ...common(),
      Key: 'sdk/small.txt',
      Body: body,
      Headers: { 'x-cos-meta-origin': 'sdk-test' },
    });
    expect(put.ETag).toBe(`"${md5(body)}"`);
    const got = await call<{ Body: Buffer; headers: Record<string, string> }>('getObject', { ...common(), Key: 'sdk/small.txt' });
    expect(got.Body.toString()).toBe('hello, COS');
    expect(got.headers['x-cos-meta-origin']).toBe('sdk-test');
  });

  test('multipartAbort removes the upload; using it afterwards is NoSuchUpload', async () => {
    const init = await call<{ UploadId: string }>('multipartInit', { ...common(), Key: 'sdk/aborted.bin' });
    await call('multipartUpload', { ...common(), Key: 'sdk/aborted.bin', UploadId: init.UploadId, PartNumber: 1, Body: Buffer.from('x') });
    await call('multipartAbort', { ...common(), Key: 'sdk/aborted.bin', UploadId: init.UploadId });
    const error = await call('multipartUpload', {
      ...common(),
      Key: 'sdk/aborted.bin',
      UploadId: init.UploadId,
      PartNumber: 1,
      Body: Buffer.from('x'),
    }).catch((e: { code?: string; statusCode?: number }) => e);
    expect(error).toMatchObject({ code: 'NoSuchUpload', statusCode: 404 });
  });

  test('multipartListPart reports what was uploaded, with the ETags the SDK compares on resume', async () => {
    const init = await call<{ UploadId: string }>('multipartInit', { ...common(), Key: 'sdk/listed.bin' });
    const body = Buffer.from('part body');
    await call('multipartUpload', { ...common(), Key: 'sdk/listed.bin', UploadId: init.UploadId, PartNumber: 3, Body: body });
    const list = await call<{ Part: Array<{ PartNumber: string; ETag: string; Size: string }> }>('multipartListPart', {
      ...common(),
      Key: 'sdk/listed.bin',
      UploadId: init.UploadId,
    });
    expect(list.Part).toEqual([expect.objectContaining({ PartNumber: '3', ETag: `"${md5(body)}"`, Size: String(body.length) })]);
    await call('multipartAbort', { ...common(), Key: 'sdk/listed.bin', UploadId: init.UploadId });
  });
});
