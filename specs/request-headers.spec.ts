/**
 * Upload Part, "Request header": Content-Length is required; Expect and Content-MD5 (RFC 1864, base64 of the
 * body's MD5) are recommended. Error codes from doc 7730: MissingContentLength, BadDigest, InvalidDigest.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectSuccess, expectThat } from '../src/harness/expect.js';
import { completeOk, expectObjectBytes } from '../src/harness/flows.js';
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
      // What is stored is read back through Complete and GET, the calls every server has.
      await completeOk(s, 'UP-13', key, uploadId, [{ partNumber: 1, etag: good.value!.etag!, body: kept }]);
      await expectObjectBytes(s, 'UP-13', 'refused re-uploads of part 1, then Complete with the first ETag', key, [kept]);
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
  await completeOk(s, 'UP-14', key, uploadId, [{ partNumber: 1, etag: result.value!.etag!, body }]);
  await expectObjectBytes(s, 'UP-14', `${sent}, then Complete`, key, [body]);
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
  const result = await s.api.complete(key, uploadId, [{ partNumber: 1, etag: first.value!.etag! }]);
  if (result.ok) s.ended(uploadId, key);
  expectAnswer('UP-31', 'a second upload of part 1 cut off after 40000 of 100000 bytes, then Complete with the first ETag', result, { status: 200 });
  await expectObjectBytes(s, 'UP-31', 'Complete after a cut-off re-upload of part 1', key, [kept]);
});
