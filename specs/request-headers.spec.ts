/**
 * Upload Part, "Request header": Content-Length is required; Expect and Content-MD5 (RFC 1864, base64 of the
 * body's MD5) are recommended. Error codes from doc 7730: MissingContentLength, BadDigest, InvalidDigest.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectEqual, expectSuccess, expectThat } from '../src/harness/expect.js';
import { forAll } from '../src/harness/property.js';
import { smallBody } from '../src/generators/bodies.js';
import { describeBody } from '../src/http/body.js';

conformanceSpec(import.meta.url);

check('UP-12 Upload Part with neither Content-Length nor Transfer-Encoding: 411 MissingContentLength', async (s) => {
  const key = s.key('no-length');
  const uploadId = await s.initiate(key);
  const result = await s.api.uploadPart(key, uploadId, 1, { seed: 1, length: 16 }, {}, { omitContentLength: true });
  expectAnswer('UP-12', 'Upload Part 1 without Content-Length', result, { status: 411, code: 'MissingContentLength' });
});

check('UP-13 Upload Part with a matching Content-MD5, a mismatched one, and a malformed one', async (s) => {
  await forAll(
    s,
    'UP-13/content-md5',
    'UP-13',
    fc.tuple(smallBody(4096), smallBody(4096), fc.constantFrom('not-base64!', 'AAAA', '', 'MTIz', 'x'.repeat(24), 'mQ/fVh815F3k6TAUm8m0eg')),
    async ([kept, rejected, malformed]) => {
      const key = s.key('content-md5');
      const uploadId = await s.initiate(key);
      const good = await s.api.uploadPart(key, uploadId, 1, kept, { contentMd5: true });
      expectSuccess('UP-13', `Upload Part 1 with its true Content-MD5`, good);
      const wrongDigest = describeBody({ seed: rejected.seed + 1, length: rejected.length }).md5Base64;
      const mismatch = await s.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: wrongDigest });
      expectAnswer('UP-13', `Upload Part 1 again with a Content-MD5 of other bytes`, mismatch, { status: 400, code: 'BadDigest' });
      const bad = await s.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: malformed });
      expectAnswer('UP-13', `Upload Part 1 again with Content-MD5 ${JSON.stringify(malformed)}`, bad, { status: 400, code: 'InvalidDigest' });
      const listed = await s.api.listParts(key, uploadId);
      expectEqual('UP-13', 'refused re-uploads of part 1, then List Parts', '[ETag, Size] of part 1', listed.value?.parts.map((p) => [p.etag, p.size]), [[good.value?.etag, kept.length]], listed.response.exchange);
    },
    { numRuns: Math.min(s.numRuns, 10) },
  );
});

check('UP-14 Upload Part with Expect: 100-continue, the body held until asked: 100, then 200, and the part is stored', async (s) => {
  const key = s.key('expect');
  const uploadId = await s.initiate(key);
  const body = { seed: 5, length: 10_000 };
  const result = await s.api.uploadPart(key, uploadId, 1, body, {}, { expectContinue: 'send-after-100' });
  const sent = 'Upload Part 1 with Expect: 100-continue';
  expectThat('UP-14', sent, result.response.informational.includes(100), '100 Continue before the body', `informational answers: [${result.response.informational.join(', ')}]`, result.response.exchange);
  expectSuccess('UP-14', sent, result);
  const listed = await s.api.listParts(key, uploadId);
  expectEqual('UP-14', `${sent}, then List Parts`, 'size of part 1', listed.value?.parts[0]?.size, body.length, listed.response.exchange);

  const refused = await s.api.uploadPart(key, 'no-such-upload-id', 1, body, {}, { expectContinue: 'send-after-100' });
  const refusedSent = 'Upload Part with Expect: 100-continue and an unknown UploadId';
  expectAnswer('UP-14', refusedSent, refused, { status: 404, code: 'NoSuchUpload' });
});

check('UP-31 Upload Part 1, then again with a body cut off before its Content-Length: the first part survives', async (s) => {
  const key = s.key('truncated');
  const uploadId = await s.initiate(key);
  const kept = { seed: 1, length: 3000 };
  const first = await s.api.uploadPart(key, uploadId, 1, kept);
  expectSuccess('UP-31', 'Upload Part 1', first);
  const cut = { seed: 2, length: 100_000 };
  // The connection is half-closed after 40,000 of 100,000 bytes; the answer, if any, does not matter.
  await s.api.uploadPart(key, uploadId, 1, cut, {}, { truncateAt: 40_000 }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const listed = await s.api.listParts(key, uploadId);
  expectEqual('UP-31', 'a second upload of part 1 cut off after 40000 of 100000 bytes, then List Parts', '[ETag, Size] of part 1', listed.value?.parts.map((p) => [p.etag, p.size]), [[first.value?.etag, kept.length]], listed.response.exchange);
});
