import type fc from 'fast-check';
import { ERROR } from '../protocol/error-codes.js';
import type { CheckContext } from './check.js';

/** The small body the partNumber rules send: its bytes do not matter, only the answer. */
const PROBE = { seed: 1, length: 8 } as const;

/**
 * Sends a part with each generated partNumber to an upload (a new one by default): every one must get 400
 * InvalidArgument. The partNumber rules (UP-06, UP-07, UP-08) differ only in the numbers they draw.
 */
export async function expectPartNumbersRefused(
  t: CheckContext,
  name: string,
  partNumbers: fc.Arbitrary<string>,
  examples: readonly string[],
  upload?: { readonly key: string; readonly uploadId: string },
): Promise<void> {
  const key = upload?.key ?? t.key(name);
  const uploadId = upload?.uploadId ?? (await t.given.initiate(key));
  await t.forAll(
    name,
    partNumbers,
    async (partNumber) => {
      const result = await t.api.uploadPart(key, uploadId, partNumber, PROBE);
      t.expectAnswer(`Upload Part with partNumber=${JSON.stringify(partNumber)}`, result, ERROR.InvalidArgument);
    },
    { examples, maxRuns: 30 },
  );
}
