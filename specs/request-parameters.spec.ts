/**
 * Upload Part, "Request parameters": partNumber "identifies the part number ... must be greater than or equal
 * to 1"; uploadId identifies the upload. Values below 1 and values that are not decimal integers are refused.
 */
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectPartNumbersRefused } from '../src/harness/flows.js';
import { malformedPartNumber, partNumberBelowOne } from '../src/generators/part-numbers.js';

conformanceSpec(import.meta.url);

check('UP-06 Upload Part with partNumber 0, -1 and generated integers below 1: 400 InvalidArgument', async (t) => {
  await expectPartNumbersRefused(t, 'below-one', partNumberBelowOne, ['0', '-1']);
});

check('UP-08 Upload Part with partNumber abc, 1.5, empty, +1, " 1" and other non-integers: 400 InvalidArgument', async (t) => {
  await expectPartNumbersRefused(t, 'malformed', malformedPartNumber, ['abc', '1.5', '', '+1', ' 1']);
});
