/**
 * Upload Part, "Request header", Content-Length and Expect: Content-Length is required (411 MissingContentLength,
 * doc 7730), a body cut off before it must not replace the part, and Expect: 100-continue holds the body until
 * asked. Apart from the rest of the section only so that the two halves run side by side.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { integrityBody, LARGE_BODY, logUniformSize } from '../src/generators/bodies.js';

conformanceSpec(import.meta.url);

const MISSING_LENGTH = { status: 411, code: 'MissingContentLength' } as const;

check('UP-12 Upload Part with neither Content-Length nor Transfer-Encoding: 411 MissingContentLength', async (t) => {
  const key = t.key('no-length');
  const uploadId = await t.given.initiate(key);
  const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 16 }, {}, { omitContentLength: true });
  t.expectAnswer('Upload Part 1 with neither Content-Length nor Transfer-Encoding', result, MISSING_LENGTH);
});

check('UP-36 Upload Part sent with Transfer-Encoding: chunked and no Content-Length: 411 MissingContentLength', async (t) => {
  const key = t.key('chunked');
  const uploadId = await t.given.initiate(key);
  const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 100 }, {}, { chunked: true });
  t.expectAnswer('Upload Part 1 with Transfer-Encoding: chunked and no Content-Length', result, MISSING_LENGTH);
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

check('UP-31 Upload Part 1, then again with a body of 2 B to 8 MiB cut off before its Content-Length: the first part survives', async (t) => {
  await t.forAll(
    'truncated',
    fc.tuple(integrityBody(64 * 1024), logUniformSize().filter((n) => n >= 2), fc.integer({ min: 1, max: 99 })),
    async ([first, length, percent]) => {
      const cutAt = Math.min(length - 1, Math.max(1, Math.floor((length * percent) / 100)));
      await t.reserve(first.length + cutAt);
      const key = t.key('truncated');
      const uploadId = await t.given.initiate(key);
      const kept = await t.given.upload(key, uploadId, 1, first);
      // The connection is half-closed after cutAt of length bytes; the answer, if any, does not matter.
      await t.api.uploadPart(key, uploadId, 1, { seed: first.seed + 1, length }, {}, { truncateAt: cutAt }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sent = `a second upload of part 1 cut off after ${cutAt} of ${length} bytes, then Complete with the first ETag`;
      t.expectAnswer(sent, await t.api.complete(key, uploadId, [kept]), { status: 200 });
      await t.expectObjectBytes(sent, key, [kept.body]);
      t.covered(length);
    },
    { maxRuns: 6, examples: [[{ seed: 1, length: 3000 }, 100_000, 40], [{ seed: 2, length: 1 }, LARGE_BODY, 50]] },
  );
});
