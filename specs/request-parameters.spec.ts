/**
 * Upload Part, "Request parameters": partNumber, "Value range: 1-10000". Values below 1 and strings no integer
 * parser reads are refused; forms some parsers accept (+1, " 1") are recorded, since no document rules on them.
 *
 * Dimensions, each value a fixed example run at every seed: below 1 (0, -1, and -4294967295, which wraps to 1 in 32
 * bits); not a number (a word, a decimal, empty, a path, digits followed by junk, a list).
 */

import { invalidPartNumber, LENIENT_PART_NUMBERS, PART_NUMBERS_BELOW_ONE, partNumberBelowOne } from '../src/generators/part-numbers.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectPartNumbersRefused } from '../src/harness/flows.js';
import { describeAnswer } from '../src/harness/signals.js';

conformanceSpec(import.meta.url);

check(
  'UP-06 Upload Part with partNumber 0, -1, -4294967295 (1 in 32 bits) and generated integers below 1: 400 InvalidArgument',
  async (t) => {
    await expectPartNumbersRefused(t, 'below-one', partNumberBelowOne, PART_NUMBERS_BELOW_ONE);
  },
  { costMiB: 0.5 },
);

check(
  'UP-08 Upload Part with partNumber abc, 1.5, empty, ../1, 1x, 1,2 and other strings no integer parser reads: 400 InvalidArgument',
  async (t) => {
    await expectPartNumbersRefused(t, 'invalid', invalidPartNumber, ['abc', '1.5', '', '../1', '1x', '1,2']);
  },
  { costMiB: 0.5 },
);

check(
  'UP-34 records: Upload Part with partNumber +1, " 1", "1 ", 01, 1e3, 0x10 and a full-width 1',
  async (t) => {
    const key = t.key('lenient');
    const uploadId = await t.given.initiate(key);
    for (const partNumber of LENIENT_PART_NUMBERS) {
      t.record(
        `partNumber=${JSON.stringify(partNumber)}`,
        describeAnswer(await t.api.uploadPart(key, uploadId, partNumber, { seed: 1, length: 8 })),
      );
    }
  },
  { costMiB: 0.5 },
);
