/**
 * Complete Multipart Upload (doc 7742), as far as it judges the parts Upload Part stored: parts out of ascending
 * order are InvalidPartOrder; a part never uploaded, or named with another ETag, is InvalidPart. COS may answer
 * 200 and put the error in the body; that answer is the error, not a success.
 */
import { randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectThat } from '../src/harness/expect.js';
import { expectObjectBytes, uploadOk } from '../src/harness/flows.js';

conformanceSpec(import.meta.url);

check('UP-25 Complete listing parts 2 then 1 (both of the minimum size): 400 InvalidPartOrder', async (s) => {
  const key = s.key('order');
  const uploadId = await s.initiate(key);
  const min = s.dialect.minPartSize;
  const one = await uploadOk(s, 'UP-25', key, uploadId, 1, { seed: 1, length: min });
  const two = await uploadOk(s, 'UP-25', key, uploadId, 2, { seed: 2, length: min });
  const result = await s.api.complete(key, uploadId, [two, one]);
  if (result.ok) s.ended(uploadId, key);
  expectAnswer('UP-25', 'Complete with parts [2, 1]', result, { status: 400, code: 'InvalidPartOrder' });
});

check('UP-25 Complete naming a part never uploaded, and an uploaded part with a wrong ETag: 400 InvalidPart', async (s) => {
  const key = s.key('invalid-part');
  const uploadId = await s.initiate(key);
  const missing = await s.api.complete(key, uploadId, [{ partNumber: 1, etag: `"${randomBytes(16).toString('hex')}"` }]);
  if (missing.ok) s.ended(uploadId, key);
  expectAnswer('UP-25', 'Complete with part 1, never uploaded', missing, { status: 400, code: 'InvalidPart' });
  const part = await uploadOk(s, 'UP-25', key, uploadId, 1, { seed: 3, length: 10 });
  const wrongEtag = `"${randomBytes(16).toString('hex')}"`;
  const wrong = await s.api.complete(key, uploadId, [{ partNumber: 1, etag: wrongEtag }]);
  if (wrong.ok) s.ended(uploadId, key);
  expectAnswer('UP-25', `Complete with part 1 named by ETag ${wrongEtag} instead of ${part.etag}`, wrong, { status: 400, code: 'InvalidPart' });
});

check('UP-26 Complete with a wrong ETag, then with the right one: a refusal, however it is answered, completed nothing; the success answers a result', async (s, context) => {
  const key = s.key('error-in-200');
  const uploadId = await s.initiate(key);
  const part = await uploadOk(s, 'UP-26', key, uploadId, 1, { seed: 4, length: 10 });
  const refused = await s.api.complete(key, uploadId, [{ partNumber: 1, etag: `"${randomBytes(16).toString('hex')}"` }]);
  if (refused.ok) {
    // Accepting a wrong ETag is UP-25's business; there is no refusal here to judge.
    s.ended(uploadId, key);
    context.record('Complete with a wrong ETag', `accepted (${refused.status}): judged by UP-25`);
    return;
  }
  context.record('Complete with a wrong ETag', refused.error?.inSuccessStatus ? `${refused.status} with an <Error> body` : `${refused.status}`);
  const accepted = await s.api.complete(key, uploadId, [part]);
  if (accepted.ok) s.ended(uploadId, key);
  const sent = `Complete with a wrong ETag (answered ${refused.status}${refused.error?.inSuccessStatus ? ' with an <Error> body' : ''}), then with the right ETag`;
  expectThat('UP-26', sent, accepted.ok && accepted.value?.etag !== undefined, '200 with a CompleteMultipartUploadResult: the refused Complete completed nothing', accepted.ok ? '200 without a result ETag' : `${accepted.status} ${accepted.error?.code ?? ''}`, accepted.response.exchange);
  await expectObjectBytes(s, 'UP-26', sent, key, [part.body]);
});
