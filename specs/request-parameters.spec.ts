/**
 * Upload Part, "Request parameters": partNumber "identifies the part number ... must be greater than or equal
 * to 1"; uploadId identifies the upload. Values below 1 and values that are not decimal integers are refused.
 */
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer } from '../src/harness/expect.js';
import { forAll } from '../src/harness/property.js';
import { malformedPartNumber, partNumberBelowOne } from '../src/generators/part-numbers.js';

conformanceSpec(import.meta.url);

check('UP-06 Upload Part with partNumber 0, -1 and generated integers below 1: 400 InvalidArgument', async (s) => {
  const key = s.key('below-one');
  const uploadId = await s.initiate(key);
  await forAll(
    s,
    'UP-06/below-one',
    'UP-06',
    partNumberBelowOne,
    async (partNumber) => {
      const result = await s.api.uploadPart(key, uploadId, partNumber, { seed: 1, length: 8 });
      expectAnswer('UP-06', `Upload Part with partNumber=${partNumber}`, result, { status: 400, code: 'InvalidArgument' });
    },
    { examples: ['0', '-1'], numRuns: Math.min(s.numRuns, 30) },
  );
});

check('UP-08 Upload Part with partNumber abc, 1.5, empty, +1, " 1" and other non-integers: 400 InvalidArgument', async (s) => {
  const key = s.key('malformed');
  const uploadId = await s.initiate(key);
  await forAll(
    s,
    'UP-08/malformed',
    'UP-08',
    malformedPartNumber,
    async (partNumber) => {
      const result = await s.api.uploadPart(key, uploadId, partNumber, { seed: 1, length: 8 });
      expectAnswer('UP-08', `Upload Part with partNumber=${JSON.stringify(partNumber)}`, result, { status: 400, code: 'InvalidArgument' });
    },
    { examples: ['abc', '1.5', '', '+1', ' 1'], numRuns: Math.min(s.numRuns, 30) },
  );
});
