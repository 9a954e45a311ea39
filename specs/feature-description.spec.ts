/**
 * Upload Part, "Feature Description": "It supports at most up to 10,000 parts, each being between 1 MB to 5 GB in
 * size. The last part can be less than 1 MB." The minimum is enforced at Complete (EntityTooSmall); the maximum
 * at Upload Part (EntityTooLarge). Under the s3 profile the minimum is 5 MiB.
 */
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectSuccess } from '../src/harness/expect.js';
import { completeOk, expectObjectBytes, expectPartNumbersRefused, uploadOk } from '../src/harness/flows.js';
import { forAll } from '../src/harness/property.js';
import { lastPartSize } from '../src/generators/bodies.js';
import { partNumberAboveMax } from '../src/generators/part-numbers.js';
import fc from 'fast-check';
import { ConformanceFailure } from '../src/harness/failure.js';

conformanceSpec(import.meta.url);

check('UP-07 Upload Part with partNumber 10000, then 10001 and generated numbers above it', async (s) => {
  const key = s.key('max-part-number');
  const uploadId = await s.initiate(key);
  expectSuccess('UP-07', 'Upload Part with partNumber=10000', await s.api.uploadPart(key, uploadId, 10000, { seed: 1, length: 8 }));
  await expectPartNumbersRefused(s, 'UP-07', 'above-max', partNumberAboveMax, ['10001'], { key, uploadId });
});

check('UP-09 Complete with a first part of minimum - 1 bytes (EntityTooSmall), then of exactly the minimum (accepted)', async (s) => {
  const min = s.dialect.minPartSize;
  for (const [size, accepted] of [
    [min - 1, false],
    [min, true],
  ] as const) {
    const key = s.key(`min-${size}`);
    const uploadId = await s.initiate(key);
    const first = await uploadOk(s, 'UP-09', key, uploadId, 1, { seed: size, length: size });
    const last = await uploadOk(s, 'UP-09', key, uploadId, 2, { seed: 7, length: 1 });
    const sent = `Complete with part 1 of ${size} bytes and part 2 of 1 byte`;
    if (accepted) {
      await completeOk(s, 'UP-09', key, uploadId, [first, last]);
      await expectObjectBytes(s, 'UP-09', sent, key, [first.body, last.body]);
    } else {
      const result = await s.api.complete(key, uploadId, [first, last]);
      if (result.ok) s.ended(uploadId, key);
      expectAnswer('UP-09', sent, result, { status: 400, code: 'EntityTooSmall' });
    }
  }
});

check('UP-10 Complete with a last part of generated sizes from 1 byte to minimum - 1, after a minimum-size part', async (s) => {
  const min = s.dialect.minPartSize;
  await forAll(
    s,
    'UP-10/last-part',
    'UP-10',
    fc.tuple(lastPartSize(min), fc.boolean()),
    async ([size, alone]) => {
      const key = s.key(`last-${size}`);
      const uploadId = await s.initiate(key);
      const parts = alone ? [] : [await uploadOk(s, 'UP-10', key, uploadId, 1, { seed: 11, length: min })];
      parts.push(await uploadOk(s, 'UP-10', key, uploadId, parts.length + 1, { seed: size, length: size }));
      await completeOk(s, 'UP-10', key, uploadId, parts);
      await expectObjectBytes(s, 'UP-10', `Complete with ${parts.length} parts, the last of ${size} bytes`, key, parts.map((p) => p.body));
    },
    { examples: [[1, false], [1, true], [min - 1, false]], numRuns: Math.min(s.numRuns, 4) },
  );
});

check('UP-11 Upload Part declaring Content-Length 5 GiB + 1 with Expect: 100-continue, no body: 400 EntityTooLarge', async (s, context) => {
  const key = s.key('too-large');
  const uploadId = await s.initiate(key);
  const size = s.dialect.maxPartSize + 1;
  const result = await s.api.uploadPart(key, uploadId, 1, { seed: 1, length: size }, {}, { expectContinue: 'never-send' });
  if (result.status === 100) {
    // The server asked for 5 GiB + 1 bytes rather than refusing from the headers; the body is not sent.
    context.record('refused before the body', 'no: answered 100 Continue');
    throw new ConformanceFailure({
      requirementId: 'UP-11',
      sent: `Upload Part with Content-Length ${size} and Expect: 100-continue, no body`,
      expected: '400 EntityTooLarge, decided from the headers',
      actual: '100 Continue: the server asked for the oversized body',
      exchange: result.response.exchange,
    });
  }
  context.record('refused before the body', result.response.informational.length === 0 ? 'yes' : `after ${result.response.informational.join(',')}`);
  expectAnswer('UP-11', `Upload Part with Content-Length ${size} and Expect: 100-continue, no body`, result, { status: 400, code: 'EntityTooLarge' });
});
