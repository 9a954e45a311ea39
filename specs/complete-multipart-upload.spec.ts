/**
 * Complete Multipart Upload (doc 7742), as far as it judges the parts Upload Part stored: parts out of ascending
 * order are InvalidPartOrder; a part never uploaded, or named with another ETag, is InvalidPart; an upload that
 * does not exist is NoSuchUpload. COS may answer 200 and put the error in the body; that answer is the error, not
 * a success. Its result: the ETag of the object (and, for S3, of a form that is not mistaken for an MD5), and the
 * object's CRC-64 when every part had one (CRC64 Check, doc 436/45260).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { ApiResult } from '../src/api/multipart.js';
import { bodySeed, integrityBody } from '../src/generators/bodies.js';
import { check, conformanceSpec, type CheckContext } from '../src/harness/check.js';
import { joinedDigest, type UploadedPart } from '../src/harness/judge.js';
import { describeAnswer } from '../src/harness/signals.js';
import type { BodySpec } from '../src/protocol/body.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

const randomEtag = () => `"${randomBytes(16).toString('hex')}"`;

check('UP-25 Complete listing parts 2 then 1 (both of the minimum size): 400 InvalidPartOrder', async (t) => {
  const min = t.dialect.minPartSize;
  await t.reserve(2 * min);
  const key = t.key('order');
  const uploadId = await t.given.initiate(key);
  const one = await t.given.upload(key, uploadId, 1, { seed: 1, length: min });
  const two = await t.given.upload(key, uploadId, 2, { seed: 2, length: min });
  t.expectAnswer('Complete with parts [2, 1]', await t.api.complete(key, uploadId, [two, one]), ERROR.InvalidPartOrder);
}, { costMiB: 11 });

check('UP-25 Complete naming a part never uploaded, and an uploaded part with a wrong ETag: 400 InvalidPart', async (t) => {
  await t.case('a part never uploaded', async () => {
    const key = t.key('missing-part');
    const uploadId = await t.given.initiate(key);
    t.expectAnswer('Complete with part 1, never uploaded', await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]), ERROR.InvalidPart);
  });
  await t.case('an uploaded part named by a wrong ETag', async () => {
    const key = t.key('wrong-etag');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 3, length: 10 });
    const wrongEtag = randomEtag();
    const result = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: wrongEtag }]);
    t.expectAnswer(`Complete with part 1 named by ETag ${wrongEtag} instead of ${part.etag}`, result, ERROR.InvalidPart);
  });
}, { costMiB: 0.5 });

check('UP-26 Complete with a wrong ETag, then with the right one: a refusal, however it is answered, completed nothing; the success answers a result', async (t) => {
  const key = t.key('error-in-200');
  const uploadId = await t.given.initiate(key);
  const part = await t.given.upload(key, uploadId, 1, { seed: 4, length: 10 });
  const refused = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]);
  // Without a refusal there is nothing to judge here (whether a wrong ETag must be refused is UP-25's own check).
  t.given.that('Complete with a wrong ETag', refused, !refused.ok, 'a refusal, so that what it left behind can be judged');
  const how = refused.error?.inSuccessStatus ? `${refused.status} with an <Error> body` : `${refused.status}`;
  t.note(`Complete with a wrong ETag was refused with ${how}`);
  const accepted = await t.api.complete(key, uploadId, [part]);
  const sent = `Complete with a wrong ETag (answered ${how}), then with the right ETag`;
  t.expectThat(sent, accepted.ok && accepted.value?.etag !== undefined, '200 with a CompleteMultipartUploadResult: the refused Complete completed nothing', accepted.ok ? '200 without a result ETag' : `${accepted.status} ${accepted.error?.code ?? ''}`, accepted.response.exchange);
  await t.expectObjectBytes(sent, key, [part.body]);
}, { costMiB: 0.5 });

check('UP-32 Complete naming an upload that never existed; Complete and List Parts naming an aborted one: 404 NoSuchUpload', async (t) => {
  await t.case('an upload that never existed', async () => {
    const key = t.key('complete-unknown');
    t.expectAnswer('Complete with an UploadId never issued', await t.api.complete(key, `${Date.now()}${randomBytes(16).toString('hex')}`, [{ partNumber: 1, etag: randomEtag() }]), ERROR.NoSuchUpload);
  });
  await t.case('an aborted upload', async () => {
    const key = t.key('complete-aborted');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 32, length: 10 });
    await t.given.abort(key, uploadId);
    const completed = await t.api.complete(key, uploadId, [part]);
    t.soft(() => t.expectAnswer('Abort, then Complete with the part uploaded before', completed, ERROR.NoSuchUpload));
    const listed = await t.api.listParts(key, uploadId);
    t.soft(() => t.expectAnswer('Abort, then List Parts', listed, ERROR.NoSuchUpload));
  });
  // What a completed upload answers is recorded (UP-28): AWS S3 itself answers a repeated Complete 200, and no COS
  // document of a standard bucket says otherwise.
}, { costMiB: 0.5 });

/** An upload of `bodies` as parts 1..n, completed: the answer to Complete, and the parts as uploaded. */
async function completedUpload(t: CheckContext, label: string, bodies: readonly BodySpec[]) {
  await t.reserve(bodies.reduce((sum, b) => sum + b.length, 0));
  const key = t.key(label);
  const uploadId = await t.given.initiate(key);
  const parts: UploadedPart[] = [];
  const answers: Array<ApiResult<{ etag: string | undefined }>> = [];
  for (const [index, body] of bodies.entries()) {
    const result = await t.api.uploadPart(key, uploadId, index + 1, body);
    t.given.that(`Upload Part ${index + 1} (${body.length} bytes)`, result, result.ok && result.value?.etag !== undefined, '200 with an ETag');
    parts.push({ partNumber: index + 1, etag: result.value!.etag!, body });
    answers.push(result);
  }
  const completed = await t.api.complete(key, uploadId, parts);
  t.given.that(`Complete with parts 1-${parts.length}`, completed, completed.ok, '200 CompleteMultipartUploadResult');
  return { key, parts, answers, completed, sent: `parts of ${bodies.map((b) => b.length).join(', ')} bytes, then Complete` };
}

check(
  'UP-41 uploads of 1 to 3 parts of generated sizes, each answered with x-cos-hash-crc64ecma, then Complete, HEAD and GET: the object CRC-64 of each is that of the parts joined',
  async (t) => {
    const header = t.dialect.crc64Header!;
    const min = t.dialect.minPartSize;
    await t.forAll(
      'object-crc64',
      fc.tuple(fc.integer({ min: 0, max: 2 }), integrityBody(min), bodySeed),
      async ([fullParts, last, seed]) => {
        const bodies = [...Array.from({ length: fullParts }, (_, i) => ({ seed: seed + i, length: min })), last];
        const { key, answers, completed, sent } = await completedUpload(t, 'object-crc64', bodies);
        if (answers.some((a) => a.response.headers[header] === undefined)) return t.unjudged(`a part was answered without ${header}: the object need not have one`);
        const expected = joinedDigest(bodies).crc64;
        t.soft(() => t.expectHeader(sent, completed, header, expected));
        const head = await t.api.headObject(key);
        t.soft(() => t.expectHeader(`${sent}, then HEAD`, head, header, expected));
        const get = await t.api.getObject(key);
        t.soft(() => t.expectHeader(`${sent}, then GET`, get, header, expected));
        t.covered(bodies.reduce((sum, b) => sum + b.length, 0));
      },
      { maxRuns: 4, examples: [[1, { seed: 41, length: 1 }, 410], [2, { seed: 42, length: min }, 420]] },
    );
  },
  { costMiB: 8, profiles: ['cos'], reason: 'S3 has no CRC-64/ECMA-182' },
);

check('UP-45 two parts, then Complete and HEAD: the result <ETag> is not empty and is the ETag HEAD answers', async (t) => {
  const { key, completed, sent } = await completedUpload(t, 'complete-etag', [{ seed: 45, length: t.dialect.minPartSize }, { seed: 46, length: 100 }]);
  const resultEtag = completed.value?.etag;
  t.soft(() => t.expectThat(sent, resultEtag !== undefined && resultEtag.replace(/"/g, '').trim() !== '', 'a non-empty <ETag> in CompleteMultipartUploadResult', `<ETag>${resultEtag ?? '(absent)'}</ETag>`, completed.response.exchange));
  const head = await t.api.headObject(key);
  t.given.that('HEAD of the completed object', head, head.ok, '200');
  t.soft(() => t.expectEqual(`${sent}, then HEAD`, 'ETag', head.value?.etag, resultEtag, head.response.exchange));
}, { costMiB: 6 });

check(
  'UP-46 two parts, then Complete and HEAD: an ETag of 32 hex digits is the MD5 of the object bytes',
  async (t) => {
    const bodies = [{ seed: 47, length: t.dialect.minPartSize }, { seed: 48, length: 100 }];
    const { key, completed, sent } = await completedUpload(t, 'multipart-etag-form', bodies);
    const head = await t.api.headObject(key);
    t.given.that('HEAD of the completed object', head, head.ok, '200');
    const md5 = joinedDigest(bodies).md5Hex;
    for (const [where, result, etag] of [['Complete result', completed, completed.value?.etag], ['HEAD', head, head.value?.etag]] as const) {
      const value = (etag ?? '').replace(/"/g, '').toLowerCase();
      t.soft(() => t.expectThat(`${sent} (${where})`, !/^[0-9a-f]{32}$/.test(value) || value === md5, `an ETag that is not 32 hex digits, or is the MD5 ${md5}`, `ETag ${etag}`, result.response.exchange));
    }
  },
  { costMiB: 6, profiles: ['s3'], reason: 'COS documents no form for a multipart ETag (doc 7729: "not necessarily the MD5")' },
);

check('UP-47 Complete with an empty <CompleteMultipartUpload/>: 400; the upload stays open, and a Complete naming its part then succeeds', async (t) => {
  const key = t.key('complete-empty');
  const uploadId = await t.given.initiate(key);
  const part = await t.given.upload(key, uploadId, 1, { seed: 49, length: 10 });
  const sent = 'Complete with no <Part>';
  await t.case('refused', async () => {
    t.note(`refused with ${t.expectRefused(sent, await t.api.complete(key, uploadId, { rawBody: '<CompleteMultipartUpload></CompleteMultipartUpload>' }), 400)}`);
  });
  // Complete and GET, the calls every server has, show that the empty Complete completed nothing.
  await t.case('the upload stays open', async () => {
    const completed = await t.api.complete(key, uploadId, [part]);
    t.expectThat(`${sent}, then Complete with part 1`, completed.ok, '200: the upload was still open', describeAnswer(completed), completed.response.exchange);
    await t.expectObjectBytes(`${sent}, then Complete with part 1`, key, [part.body]);
  });
}, { costMiB: 0.5 });
