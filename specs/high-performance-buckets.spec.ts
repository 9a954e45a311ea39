/**
 * CompleteMultipartUpload for high-performance (cosrapid) buckets, doc 436/139736 (2026-10-21), where it says more
 * than doc 7742: an empty part list is InvalidArgument; a key that differs from Initiate's, in case or by a trailing
 * /, is NoSuchUpload, as is an upload aborted or already completed. The gap rules are in complete-part-numbers.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { describeAnswer } from '../src/harness/signals.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

const RAPID = {
  profiles: ['cos'] as const,
  reason: 'high-performance buckets are a COS variant',
  appliesTo: (config: { bucketType: string }) =>
    config.bucketType === 'rapid' || 'a rule of high-performance (cosrapid) buckets, doc 436/139736: set COS_BUCKET_TYPE=rapid against one',
};

check(
  'UP-54 Complete with an empty <CompleteMultipartUpload/>: 400 InvalidArgument; the upload stays open, and a Complete naming its part then succeeds',
  async (t) => {
    const key = t.key('rapid-empty');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 541, length: 10 });
    const sent = 'Complete with no <Part>';
    t.expectAnswer(
      sent,
      await t.api.complete(key, uploadId, { rawBody: '<CompleteMultipartUpload></CompleteMultipartUpload>' }),
      ERROR.InvalidArgument,
    );
    const after = await t.api.complete(key, uploadId, [part]);
    t.expectThat(
      `${sent}, then Complete with part 1`,
      after.ok,
      '200: the upload was still open',
      describeAnswer(after),
      after.response.exchange,
    );
    await t.expectObjectBytes(`${sent}, then Complete with part 1`, key, [part.body]);
  },
  { ...RAPID, costMiB: 0.5 },
);

/** Another spelling of a key: one letter's case flipped, or a trailing / added or taken away. */
function otherSpelling(key: string, change: { kind: 'case' | 'slash'; at: number }): string {
  if (change.kind === 'slash') return key.endsWith('/') ? key.slice(0, -1) : `${key}/`;
  const letters = [...key].map((c, i) => [c, i] as const).filter(([c]) => c.toLowerCase() !== c.toUpperCase());
  const [letter, index] = letters[change.at % letters.length]!;
  const flipped = letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase();
  return `${key.slice(0, index)}${flipped}${key.slice(index + 1)}`;
}

check(
  "UP-55 Complete naming a live upload with its key spelt otherwise (a letter's case flipped, a trailing / added), an aborted upload and a completed one: 404 NoSuchUpload; the live upload then completes under its own key",
  async (t) => {
    await t.forAll(
      'key-spelling',
      fc.record({ kind: fc.constantFrom('case', 'slash'), at: fc.nat({ max: 200 }) }),
      async (change) => {
        const key = t.key('Rapid-Key');
        const uploadId = await t.given.initiate(key);
        const part = await t.given.upload(key, uploadId, 1, { seed: 551, length: 10 });
        const other = otherSpelling(key, change as { kind: 'case' | 'slash'; at: number });
        const sent = `Initiate ${key}, Upload Part 1, then Complete naming ${other}`;
        t.expectAnswer(sent, await t.api.complete(other, uploadId, [part]), ERROR.NoSuchUpload);
        const after = await t.api.complete(key, uploadId, [part]);
        t.expectThat(
          `${sent}, then under ${key}`,
          after.ok,
          '200: the refused Complete completed nothing',
          describeAnswer(after),
          after.response.exchange,
        );
      },
      {
        maxRuns: 4,
        examples: [
          { kind: 'case', at: 0 },
          { kind: 'slash', at: 0 },
        ],
      },
    );
    await t.case('an aborted upload', async () => {
      const key = t.key('rapid-aborted');
      const uploadId = await t.given.initiate(key);
      const part = await t.given.upload(key, uploadId, 1, { seed: 552, length: 10 });
      await t.given.abort(key, uploadId);
      t.expectAnswer('Abort, then Complete with the part uploaded before', await t.api.complete(key, uploadId, [part]), ERROR.NoSuchUpload);
    });
    await t.case('a completed upload', async () => {
      const key = t.key('rapid-completed');
      const uploadId = await t.given.initiate(key);
      const part = await t.given.upload(key, uploadId, 1, { seed: 553, length: 10 });
      await t.given.complete(key, uploadId, [part]);
      t.expectAnswer('Complete, then the same Complete again', await t.api.complete(key, uploadId, [part]), ERROR.NoSuchUpload);
    });
  },
  { ...RAPID, costMiB: 0.5 },
);
