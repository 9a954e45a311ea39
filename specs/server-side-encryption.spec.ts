/**
 * Upload Part, "SSE-related headers": a part of an upload initiated with SSE-C carries the algorithm, the key and
 * its MD5 again, and the answer echoes the algorithm and the key's MD5 (Common Response Headers, doc 7729). SSE-C
 * is HTTPS only (doc 436/38122; S3 rejects it over HTTP), so over plain HTTP nothing here can be judged. SSE-COS is
 * UP-17 (response-headers.spec.ts); what SSE-KMS answers is recorded by UP-40 (informational.spec.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
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

check('UP-39 Upload Part to an SSE-C upload with its key, without it and with another key: the first accepted and echoed, the others refused, only the first stored', async (t) => {
  if (t.config.endpoint?.protocol !== 'https:') {
    t.unjudged(`SSE-C is accepted over HTTPS only (doc 436/38122) and the endpoint is ${t.config.endpoint?.protocol.replace(':', '')}: set COS_ENDPOINT to an https:// URL (COS_CA_FILE for a private CA)`);
    return;
  }
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
    t.expectHeader(sent, result, `${prefix}algorithm`, 'AES256');
    t.expectHeader(sent, result, `${prefix}key-MD5`, keyMd5);
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
    const listed = await t.api.listParts(key, uploadId);
    t.given.that('List Parts', listed, listed.ok && listed.value !== undefined, '200 ListPartsResult');
    const numbers = listed.value!.parts.map((p) => p.partNumber);
    t.expectThat('part 1 with the key, 2 without it, 3 with another key, then List Parts', !numbers.includes(2) && !numbers.includes(3), 'neither part 2 nor part 3 listed', `parts [${numbers.join(', ')}]`, listed.response.exchange);
  });
}, { costMiB: 0.5 });
