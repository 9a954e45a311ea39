/**
 * List Parts (doc 7747), as the way to see what Upload Part stored: max-parts (default and limit 1000),
 * part-number-marker, IsTruncated and NextPartNumberMarker page through every part.
 *
 * Dimensions of UP-27: more parts than the default page (1005, the default page size and the marker it returns, a
 * fixed case), then generated part sets of 1 to 12 numbers paged by 1 to 5.
 */
import fc from 'fast-check';
import type { ApiResult, ListPartsPage } from '../src/api/multipart.js';
import { distinctPartNumbers } from '../src/generators/part-numbers.js';
import { type CheckContext, check, conformanceSpec } from '../src/harness/check.js';
import { inParallel } from '../src/harness/in-parallel.js';

conformanceSpec(import.meta.url);

/** What paging is judged on: a 200 whose body is the ListPartsResult of doc 7747. */
function expectListPartsResult(t: CheckContext, sent: string, result: ApiResult<ListPartsPage>): void {
  t.expectSuccess(sent, result);
  t.expectThat(
    sent,
    result.value !== undefined,
    'a ListPartsResult document',
    result.response.body.toString('utf8').slice(0, 200) || '(empty body)',
    result.response.exchange,
  );
}

check(
  'UP-27 1005 tiny parts, then List Parts with the default page size and the marker it returns',
  async (t) => {
    const key = t.key('1005-parts');
    const uploadId = await t.given.initiate(key);
    const numbers = Array.from({ length: 1005 }, (_, i) => i + 1);
    // One hold for the 1005 bodies, so the check is skipped before it starts if they cannot be afforded.
    await t.reserve(numbers.length);
    // Fifty at a time, each starting as another ends: the order of uploads is not what this check judges, and against
    // a distant target one after another would cost 1005 round trips.
    await inParallel(numbers, 50, (n) => t.given.upload(key, uploadId, n, { seed: n, length: 1 }));
    await t.case('the first page', async () => {
      const first = await t.api.listParts(key, uploadId);
      const sent = 'List Parts of 1005 parts without max-parts';
      expectListPartsResult(t, sent, first);
      t.expectEqual(
        sent,
        '[part count, IsTruncated, NextPartNumberMarker]',
        [first.value?.parts.length, first.value?.isTruncated, first.value?.nextPartNumberMarker],
        [1000, true, 1000],
        first.response.exchange,
      );
    });
    await t.case('the page after marker 1000', async () => {
      const second = await t.api.listParts(key, uploadId, { partNumberMarker: 1000 });
      const sent = 'List Parts with part-number-marker=1000';
      expectListPartsResult(t, sent, second);
      t.expectEqual(
        sent,
        '[part numbers, IsTruncated]',
        [second.value?.parts.map((p) => p.partNumber), second.value?.isTruncated],
        [[1001, 1002, 1003, 1004, 1005], false],
        second.response.exchange,
      );
    });
  },
  { costMiB: 0.5 },
);

check(
  'UP-27 generated part sets paged with generated max-parts: every part exactly once, in order',
  async (t) => {
    await t.forAll(
      'paging',
      fc.tuple(distinctPartNumbers({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 })),
      async ([numbers, maxParts]) => {
        const key = t.key('paging');
        const uploadId = await t.given.initiate(key);
        await Promise.all(numbers.map((n) => t.given.upload(key, uploadId, n, { seed: n, length: 1 })));
        const seen: number[] = [];
        let marker: number | undefined;
        for (let page = 0; page < 20; page++) {
          const result = await t.api.listParts(key, uploadId, { maxParts, ...(marker !== undefined ? { partNumberMarker: marker } : {}) });
          expectListPartsResult(t, `List Parts max-parts=${maxParts} part-number-marker=${marker ?? '(none)'}`, result);
          seen.push(...result.value!.parts.map((p) => p.partNumber));
          if (!result.value!.isTruncated) break;
          marker = result.value!.nextPartNumberMarker;
        }
        t.expectEqual(
          `parts ${numbers.join(',')} listed ${maxParts} at a time`,
          'part numbers seen',
          seen,
          [...numbers].sort((a, b) => a - b),
        );
      },
      { maxRuns: 15 },
    );
  },
  { costMiB: 0.5 },
);
