/**
 * List Parts (doc 7747), as the way to see what Upload Part stored: max-parts (default and limit 1000),
 * part-number-marker, IsTruncated and NextPartNumberMarker page through every part.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectEqual, expectSuccess } from '../src/harness/expect.js';
import { forAll } from '../src/harness/property.js';
import { distinctPartNumbers } from '../src/generators/part-numbers.js';

conformanceSpec(import.meta.url);

check('UP-27 1005 tiny parts, then List Parts with the default page size and the marker it returns', async (s) => {
  const key = s.key('1005-parts');
  const uploadId = await s.initiate(key);
  const numbers = Array.from({ length: 1005 }, (_, i) => i + 1);
  for (let i = 0; i < numbers.length; i += 50) {
    const batch = numbers.slice(i, i + 50);
    const results = await Promise.all(batch.map((n) => s.api.uploadPart(key, uploadId, n, { seed: n, length: 1 })));
    results.forEach((r, j) => expectSuccess('UP-27', `Upload Part ${batch[j]}`, r));
  }
  const first = await s.api.listParts(key, uploadId);
  const sent = 'List Parts of 1005 parts without max-parts';
  expectSuccess('UP-27', sent, first);
  expectEqual('UP-27', sent, '[part count, IsTruncated, NextPartNumberMarker]', [first.value?.parts.length, first.value?.isTruncated, first.value?.nextPartNumberMarker], [1000, true, 1000], first.response.exchange);
  const second = await s.api.listParts(key, uploadId, { partNumberMarker: 1000 });
  expectEqual('UP-27', 'List Parts with part-number-marker=1000', '[part numbers, IsTruncated]', [second.value?.parts.map((p) => p.partNumber), second.value?.isTruncated], [[1001, 1002, 1003, 1004, 1005], false], second.response.exchange);
});

check('UP-27 generated part sets paged with generated max-parts: every part exactly once, in order', async (s) => {
  await forAll(s, 'UP-27/paging', 'UP-27', fc.tuple(distinctPartNumbers({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 })), async ([numbers, maxParts]) => {
    const key = s.key('paging');
    const uploadId = await s.initiate(key);
    await Promise.all(numbers.map((n) => s.api.uploadPart(key, uploadId, n, { seed: n, length: 1 })));
    const seen: number[] = [];
    let marker: number | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await s.api.listParts(key, uploadId, { maxParts, ...(marker !== undefined ? { partNumberMarker: marker } : {}) });
      expectSuccess('UP-27', `List Parts max-parts=${maxParts} part-number-marker=${marker ?? '(none)'}`, result);
      seen.push(...result.value!.parts.map((p) => p.partNumber));
      if (!result.value!.isTruncated) break;
      marker = result.value!.nextPartNumberMarker;
    }
    expectEqual('UP-27', `parts ${numbers.join(',')} listed ${maxParts} at a time`, 'part numbers seen', seen, [...numbers].sort((a, b) => a - b));
  }, { numRuns: Math.min(s.numRuns, 15) });
});
