/**
 * Complete Multipart Upload (doc 7742), as far as it judges the parts Upload Part stored: parts out of ascending
 * order are InvalidPartOrder; a part never uploaded, or named with another ETag, is InvalidPart. COS may answer
 * 200 and put the error in the body; that answer is the error, not a success.
 */
import { randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectThat } from '../src/harness/expect.js';
import { uploadOk } from '../src/harness/flows.js';

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

check('UP-26 a refused Complete, however it is answered, completes nothing; an accepted one answers a result, not an <Error>', async (s) => {
  const key = s.key('error-in-200');
  const uploadId = await s.initiate(key);
  const part = await uploadOk(s, 'UP-26', key, uploadId, 1, { seed: 4, length: 10 });
  const refused = await s.api.complete(key, uploadId, [{ partNumber: 1, etag: `"${randomBytes(16).toString('hex')}"` }]);
  expectThat('UP-26', 'Complete with a wrong ETag', !refused.ok, 'an error (a 4xx, or a 200 carrying <Error>)', `${refused.status} without an <Error>`, refused.response.exchange);
  const stillOpen = await s.api.listParts(key, uploadId);
  expectThat('UP-26', 'Complete with a wrong ETag, then List Parts', stillOpen.ok, 'the upload still open', `${stillOpen.status} ${stillOpen.error?.code ?? ''}`, stillOpen.response.exchange);
  const accepted = await s.api.complete(key, uploadId, [part]);
  if (accepted.ok) s.ended(uploadId, key);
  expectThat('UP-26', 'Complete with the right ETag', accepted.ok && accepted.value?.etag !== undefined, '200 with a CompleteMultipartUploadResult carrying an ETag', accepted.ok ? '200 without a result ETag' : `${accepted.status} ${accepted.error?.code ?? ''}`, accepted.response.exchange);
});
