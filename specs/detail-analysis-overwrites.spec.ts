/**
 * Upload Part, "Detail analysis" (3): "if you upload a new part with the same uploadId and partNumber, the part is
 * overwritten". Apart from the rest of the section only so that the two halves of it run side by side.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { boundaryBodies, integrityBody } from '../src/generators/bodies.js';
import { overwriteSequence } from '../src/generators/plans.js';

conformanceSpec(import.meta.url);

check('UP-04 a generated sequence of uploads that overwrite part numbers: List Parts shows the last of each; the old ETag is InvalidPart', async (t) => {
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
        const part = before ? await t.uploadOk(key, uploadId, u.partNumber, u.body) : await t.given.upload(key, uploadId, u.partNumber, u.body);
        if (before && before.etag !== part.etag) stale.set(u.partNumber, before.etag);
        latest.set(u.partNumber, { etag: part.etag, size: u.body.length });
      }
      const listed = await t.api.listAllParts(key, uploadId);
      const sent = `uploads of parts ${plan.uploads.map((u) => `${u.partNumber}(${u.body.length}B)`).join(', ')}, then List Parts`;
      t.expectSuccess(sent, listed);
      const expected = [...latest].sort(([a], [b]) => a - b).map(([n, v]) => [n, v.etag, v.size]);
      t.expectEqual(sent, '[PartNumber, ETag, Size]', listed.value?.parts.map((p) => [p.partNumber, p.etag, p.size]), expected, listed.response.exchange);
      for (const [partNumber, oldEtag] of stale) {
        const result = await t.api.complete(key, uploadId, [{ partNumber, etag: oldEtag }]);
        t.expectAnswer(`${sent}; Complete with the replaced ETag of part ${partNumber}`, result, { status: 400, code: 'InvalidPart' });
      }
    },
    { maxRuns: 40 },
  );
});

check('UP-04 part 1 uploaded two or three times with bodies from 1 B to 8 MiB, then Complete: the object holds the last bytes', async (t) => {
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
      await t.expectObjectBytes(`part 1 uploaded ${bodies.length} times (${bodies.map((b) => b.length).join(', ')} bytes), then Complete`, key, [last.body]);
      t.covered(last.body.length);
    },
    { maxRuns: 20, examples: boundaries },
  );
});

