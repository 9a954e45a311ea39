/**
 * Upload Part, "Request header": Content-Length is required; Content-MD5 and Expect are recommended. The error
 * codes come from doc 7730: MissingContentLength, BadDigest, InvalidDigest.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { smallBody } from '../src/generators/bodies.js';
import { describeBody } from '../src/http/body.js';

conformanceSpec(import.meta.url);

check('UP-12 Upload Part without Content-Length, with no framing and sent chunked: 411 MissingContentLength', async (t) => {
  const key = t.key('no-length');
  const uploadId = await t.given.initiate(key);
  const missing = { status: 411, code: 'MissingContentLength' };
  await t.case('neither Content-Length nor Transfer-Encoding', async () => {
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 16 }, {}, { omitContentLength: true });
    t.expectAnswer('Upload Part 1 with neither Content-Length nor Transfer-Encoding', result, missing);
  });
  await t.case('Transfer-Encoding: chunked', async () => {
    const result = await t.api.uploadPart(key, uploadId, 2, { seed: 2, length: 100 }, {}, { chunked: true });
    t.expectAnswer('Upload Part 2 with Transfer-Encoding: chunked and no Content-Length', result, missing);
  });
});

check('UP-13 Upload Part with a matching Content-MD5, a mismatched one, and a malformed one', async (t) => {
  await t.forAll(
    'content-md5',
    fc.tuple(smallBody(4096), smallBody(4096), fc.constantFrom('not-base64!', 'AAAA', '', 'MTIz', 'x'.repeat(24), 'mQ/fVh815F3k6TAUm8m0eg')),
    async ([kept, rejected, malformed]) => {
      const key = t.key('content-md5');
      const uploadId = await t.given.initiate(key);
      const good = await t.api.uploadPart(key, uploadId, 1, kept, { contentMd5: true });
      t.expectSuccess('Upload Part 1 with its true Content-MD5', good);
      const wrongDigest = describeBody({ seed: rejected.seed + 1, length: rejected.length }).md5Base64;
      t.expectAnswer('Upload Part 1 again with a Content-MD5 of other bytes', await t.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: wrongDigest }), { status: 400, code: 'BadDigest' });
      t.expectAnswer(`Upload Part 1 again with Content-MD5 ${JSON.stringify(malformed)}`, await t.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: malformed }), { status: 400, code: 'InvalidDigest' });
      // What is stored is read back through Complete and GET, the calls every server has.
      await t.given.complete(key, uploadId, [{ partNumber: 1, etag: good.value!.etag! }]);
      await t.expectObjectBytes('refused re-uploads of part 1, then Complete with the first ETag', key, [kept]);
    },
    { maxRuns: 10 },
  );
});

check('UP-14 Upload Part with Expect: 100-continue, the body held until asked: 100, then 200, and the part is stored', async (t) => {
  const key = t.key('expect');
  const uploadId = await t.given.initiate(key);
  const body = { seed: 5, length: 10_000 };
  const result = await t.api.uploadPart(key, uploadId, 1, body, {}, { expectContinue: 'send-after-100' });
  const sent = 'Upload Part 1 with Expect: 100-continue';
  t.expectThat(sent, result.response.informational.includes(100), '100 Continue before the body', `informational answers: [${result.response.informational.join(', ')}]`, result.response.exchange);
  t.expectSuccess(sent, result);
  await t.given.complete(key, uploadId, [{ partNumber: 1, etag: result.value!.etag! }]);
  await t.expectObjectBytes(`${sent}, then Complete`, key, [body]);
});

check('UP-31 Upload Part 1, then again with a body cut off before its Content-Length: the first part survives', async (t) => {
  const key = t.key('truncated');
  const uploadId = await t.given.initiate(key);
  const kept = await t.given.upload(key, uploadId, 1, { seed: 1, length: 3000 });
  // The connection is half-closed after 40,000 of 100,000 bytes; the answer, if any, does not matter.
  await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 100_000 }, {}, { truncateAt: 40_000 }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const sent = 'a second upload of part 1 cut off after 40000 of 100000 bytes, then Complete with the first ETag';
  t.expectAnswer(sent, await t.api.complete(key, uploadId, [kept]), { status: 200 });
  await t.expectObjectBytes('Complete after a cut-off re-upload of part 1', key, [kept.body]);
});
