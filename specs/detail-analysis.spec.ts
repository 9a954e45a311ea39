/**
 * Upload Part, "Detail analysis": Initiate gives an uploadId that identifies the upload (1); every part names its
 * partNumber and uploadId, parts may come in any order (2); the same uploadId and partNumber overwrite, and an
 * unknown uploadId is 404 NoSuchUpload (3). Also Initiate's answer (doc 7746) and Abort (doc 7740).
 *
 * Dimensions, each value a fixed example or case run at every seed: UP-04 the size class of the last upload of a
 * re-uploaded part (the boundaries of src/generators/bodies.ts); UP-05 and UP-29 the refused UploadId (random,
 * aborted, completed, live but of another key, a character away from a live one: the last changed, dropped, one
 * added); UP-23 what races (different part numbers, one part number); UP-24 the order of the two uploads' parts,
 * Abort then Complete.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { boundaryBodies, integrityBody, smallBody } from '../src/generators/bodies.js';
import { lastCharChanged, withoutLastChar } from '../src/generators/neighbours.js';
import { validPartNumber } from '../src/generators/part-numbers.js';
import { overwriteSequence, shuffledPlan } from '../src/generators/plans.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import type { UploadedPart } from '../src/harness/judge.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

const TINY = { seed: 1, length: 8 } as const;

check(
  'UP-30 Initiate: answer names the bucket, the key and an UploadId',
  async (t) => {
    const key = t.key('initiate');
    const result = await t.api.initiate(key);
    const sent = `Initiate ${key}`;
    t.expectSuccess(sent, result);
    t.soft(() => t.expectThat(sent, !!result.value?.uploadId, 'an <UploadId>', 'none', result.response.exchange));
    t.soft(() => t.expectEqual(sent, '<Key>', result.value?.key, key, result.response.exchange));
    t.soft(() => t.expectEqual(sent, '<Bucket>', result.value?.bucket, t.config.bucket, result.response.exchange));
  },
  { costMiB: 0.5 },
);

check(
  'UP-01 two Initiates on one key, then a part with each UploadId',
  async (t) => {
    const key = t.key('two-initiates');
    const first = await t.given.initiate(key);
    const second = await t.given.initiate(key);
    t.soft(() => t.expectThat(`two Initiates of ${key}`, first !== second, 'two distinct UploadIds', `both ${first}`));
    for (const [i, uploadId] of [first, second].entries())
      await t.case(`a part with UploadId ${i + 1}`, async () => void (await t.uploadOk(key, uploadId, 1, { seed: 1, length: 10 })));
  },
  { costMiB: 0.5 },
);

check(
  'UP-02 Upload Part with generated partNumbers in 1..10000 and small bodies: 200 and an empty body',
  async (t) => {
    const key = t.key('accepted');
    const uploadId = await t.given.initiate(key);
    await t.forAll(
      'accepted',
      fc.tuple(validPartNumber, smallBody(1024)),
      async ([partNumber, body]) => {
        const result = await t.api.uploadPart(key, uploadId, partNumber, body);
        const sent = `Upload Part ${partNumber} with ${body.length} bytes`;
        t.soft(() => t.expectSuccess(sent, result));
        t.soft(() => t.expectEqual(sent, 'response body length', result.response.body.length, 0, result.response.exchange));
      },
      {
        examples: [
          [1, { seed: 1, length: 1 }],
          [10000, { seed: 2, length: 1 }],
        ],
      },
    );
  },
  { costMiB: 0.5 },
);

check(
  'UP-03 parts uploaded in a shuffled order, then Complete: the object is the parts in ascending order',
  async (t) => {
    const min = t.dialect.minPartSize;
    await t.forAll(
      'any-order',
      shuffledPlan({ min: 2, max: 3 }),
      async (generated) => {
        // Standard COS buckets refuse part numbers that are not consecutive (doc 7742, UP-52): there the numbers become
        // 1..n, ranked as generated, so the upload order stays shuffled.
        const ranks = [...generated.uploads.map((u) => u.partNumber)].sort((a, b) => a - b);
        const consecutive = t.dialect.profile === 'cos' && t.config.bucketType === 'standard';
        const plan = consecutive
          ? { uploads: generated.uploads.map((u) => ({ ...u, partNumber: ranks.indexOf(u.partNumber) + 1 })) }
          : generated;
        const lastNumber = Math.max(...plan.uploads.map((u) => u.partNumber));
        // Every part but the last is exactly the minimum size, so only the order decides the bytes.
        const sized = plan.uploads.map((u) => ({ ...u, body: u.partNumber === lastNumber ? u.body : { seed: u.body.seed, length: min } }));
        await t.reserve(sized.reduce((sum, u) => sum + u.body.length, 0));
        const key = t.key('any-order');
        const uploadId = await t.given.initiate(key);
        const uploaded: UploadedPart[] = [];
        for (const u of sized) uploaded.push(await t.uploadOk(key, uploadId, u.partNumber, u.body));
        uploaded.sort((a, b) => a.partNumber - b.partNumber);
        await t.completeOk(key, uploadId, uploaded);
        await t.expectObjectBytes(
          `parts uploaded in order ${sized.map((u) => u.partNumber).join(', ')}`,
          key,
          uploaded.map((u) => u.body),
        );
      },
      // At every seed, parts that arrive in descending order: a shuffle may come out ascending.
      {
        maxRuns: 4,
        examples: [
          {
            uploads: [
              { partNumber: 2, body: { seed: 32, length: 100 } },
              { partNumber: 1, body: { seed: 31, length: 100 } },
            ],
          },
        ],
      },
    );
  },
  { costMiB: 39 },
);

check(
  'UP-04 a generated sequence of uploads that overwrite part numbers: List Parts shows the last of each; the old ETag is InvalidPart',
  async (t) => {
    await t.forAll(
      'overwrite-list',
      overwriteSequence(),
      async (plan) => {
        const key = t.key('overwrite');
        const uploadId = await t.given.initiate(key);
        const latest = new Map<number, { etag: string; size: number }>();
        const stale = new Map<number, string>();
        for (const u of plan.uploads) {
          const before = latest.get(u.partNumber);
          // The first upload of a number is setup; a re-upload is what the rule is about.
          const part = before
            ? await t.uploadOk(key, uploadId, u.partNumber, u.body)
            : await t.given.upload(key, uploadId, u.partNumber, u.body);
          if (before && before.etag !== part.etag) stale.set(u.partNumber, before.etag);
          latest.set(u.partNumber, { etag: part.etag, size: u.body.length });
        }
        const listed = await t.given.listParts(key, uploadId, { all: true });
        const sent = `uploads of parts ${plan.uploads.map((u) => `${u.partNumber}(${u.body.length}B)`).join(', ')}, then List Parts`;
        const expected = [...latest].sort(([a], [b]) => a - b).map(([n, v]) => [n, v.etag, v.size]);
        t.soft(() =>
          t.expectEqual(
            sent,
            '[PartNumber, ETag, Size]',
            listed.parts.map((p) => [p.partNumber, p.etag, p.size]),
            expected,
            listed.result.response.exchange,
          ),
        );
        for (const [partNumber, oldEtag] of stale) {
          const result = await t.api.complete(key, uploadId, [{ partNumber, etag: oldEtag }]);
          t.soft(() => t.expectAnswer(`${sent}; Complete with the replaced ETag of part ${partNumber}`, result, ERROR.InvalidPart));
        }
      },
      { maxRuns: 40 },
    );
  },
  { costMiB: 0.5 },
);

check(
  'UP-04 part 1 uploaded two or three times with bodies from 1 B to 8 MiB, then Complete: the object holds the last bytes',
  async (t) => {
    const boundaries = boundaryBodies(t.dialect.minPartSize).map((last) => [{ seed: last.seed + 1, length: 100 }, last]);
    await t.forAll(
      'overwrite-object',
      fc.array(integrityBody(), { minLength: 2, maxLength: 3 }),
      async (bodies) => {
        await t.reserve(bodies.reduce((sum, b) => sum + b.length, 0));
        const key = t.key('overwrite-object');
        const uploadId = await t.given.initiate(key);
        let last = await t.given.upload(key, uploadId, 1, bodies[0]!);
        for (const body of bodies.slice(1)) last = await t.uploadOk(key, uploadId, 1, body);
        await t.completeOk(key, uploadId, [last]);
        await t.expectObjectBytes(
          `part 1 uploaded ${bodies.length} times (${bodies.map((b) => b.length).join(', ')} bytes), then Complete`,
          key,
          [last.body],
        );
        t.covered(last.body.length);
      },
      { maxRuns: 12, examples: boundaries },
    );
  },
  { costMiB: 38 },
);

check(
  'UP-05 Upload Part with a random, an aborted, a completed UploadId, a live one of another key, and ones a character away from a live one: 404 NoSuchUpload',
  async (t) => {
    const key = t.key('no-such-upload');
    await t.case('random UploadIds', () =>
      t.forAll(
        'random',
        fc.uint8Array({ minLength: 8, maxLength: 40 }),
        async (bytes) => {
          const id = Buffer.from(bytes).toString('hex');
          t.expectAnswer(`Upload Part 1 with the random UploadId ${id}`, await t.api.uploadPart(key, id, 1, TINY), ERROR.NoSuchUpload);
        },
        { maxRuns: 10 },
      ),
    );
    await t.case('an aborted UploadId', async () => {
      const aborted = await t.given.initiate(key);
      await t.given.abort(key, aborted);
      t.expectAnswer('Upload Part 1 with an aborted UploadId', await t.api.uploadPart(key, aborted, 1, TINY), ERROR.NoSuchUpload);
    });
    await t.case('a completed UploadId', async () => {
      const completed = await t.given.initiate(key);
      const part = await t.given.upload(key, completed, 1, { seed: 3, length: 8 });
      await t.given.complete(key, completed, [part]);
      t.expectAnswer('Upload Part 1 with a completed UploadId', await t.api.uploadPart(key, completed, 1, TINY), ERROR.NoSuchUpload);
    });
    await t.case('a live UploadId of another key', async () => {
      const live = await t.given.initiate(key);
      const otherKey = t.key('other-key');
      t.expectAnswer(
        `Upload Part 1 to ${otherKey} with the live UploadId of ${key}`,
        await t.api.uploadPart(otherKey, live, 1, TINY),
        ERROR.NoSuchUpload,
      );
    });
    // UploadIds that never existed nearest to a live one: a server that compares only their leading characters takes them.
    await t.case('UploadIds a character away from a live one', async () => {
      const live = await t.given.initiate(key);
      for (const [what, id] of nearUploadIds(live)) {
        const result = await t.api.uploadPart(key, id, 1, TINY);
        t.soft(() => t.expectAnswer(`Upload Part 1 with the UploadId of a live upload of the key, ${what}`, result, ERROR.NoSuchUpload));
      }
    });
  },
  { costMiB: 0.5 },
);

/** UploadIds that were never issued, a character away from `live`. */
function nearUploadIds(live: string): Array<[string, string]> {
  return [
    ['its last character changed', lastCharChanged(live)],
    ['its last character dropped', withoutLastChar(live)],
    ['a character added', `${live}0`],
  ];
}

check(
  'UP-29 Abort an upload, Abort it again, Abort one that never existed, and ones a character away from a live one',
  async (t) => {
    const key = t.key('abort');
    await t.case('a live upload', async () => {
      const uploadId = await t.given.initiate(key);
      await t.given.upload(key, uploadId, 1, { seed: 1, length: 16 });
      t.expectAnswer('Abort a live upload', await t.api.abort(key, uploadId), { status: 204 });
    });
    await t.case('an aborted upload, aborted again', async () => {
      const uploadId = await t.given.initiate(key);
      await t.given.upload(key, uploadId, 1, { seed: 2, length: 16 });
      await t.given.abort(key, uploadId);
      t.expectAnswer('Abort, then Abort the same upload again', await t.api.abort(key, uploadId), ERROR.NoSuchUpload);
    });
    await t.case('an UploadId that never existed', async () => {
      t.expectAnswer('Abort an UploadId that never existed', await t.api.abort(key, randomBytes(20).toString('hex')), ERROR.NoSuchUpload);
    });
    await t.case('UploadIds a character away from a live one', async () => {
      const live = await t.given.initiate(key);
      for (const [what, id] of nearUploadIds(live)) {
        const result = await t.api.abort(key, id);
        t.soft(() => t.expectAnswer(`Abort the UploadId of a live upload of the key, ${what}`, result, ERROR.NoSuchUpload));
      }
    });
  },
  { costMiB: 0.5 },
);

check(
  'UP-23 concurrent uploads of different parts, and of one part number, then List Parts and Complete',
  async (t) => {
    await t.case('eight part numbers at once', async () => {
      const key = t.key('concurrent');
      const uploadId = await t.given.initiate(key);
      const numbers = [1, 2, 3, 4, 5, 6, 7, 8];
      const results = await Promise.all(numbers.map((n) => t.api.uploadPart(key, uploadId, n, { seed: 100 + n, length: 1000 + n })));
      for (const [i, r] of results.entries()) t.soft(() => t.expectSuccess(`8 concurrent uploads, part ${numbers[i]}`, r));
      const listed = await t.given.listParts(key, uploadId);
      const accepted = numbers.filter((_, i) => results[i]!.ok);
      t.soft(() =>
        t.expectEqual(
          '8 concurrent uploads of parts 1..8, then List Parts',
          'part numbers (of those accepted)',
          listed.parts.map((p) => p.partNumber),
          accepted,
          listed.result.response.exchange,
        ),
      );
    });
    await t.case('six uploads of part 1 at once', async () => {
      const key = t.key('race');
      const uploadId = await t.given.initiate(key);
      const bodies = [1, 2, 3, 4, 5, 6].map((i) => ({ seed: 200 + i, length: 4096 + i }));
      const race = await Promise.all(bodies.map((b) => t.api.uploadPart(key, uploadId, 1, b)));
      for (const r of race) t.soft(() => t.expectSuccess('6 concurrent uploads of part 1', r));
      const after = await t.given.listParts(key, uploadId);
      const winner = after.parts[0];
      const index = race.findIndex((r) => r.ok && r.value?.etag === winner?.etag);
      t.expectThat(
        '6 concurrent uploads of part 1, then List Parts',
        after.parts.length === 1 && index >= 0,
        'one part 1 whose ETag is one of the accepted answers',
        JSON.stringify(after.parts),
        after.result.response.exchange,
      );
      t.soft(() =>
        t.expectEqual('List Parts after the race', 'size of part 1', winner?.size, bodies[index]!.length, after.result.response.exchange),
      );
      await t.completeOk(key, uploadId, [{ partNumber: 1, etag: winner!.etag, body: bodies[index]! }]);
      await t.expectObjectBytes('Complete after the race for part 1', key, [bodies[index]!]);
    });
  },
  { costMiB: 0.5 },
);

check(
  'UP-24 two uploads of one key over an existing object, each with its own part 1; Abort one, Complete the other: the object waits for Complete and holds only its parts',
  async (t) => {
    const key = t.key('isolated');
    const original = { seed: 300, length: 333 };
    await t.given.putObject(key, original);
    const a = await t.given.initiate(key);
    const b = await t.given.initiate(key);
    // The second upload's part goes first, so parts shared between uploads would be overwritten by the first's.
    const partB = await t.given.upload(key, b, 1, { seed: 302, length: 200 });
    await t.given.upload(key, a, 1, { seed: 301, length: 100 });
    await t.case('the object waits for Complete', () =>
      t.expectObjectBytes('parts uploaded to two uploads of an existing object, no Complete yet', key, [original]),
    );
    await t.case('Abort one, Complete the other: only its parts', async () => {
      await t.given.abort(key, a);
      await t.completeOk(key, b, [partB]);
      await t.expectObjectBytes('Abort the first upload, Complete the second', key, [partB.body]);
    });
  },
  { costMiB: 0.5 },
);
