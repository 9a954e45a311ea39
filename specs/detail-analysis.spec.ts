/**
 * Upload Part, "Detail analysis": Initiate gives an uploadId that identifies the upload (1); every part names its
 * partNumber and uploadId, parts may come in any order (2); the same uploadId and partNumber overwrite, and an
 * unknown uploadId is 404 NoSuchUpload (3). Also Initiate's answer (doc 7746) and Abort (doc 7740).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectEqual, expectSuccess, expectThat } from '../src/harness/expect.js';
import { completeOk, expectObjectBytes, uploadOk } from '../src/harness/flows.js';
import { forAll } from '../src/harness/property.js';
import { smallBody } from '../src/generators/bodies.js';
import { validPartNumber } from '../src/generators/part-numbers.js';
import { overwriteSequence, shuffledPlan } from '../src/generators/plans.js';

conformanceSpec(import.meta.url);

check('UP-30 Initiate: answer names the bucket, the key and an UploadId', async (s) => {
  const key = s.key('initiate');
  const result = await s.api.initiate(key);
  if (result.value) s.ended(result.value.uploadId);
  if (result.value) await s.api.abort(key, result.value.uploadId);
  expectSuccess('UP-30', `Initiate ${key}`, result);
  expectThat('UP-30', `Initiate ${key}`, !!result.value?.uploadId, 'an <UploadId>', 'none', result.response.exchange);
  expectEqual('UP-30', `Initiate ${key}`, '<Key>', result.value?.key, key, result.response.exchange);
  expectEqual('UP-30', `Initiate ${key}`, '<Bucket>', result.value?.bucket, s.config.bucket, result.response.exchange);
});

check('UP-01 two Initiates on one key, then a part with each UploadId', async (s) => {
  const key = s.key('two-initiates');
  const first = await s.initiate(key);
  const second = await s.initiate(key);
  expectThat('UP-01', `two Initiates of ${key}`, first !== second, 'two distinct UploadIds', `both ${first}`);
  for (const id of [first, second]) await uploadOk(s, 'UP-01', key, id, 1, { seed: 1, length: 10 });
});

check('UP-02 Upload Part with generated partNumbers in 1..10000 and small bodies: 200 and an empty body', async (s) => {
  const key = s.key('accepted');
  const uploadId = await s.initiate(key);
  await forAll(
    s,
    'UP-02/accepted',
    'UP-02',
    fc.tuple(validPartNumber, smallBody(1024)),
    async ([partNumber, body]) => {
      const result = await s.api.uploadPart(key, uploadId, partNumber, body);
      const sent = `Upload Part ${partNumber} with ${body.length} bytes`;
      expectSuccess('UP-02', sent, result);
      expectEqual('UP-02', sent, 'response body length', result.response.body.length, 0, result.response.exchange);
    },
    { examples: [[1, { seed: 1, length: 1 }], [10000, { seed: 2, length: 1 }]] },
  );
});

check('UP-03 parts uploaded in a shuffled order, then Complete: the object is the parts in ascending order', async (s) => {
  const min = s.dialect.minPartSize;
  await forAll(
    s,
    'UP-03/any-order',
    'UP-03',
    shuffledPlan({ min: 2, max: 3 }),
    async (plan) => {
      const key = s.key('any-order');
      const uploadId = await s.initiate(key);
      const ascending = [...plan.uploads].sort((a, b) => a.partNumber - b.partNumber);
      const lastNumber = ascending[ascending.length - 1]!.partNumber;
      // Every part but the last is exactly the minimum size, so only the order decides the bytes.
      const sized = plan.uploads.map((u) => ({ ...u, body: u.partNumber === lastNumber ? u.body : { seed: u.body.seed, length: min } }));
      const uploaded = [];
      for (const u of sized) uploaded.push(await uploadOk(s, 'UP-03', key, uploadId, u.partNumber, u.body));
      uploaded.sort((a, b) => a.partNumber - b.partNumber);
      await completeOk(s, 'UP-03', key, uploadId, uploaded);
      await expectObjectBytes(s, 'UP-03', `parts uploaded in order ${sized.map((u) => u.partNumber).join(', ')}`, key, uploaded.map((u) => u.body));
    },
    { numRuns: Math.min(s.numRuns, 4) },
  );
});

check('UP-04 a generated sequence of uploads that overwrite part numbers: List Parts shows the last of each; the old ETag is InvalidPart', async (s) => {
  await forAll(s, 'UP-04/overwrite-list', 'UP-04', overwriteSequence(), async (plan) => {
    const key = s.key('overwrite');
    const uploadId = await s.initiate(key);
    const latest = new Map<number, { etag: string; size: number }>();
    const stale = new Map<number, string>();
    for (const u of plan.uploads) {
      const part = await uploadOk(s, 'UP-04', key, uploadId, u.partNumber, u.body);
      const before = latest.get(u.partNumber);
      if (before && before.etag !== part.etag) stale.set(u.partNumber, before.etag);
      latest.set(u.partNumber, { etag: part.etag, size: u.body.length });
    }
    const listed = await s.api.listAllParts(key, uploadId);
    const sent = `uploads of parts ${plan.uploads.map((u) => `${u.partNumber}(${u.body.length}B)`).join(', ')}`;
    expectSuccess('UP-04', `${sent}, then List Parts`, listed);
    const expected = [...latest].sort(([a], [b]) => a - b).map(([n, v]) => [n, v.etag, v.size]);
    expectEqual('UP-04', `${sent}, then List Parts`, '[PartNumber, ETag, Size]', listed.value?.parts.map((p) => [p.partNumber, p.etag, p.size]), expected, listed.response.exchange);
    for (const [partNumber, oldEtag] of stale) {
      const result = await s.api.complete(key, uploadId, [{ partNumber, etag: oldEtag }]);
      if (result.ok) s.ended(uploadId, key);
      expectAnswer('UP-04', `${sent}, then Complete with the replaced ETag of part ${partNumber}`, result, { status: 400, code: 'InvalidPart' });
    }
  }, { numRuns: Math.min(s.numRuns, 40) });
});

check('UP-04 part 1 uploaded several times, then Complete: the object holds the last bytes', async (s) => {
  await forAll(
    s,
    'UP-04/overwrite-object',
    'UP-04',
    fc.array(smallBody(2048), { minLength: 2, maxLength: 4 }),
    async (bodies) => {
      const key = s.key('overwrite-object');
      const uploadId = await s.initiate(key);
      let last;
      for (const body of bodies) last = await uploadOk(s, 'UP-04', key, uploadId, 1, body);
      await completeOk(s, 'UP-04', key, uploadId, [last!]);
      await expectObjectBytes(s, 'UP-04', `part 1 uploaded ${bodies.length} times, then Complete`, key, [last!.body]);
    },
    { numRuns: Math.min(s.numRuns, 20) },
  );
});

check('UP-05 Upload Part with a random, an aborted, a completed UploadId, and a live one of another key: 404 NoSuchUpload', async (s) => {
  const key = s.key('no-such-upload');
  const expected = { status: 404, code: 'NoSuchUpload' };
  await forAll(s, 'UP-05/random', 'UP-05', fc.uint8Array({ minLength: 8, maxLength: 40 }), async (bytes) => {
    const id = Buffer.from(bytes).toString('hex');
    expectAnswer('UP-05', `Upload Part 1 with the random UploadId ${id}`, await s.api.uploadPart(key, id, 1, { seed: 1, length: 8 }), expected);
  }, { numRuns: Math.min(s.numRuns, 10) });

  const aborted = await s.initiate(key);
  expectSuccess('UP-05', 'Abort', await s.api.abort(key, aborted), 204);
  s.ended(aborted);
  expectAnswer('UP-05', 'Upload Part 1 with an aborted UploadId', await s.api.uploadPart(key, aborted, 1, { seed: 2, length: 8 }), expected);

  const completed = await s.initiate(key);
  const part = await uploadOk(s, 'UP-05', key, completed, 1, { seed: 3, length: 8 });
  await completeOk(s, 'UP-05', key, completed, [part]);
  expectAnswer('UP-05', 'Upload Part 1 with a completed UploadId', await s.api.uploadPart(key, completed, 1, { seed: 4, length: 8 }), expected);

  const live = await s.initiate(key);
  const otherKey = s.key('other-key');
  expectAnswer('UP-05', `Upload Part 1 to ${otherKey} with the live UploadId of ${key}`, await s.api.uploadPart(otherKey, live, 1, { seed: 5, length: 8 }), expected);
});

check('UP-29 Abort an upload, Abort it again, Abort one that never existed', async (s) => {
  const key = s.key('abort');
  const uploadId = await s.initiate(key);
  await uploadOk(s, 'UP-29', key, uploadId, 1, { seed: 1, length: 16 });
  expectAnswer('UP-29', 'Abort a live upload', await s.api.abort(key, uploadId), { status: 204 });
  s.ended(uploadId);
  expectAnswer('UP-29', 'Abort the same upload again', await s.api.abort(key, uploadId), { status: 404, code: 'NoSuchUpload' });
  expectAnswer('UP-29', 'Abort an UploadId that never existed', await s.api.abort(key, randomBytes(20).toString('hex')), { status: 404, code: 'NoSuchUpload' });
});

check('UP-23 concurrent uploads of different parts, and of one part number, then List Parts and Complete', async (s) => {
  const key = s.key('concurrent');
  const uploadId = await s.initiate(key);
  const numbers = [1, 2, 3, 4, 5, 6, 7, 8];
  const results = await Promise.all(numbers.map((n) => s.api.uploadPart(key, uploadId, n, { seed: 100 + n, length: 1000 + n })));
  results.forEach((r, i) => expectSuccess('UP-23', `8 concurrent uploads, part ${numbers[i]}`, r));
  const listed = await s.api.listParts(key, uploadId);
  expectEqual('UP-23', '8 concurrent uploads of parts 1..8, then List Parts', 'part numbers', listed.value?.parts.map((p) => p.partNumber), numbers, listed.response.exchange);

  const raceKey = s.key('race');
  const raceId = await s.initiate(raceKey);
  const bodies = [1, 2, 3, 4, 5, 6].map((i) => ({ seed: 200 + i, length: 4096 + i }));
  const race = await Promise.all(bodies.map((b) => s.api.uploadPart(raceKey, raceId, 1, b)));
  race.forEach((r) => expectSuccess('UP-23', '6 concurrent uploads of part 1', r));
  const after = await s.api.listParts(raceKey, raceId);
  const winner = after.value?.parts[0];
  const index = race.findIndex((r) => r.value?.etag === winner?.etag);
  expectThat('UP-23', '6 concurrent uploads of part 1, then List Parts', after.value?.parts.length === 1 && index >= 0, 'one part 1 whose ETag is one of the six answers', JSON.stringify(after.value?.parts), after.response.exchange);
  expectEqual('UP-23', 'List Parts after the race', 'size of part 1', winner?.size, bodies[index]!.length, after.response.exchange);
  await completeOk(s, 'UP-23', raceKey, raceId, [{ partNumber: 1, etag: winner!.etag, body: bodies[index]! }]);
  await expectObjectBytes(s, 'UP-23', 'Complete after the race for part 1', raceKey, [bodies[index]!]);
});

check('UP-24 two uploads of one key over an existing object, each with its own part 1; Abort one, Complete the other: the object waits for Complete and holds only its parts', async (s) => {
  const key = s.key('isolated');
  const original = { seed: 300, length: 333 };
  const put = await s.api.putObject(key, original);
  s.createdObject(key);
  expectSuccess('UP-24', `PUT Object ${key}`, put);
  const a = await s.initiate(key);
  const b = await s.initiate(key);
  // The second upload's part goes first, so parts shared between uploads would be overwritten by the first's.
  const partB = await uploadOk(s, 'UP-24', key, b, 1, { seed: 302, length: 200 });
  await uploadOk(s, 'UP-24', key, a, 1, { seed: 301, length: 100 });
  await expectObjectBytes(s, 'UP-24', 'parts uploaded to two uploads of an existing object, no Complete yet', key, [original]);
  expectSuccess('UP-24', 'Abort the first upload', await s.api.abort(key, a), 204);
  s.ended(a);
  await completeOk(s, 'UP-24', key, b, [partB]);
  await expectObjectBytes(s, 'UP-24', 'Complete the second upload', key, [partB.body]);
});
