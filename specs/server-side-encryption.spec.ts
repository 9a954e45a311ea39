/**
 * Upload Part, "SSE-related headers": a part of an upload initiated with SSE-C carries the algorithm, the key and
 * its MD5 again, and the answer echoes the algorithm and the key's MD5 (Common Response Headers, doc 7729). SSE-C
 * is HTTPS only (doc 436/38122; S3 rejects it over HTTP), so over plain HTTP its refusal is what is judged. SSE-COS is
 * UP-17 (response-headers.spec.ts); what SSE-KMS answers is recorded by UP-40 (informational.spec.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../src/config/index.js';
import { check, conformanceSpec } from '../src/harness/check.js';

conformanceSpec(import.meta.url);

/** The three SSE-C headers for a 256-bit key, as the official SDK sends them. */
function customerKeyHeaders(prefix: string, key: Buffer): Array<[string, string]> {
  return [
    [`${prefix}algorithm`, 'AES256'],
    [`${prefix}key`, key.toString('base64')],
    [`${prefix}key-MD5`, createHash('md5').update(key).digest('base64')],
  ];
}

const overHttps = (config: Config) =>
  config.endpoint?.protocol === 'https:'
    ? true
    : 'SSE-C is accepted over HTTPS only (doc 436/38122): over plain HTTP its refusal is judged instead. To judge what SSE-C does, use an https:// COS_ENDPOINT (COS_CA_FILE for a private CA), or the embedded emulator without --plain-http';
const overHttp = (config: Config) => (config.endpoint?.protocol === 'http:' ? true : 'over HTTPS the other UP-39 check judges SSE-C itself');

check('UP-39 over plain HTTP: Initiate with the SSE-C headers is refused and starts no upload', async (t) => {
  const key = t.key('sse-c-http');
  const initiated = await t.api.initiate(key, { headers: customerKeyHeaders(t.dialect.sseCustomerPrefix, randomBytes(32)) });
  const sent = 'Initiate over plain HTTP with the three SSE-C headers';
  t.soft(() => t.note(`refused with ${t.expectRefused(sent, initiated)}`));
  const uploads = await t.api.listMultipartUploads(key);
  t.given.that('List Multipart Uploads', uploads, uploads.ok && uploads.value !== undefined, '200 with a ListMultipartUploadsResult');
  const started = uploads.value!.filter((u) => u.key === key);
  t.expectThat(`${sent}, then List Multipart Uploads`, started.length === 0, 'no upload of the key', `${started.length} upload(s) of the key`, uploads.response.exchange);
}, { costMiB: 0.5, appliesTo: overHttp });

check('UP-39 Upload Part to an SSE-C upload with its key, without it and with another key: the first accepted and echoed, the others refused, only the first stored', async (t) => {
  const prefix = t.dialect.sseCustomerPrefix;
  const customerKey = randomBytes(32);
  const sseC = customerKeyHeaders(prefix, customerKey);
  const keyMd5 = sseC[2]![1];
  const key = t.key('sse-c');
  const uploadId = await t.given.initiate(key, { headers: sseC });
  await t.case('with the key it was initiated with', async () => {
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 39, length: 1000 }, { headers: sseC });
    const sent = 'Upload Part 1 with the SSE-C headers of the Initiate';
    t.expectSuccess(sent, result);
    t.soft(() => t.expectHeader(sent, result, `${prefix}algorithm`, 'AES256'));
    t.soft(() => t.expectHeader(sent, result, `${prefix}key-MD5`, keyMd5));
  });
  const codes: string[] = [];
  await t.case('without the key', async () => {
    const result = await t.api.uploadPart(key, uploadId, 2, { seed: 40, length: 1000 });
    codes.push(t.expectRefused('Upload Part 2 without SSE-C headers', result));
  });
  await t.case('with another key', async () => {
    const result = await t.api.uploadPart(key, uploadId, 3, { seed: 41, length: 1000 }, { headers: customerKeyHeaders(prefix, randomBytes(32)) });
    codes.push(t.expectRefused('Upload Part 3 with the SSE-C headers of another key', result));
  });
  if (codes.length > 0) t.note(`refused with ${codes.join(', ')}`);
  await t.case('nothing stored by the refused parts', async () => {
    const listed = await t.given.listParts(key, uploadId);
    const numbers = listed.parts.map((p) => p.partNumber);
    t.expectThat('part 1 with the key, 2 without it, 3 with another key, then List Parts', !numbers.includes(2) && !numbers.includes(3), 'neither part 2 nor part 3 listed', `parts [${numbers.join(', ')}]`, listed.result.response.exchange);
  });
}, { costMiB: 0.5, appliesTo: overHttps });
