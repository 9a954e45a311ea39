/**
 * Upload Part, "SSE-related headers": a part of an upload initiated with SSE-C carries the algorithm, the key and
 * its MD5 again, and the answer echoes the algorithm and the key's MD5 (Common Response Headers, doc 7729). SSE-C
 * is HTTPS only (doc 436/38122; S3 rejects it over HTTP), so over plain HTTP its refusal is what is judged. SSE-COS is
 * UP-17 (response-headers.spec.ts); what SSE-KMS answers is recorded by UP-40 (informational.spec.ts).
 *
 * Dimensions of UP-39 over HTTPS, each a fixed case: which of the three customer headers a part carries and whose
 * they are (all three of the upload's key; none; all three of another key; another key with the upload's key MD5, what
 * a server that compares only the key-MD5 header takes; the algorithm and the upload's key MD5 without the key), and
 * the state of the part refused (a new part number, one already stored). The upload's key with the MD5 of another key
 * is recorded: the documents do not say what a wrong MD5 of the right key gets.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../src/config/index.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { describeAnswer } from '../src/harness/signals.js';

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
const overHttp = (config: Config) =>
  config.endpoint?.protocol === 'http:' ? true : 'over HTTPS the other UP-39 check judges SSE-C itself';

check(
  'UP-39 over plain HTTP: Initiate with the SSE-C headers is refused and starts no upload',
  async (t) => {
    const key = t.key('sse-c-http');
    const initiated = await t.api.initiate(key, { headers: customerKeyHeaders(t.dialect.sseCustomerPrefix, randomBytes(32)) });
    const sent = 'Initiate over plain HTTP with the three SSE-C headers';
    t.soft(() => t.note(`refused with ${t.expectRefused(sent, initiated)}`));
    const uploads = await t.api.listMultipartUploads(key);
    t.given.that('List Multipart Uploads', uploads, uploads.ok && uploads.value !== undefined, '200 with a ListMultipartUploadsResult');
    const started = uploads.value!.filter((u) => u.key === key);
    t.expectThat(
      `${sent}, then List Multipart Uploads`,
      started.length === 0,
      'no upload of the key',
      `${started.length} upload(s) of the key`,
      uploads.response.exchange,
    );
  },
  { costMiB: 0.5, appliesTo: overHttp },
);

check(
  'UP-39 Upload Part to an SSE-C upload with its key, without it, with another key, with another key and the MD5 of its own, and with its MD5 but no key, to a new part and to a stored one: the first accepted and echoed, the others refused, only the first stored',
  async (t) => {
    const prefix = t.dialect.sseCustomerPrefix;
    const customerKey = randomBytes(32);
    const sseC = customerKeyHeaders(prefix, customerKey);
    const keyMd5 = sseC[2]![1];
    const key = t.key('sse-c');
    const uploadId = await t.given.initiate(key, { headers: sseC });
    let stored: string | undefined;
    await t.case('with the key it was initiated with', async () => {
      const result = await t.api.uploadPart(key, uploadId, 1, { seed: 39, length: 1000 }, { headers: sseC });
      const sent = 'Upload Part 1 with the SSE-C headers of the Initiate';
      t.expectSuccess(sent, result);
      stored = result.value?.etag;
      t.soft(() => t.expectHeader(sent, result, `${prefix}algorithm`, 'AES256'));
      t.soft(() => t.expectHeader(sent, result, `${prefix}key-MD5`, keyMd5));
    });
    const another = customerKeyHeaders(prefix, randomBytes(32));
    // Each refused part has a number of its own (2 to 5), and part 1, already stored, is sent again with another key.
    const refusals: Array<[number, string, Array<[string, string]>]> = [
      [2, 'without SSE-C headers', []],
      [3, 'with the SSE-C headers of another key', another],
      [4, "with another key and the key MD5 of the upload's key", [another[0]!, another[1]!, sseC[2]!]],
      [5, "with the algorithm and the key MD5 of the upload's key, and no key", [sseC[0]!, sseC[2]!]],
      [1, 'again, with the SSE-C headers of another key', another],
    ];
    const codes: string[] = [];
    for (const [partNumber, what, headers] of refusals) {
      await t.case(`part ${partNumber} ${what}`, async () => {
        const result = await t.api.uploadPart(key, uploadId, partNumber, { seed: 40 + partNumber, length: 1000 }, { headers });
        codes.push(t.expectRefused(`Upload Part ${partNumber} ${what}`, result));
      });
    }
    if (codes.length > 0) t.note(`refused with ${codes.join(', ')}`);
    // Recorded: the upload's own key with the MD5 of another key (S3 refuses it; COS's documents do not say).
    const mismatched = await t.api.uploadPart(key, uploadId, 6, { seed: 46, length: 1000 }, { headers: [sseC[0]!, sseC[1]!, another[2]!] });
    t.note(`part 6 with the upload's key and the key MD5 of another key: ${describeAnswer(mismatched)}`);
    await t.case('nothing stored by the refused parts', async () => {
      const listed = await t.given.listParts(key, uploadId);
      const bare = (etag: string | undefined) => etag?.replace(/"/g, '').toLowerCase();
      const shown = listed.parts.filter((p) => p.partNumber !== 6).map((p) => [p.partNumber, bare(p.etag)]);
      const expected = stored === undefined ? [] : [[1, bare(stored)]];
      t.expectEqual(
        'part 1 with the key, then parts 2 to 5 and part 1 again without it or with another, then List Parts',
        '[PartNumber, ETag] of parts 1 to 5',
        shown,
        expected,
        listed.result.response.exchange,
      );
    });
  },
  { costMiB: 0.5, appliesTo: overHttps },
);
