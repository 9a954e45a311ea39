/**
 * Complete Multipart Upload (doc 7742), as far as it judges the parts Upload Part stored: parts out of ascending
 * order are InvalidPartOrder; a part never uploaded, or named with another ETag, is InvalidPart. COS may answer
 * 200 and put the error in the body; that answer is the error, not a success.
 */
import { randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';

conformanceSpec(import.meta.url);

const randomEtag = () => `"${randomBytes(16).toString('hex')}"`;

check('UP-25 Complete listing parts 2 then 1 (both of the minimum size): 400 InvalidPartOrder', async (t) => {
  const min = t.dialect.minPartSize;
  await t.reserve(2 * min);
  const key = t.key('order');
  const uploadId = await t.given.initiate(key);
  const one = await t.given.upload(key, uploadId, 1, { seed: 1, length: min });
  const two = await t.given.upload(key, uploadId, 2, { seed: 2, length: min });
  t.expectAnswer('Complete with parts [2, 1]', await t.api.complete(key, uploadId, [two, one]), { status: 400, code: 'InvalidPartOrder' });
});

check('UP-25 Complete naming a part never uploaded, and an uploaded part with a wrong ETag: 400 InvalidPart', async (t) => {
  await t.case('a part never uploaded', async () => {
    const key = t.key('missing-part');
    const uploadId = await t.given.initiate(key);
    t.expectAnswer('Complete with part 1, never uploaded', await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]), { status: 400, code: 'InvalidPart' });
  });
  await t.case('an uploaded part named by a wrong ETag', async () => {
    const key = t.key('wrong-etag');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 3, length: 10 });
    const wrongEtag = randomEtag();
    const result = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: wrongEtag }]);
    t.expectAnswer(`Complete with part 1 named by ETag ${wrongEtag} instead of ${part.etag}`, result, { status: 400, code: 'InvalidPart' });
  });
});

check('UP-26 Complete with a wrong ETag, then with the right one: a refusal, however it is answered, completed nothing; the success answers a result', async (t) => {
  const key = t.key('error-in-200');
  const uploadId = await t.given.initiate(key);
  const part = await t.given.upload(key, uploadId, 1, { seed: 4, length: 10 });
  const refused = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]);
  // Without a refusal there is nothing to judge here; accepting a wrong ETag is UP-25's to judge.
  t.given.that('Complete with a wrong ETag', refused, !refused.ok, 'a refusal (UP-25)');
  const how = refused.error?.inSuccessStatus ? `${refused.status} with an <Error> body` : `${refused.status}`;
  t.note(`Complete with a wrong ETag was refused with ${how}`);
  const accepted = await t.api.complete(key, uploadId, [part]);
  const sent = `Complete with a wrong ETag (answered ${how}), then with the right ETag`;
  t.expectThat(sent, accepted.ok && accepted.value?.etag !== undefined, '200 with a CompleteMultipartUploadResult: the refused Complete completed nothing', accepted.ok ? '200 without a result ETag' : `${accepted.status} ${accepted.error?.code ?? ''}`, accepted.response.exchange);
  await t.expectObjectBytes(sent, key, [part.body]);
});
