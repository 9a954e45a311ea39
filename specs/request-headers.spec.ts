/**
 * Upload Part, "Request header": Content-Length is required; Content-MD5 and Expect are recommended; the newer
 * revisions add x-cos-traffic-limit. The error codes come from doc 7730: MissingContentLength, BadDigest,
 * InvalidDigest. The S3 checksum headers are in s3-checksums.spec.ts.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { boundaryBodies, integrityBody, LARGE_BODY, logUniformSize } from '../src/generators/bodies.js';
import { TRAFFIC_LIMIT_ONE_PAST, trafficLimitInRange, trafficLimitRefused } from '../src/generators/header-values.js';
import { describeBody, type BodySpec } from '../src/protocol/body.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);


check('UP-12 Upload Part with neither Content-Length nor Transfer-Encoding: 411 MissingContentLength', async (t) => {
  const key = t.key('no-length');
  const uploadId = await t.given.initiate(key);
  const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 16 }, {}, { omitContentLength: true });
  t.expectAnswer('Upload Part 1 with neither Content-Length nor Transfer-Encoding', result, ERROR.MissingContentLength);
}, { costMiB: 0.5 });

check('UP-36 Upload Part sent with Transfer-Encoding: chunked and no Content-Length: 411 MissingContentLength', async (t) => {
  const key = t.key('chunked');
  const uploadId = await t.given.initiate(key);
  const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 100 }, {}, { chunked: true });
  t.expectAnswer('Upload Part 1 with Transfer-Encoding: chunked and no Content-Length', result, ERROR.MissingContentLength);
}, { costMiB: 0.5 });

check('UP-13 Upload Part with bodies from 1 B to 8 MiB, the size boundaries first: its true Content-MD5 accepted, a digest of other bytes refused, the first part kept', async (t) => {
  const boundaries = boundaryBodies(t.dialect.minPartSize).map((kept): [BodySpec, BodySpec] => [kept, { seed: kept.seed + 1, length: kept.length }]);
  await t.forAll(
    'content-md5',
    fc.tuple(integrityBody(), integrityBody()),
    async ([kept, rejected]) => {
      await t.reserve(kept.length + rejected.length);
      const key = t.key('content-md5');
      const uploadId = await t.given.initiate(key);
      const good = await t.api.uploadPart(key, uploadId, 1, kept, { contentMd5: true });
      const sentGood = `Upload Part 1 (${kept.length} bytes) with its true Content-MD5`;
      t.expectSuccess(sentGood, good);
      t.given.that(sentGood, good, good.value?.etag !== undefined, 'an ETag to complete with (UP-15 judges it)');
      const wrongDigest = describeBody({ seed: rejected.seed + 1, length: rejected.length }).md5Base64;
      const sent = `Upload Part 1 again (${rejected.length} bytes) with a Content-MD5 of other bytes`;
      const refused = await t.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: wrongDigest });
      t.soft(() => t.expectAnswer(sent, refused, ERROR.BadDigest));
      // What is stored is read back through Complete and GET, the calls every server has: judged even when the
      // refusal above was not, since a part stored from corrupt bytes is the worse failure.
      await t.expectKept(sent, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body: kept });
      t.covered(kept.length);
      t.covered(rejected.length);
    },
    { maxRuns: 10, examples: boundaries },
  );
}, { costMiB: 44 });

const MALFORMED_DIGESTS = ['not-base64!', 'AAAA', '', 'MTIz', 'x'.repeat(24), 'mQ/fVh815F3k6TAUm8m0eg'];

check('UP-33 Upload Part with a malformed Content-MD5 (not base64, not 16 bytes, unpadded, empty): 400 InvalidDigest, the first part kept', async (t) => {
  const key = t.key('invalid-digest');
  const uploadId = await t.given.initiate(key);
  const kept = await t.given.upload(key, uploadId, 1, { seed: 5, length: 1000 });
  for (const malformed of MALFORMED_DIGESTS) {
    await t.case(`Content-MD5 ${JSON.stringify(malformed)}`, async () => {
      const result = await t.api.uploadPart(key, uploadId, 1, { seed: 6, length: 1000 }, { contentMd5: malformed });
      t.expectAnswer(`Upload Part 1 again with Content-MD5 ${JSON.stringify(malformed)}`, result, ERROR.InvalidDigest);
    });
  }
  await t.case('the first part kept', () => t.expectKept('uploads of part 1 with malformed digests', key, uploadId, kept));
}, { costMiB: 0.5 });

check('UP-14 Upload Part with Expect: 100-continue, the body held until asked: 100, then 200, and the part is stored', async (t) => {
  const key = t.key('expect');
  const uploadId = await t.given.initiate(key);
  const body = { seed: 5, length: 10_000 };
  const result = await t.api.uploadPart(key, uploadId, 1, body, {}, { expectContinue: 'send-after-100' });
  const sent = 'Upload Part 1 with Expect: 100-continue';
  t.soft(() => t.expectThat(sent, result.response.informational.includes(100), '100 Continue before the body', `informational answers: [${result.response.informational.join(', ')}]`, result.response.exchange));
  t.expectSuccess(sent, result);
  t.given.that(sent, result, result.value?.etag !== undefined, 'an ETag to complete with (UP-15 judges it)');
  await t.given.complete(key, uploadId, [{ partNumber: 1, etag: result.value!.etag! }]);
  await t.expectObjectBytes(`${sent}, then Complete`, key, [body]);
}, { costMiB: 0.5 });

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
}, { costMiB: 6 });

check(
  'UP-37 Upload Part with x-cos-traffic-limit at both bounds and generated values in range: 200; one past each bound, generated values outside it and words: 400, nothing stored',
  async (t) => {
    const key = t.key('traffic-limit');
    const uploadId = await t.given.initiate(key);
    // 1 KiB: a hundredth of a second at the lowest limit.
    const body = { seed: 37, length: 1024 };
    const limit = t.dialect.trafficLimit!;
    const withLimit = (value: string) => ({ headers: [[limit.header, value]] as Array<[string, string]> });
    await t.case('in range', () =>
      t.forAll('in-range', trafficLimitInRange(), async (value) => {
        t.expectSuccess(`Upload Part 1 with x-cos-traffic-limit: ${value}`, await t.api.uploadPart(key, uploadId, 1, body, withLimit(value)));
      }, { maxRuns: 8, examples: [String(limit.min), String(limit.max)] }),
    );
    const codes = new Set<string>();
    await t.case('out of range or not a number', () =>
      t.forAll('refused', trafficLimitRefused(), async (value) => {
        const result = await t.api.uploadPart(key, uploadId, 2, body, withLimit(value));
        codes.add(t.expectRefused(`Upload Part 2 with x-cos-traffic-limit: ${JSON.stringify(value)}`, result, 400));
      }, { maxRuns: 12, examples: [...TRAFFIC_LIMIT_ONE_PAST] }),
    );
    if (codes.size > 0) t.note(`refused with ${[...codes].join(', ')} (the documents give the status only)`);
    await t.case('nothing stored', async () => {
      const listed = await t.given.listParts(key, uploadId);
      const numbers = listed.parts.map((p) => p.partNumber);
      t.expectThat('Upload Part 2 refused for its x-cos-traffic-limit every time, then List Parts', !numbers.includes(2), 'parts [1]: part 2 never stored', `parts [${numbers.join(', ')}]`, listed.result.response.exchange);
    });
  },
  { costMiB: 0.5, profiles: ['cos'], reason: 'x-cos-traffic-limit is a COS header; S3 has no bandwidth limit on a request' },
);
