/**
 * Upload Part, "Request header": Content-Length is required; Content-MD5 and Expect are recommended; the newer
 * revisions add x-cos-traffic-limit. The error codes come from doc 7730: MissingContentLength, BadDigest,
 * InvalidDigest. The S3 checksum headers are in s3-checksums.spec.ts.
 *
 * Dimensions, each value in the fixed examples that run at every seed (generated cases add combinations):
 * - UP-13 the body's size class (1 B, the minimum part size - 1, exactly and + 1, over 4 MiB) and how near the wrong
 *   digest is: of other bytes, of the body with its last bit flipped, of the body without its last byte, of the part
 *   already stored under that number.
 * - UP-33 the form of the malformed digest: not base64, too short, empty, unpadded, and the body's own digest
 *   unpadded, followed by junk, one byte short, one byte long.
 * - UP-31 the declared length: small, and above the minimum part size.
 * - UP-37 the value: both bounds, next to them, the middle; one past each bound, 0, negative, a word, digits followed
 *   by junk, values that wrap into range in 32 and 64 bits; and the state of the part a refused value is sent to
 *   (never stored, already stored).
 */
import fc from 'fast-check';
import { boundaryBodies, integrityBody, LARGE_BODY, logUniformSize } from '../src/generators/bodies.js';
import {
  TRAFFIC_LIMIT_ACCEPTED,
  TRAFFIC_LIMIT_REFUSED,
  trafficLimitInRange,
  trafficLimitRefused,
} from '../src/generators/header-values.js';
import { bitFlipped } from '../src/generators/neighbours.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { type BodySpec, describeBody } from '../src/protocol/body.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

check(
  'UP-12 Upload Part with neither Content-Length nor Transfer-Encoding: 411 MissingContentLength',
  async (t) => {
    const key = t.key('no-length');
    const uploadId = await t.given.initiate(key);
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 16 }, {}, { omitContentLength: true });
    t.expectAnswer('Upload Part 1 with neither Content-Length nor Transfer-Encoding', result, ERROR.MissingContentLength);
  },
  { costMiB: 0.5 },
);

check(
  'UP-36 Upload Part sent with Transfer-Encoding: chunked and no Content-Length: 411 MissingContentLength',
  async (t) => {
    const key = t.key('chunked');
    const uploadId = await t.given.initiate(key);
    const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 100 }, {}, { chunked: true });
    t.expectAnswer('Upload Part 1 with Transfer-Encoding: chunked and no Content-Length', result, ERROR.MissingContentLength);
  },
  { costMiB: 0.5 },
);

/**
 * How a wrong Content-MD5 is near the right one: the digest of other bytes (far), of the body sent with its last bit
 * flipped (a server comparing a prefix of the digest), of the body without its last byte (one that hashes all but
 * the last byte or chunk), and of the part already stored under that number (one that takes a digest it knows for a
 * repeat of that part).
 */
const WRONG_DIGESTS = ['stored-part', 'without-last-byte', 'last-bit-flipped', 'other-bytes'] as const;
type WrongDigest = (typeof WRONG_DIGESTS)[number];

function wrongDigest(kind: WrongDigest, sent: BodySpec, stored: BodySpec): string {
  const right = describeBody(sent).md5Base64;
  const value =
    kind === 'stored-part'
      ? describeBody(stored).md5Base64
      : kind === 'without-last-byte'
        ? describeBody({ seed: sent.seed, length: sent.length - 1 }).md5Base64
        : kind === 'last-bit-flipped'
          ? bitFlipped(right, 'last')
          : describeBody({ seed: sent.seed + 1, length: sent.length }).md5Base64;
  // Two 1-byte bodies may be equal: the value sent must never be the right one.
  return value === right ? bitFlipped(right, 'last') : value;
}

check(
  'UP-13 Upload Part with bodies from 1 B to 8 MiB, the size boundaries first: its true Content-MD5 accepted; a digest of other bytes, of the body with a bit flipped or without its last byte, or of the stored part refused; the first part kept',
  async (t) => {
    const boundaries = boundaryBodies(t.dialect.minPartSize).map((kept, i): [BodySpec, BodySpec, WrongDigest] => [
      kept,
      { seed: kept.seed + 1, length: kept.length },
      WRONG_DIGESTS[i % WRONG_DIGESTS.length]!,
    ]);
    await t.forAll(
      'content-md5',
      fc.tuple(integrityBody(), integrityBody(), fc.constantFrom(...WRONG_DIGESTS)),
      async ([kept, rejected, kind]) => {
        await t.reserve(kept.length + rejected.length);
        const key = t.key('content-md5');
        const uploadId = await t.given.initiate(key);
        const good = await t.api.uploadPart(key, uploadId, 1, kept, { contentMd5: true });
        const sentGood = `Upload Part 1 (${kept.length} bytes) with its true Content-MD5`;
        t.expectSuccess(sentGood, good);
        t.given.that(sentGood, good, good.value?.etag !== undefined, 'an ETag to complete with (UP-15 judges it)');
        const digest = wrongDigest(kind, rejected, kept);
        const sent = `Upload Part 1 again (${rejected.length} bytes) with a Content-MD5 of ${kind === 'stored-part' ? 'the part stored' : kind === 'other-bytes' ? 'other bytes' : `the body ${kind.replace(/-/g, ' ')}`}: ${digest}`;
        const refused = await t.api.uploadPart(key, uploadId, 1, rejected, { contentMd5: digest });
        t.soft(() => t.expectAnswer(sent, refused, ERROR.BadDigest));
        // What is stored is read back through Complete and GET, the calls every server has: judged even when the
        // refusal above was not, since a part stored from corrupt bytes is the worse failure.
        await t.expectKept(sent, key, uploadId, { partNumber: 1, etag: good.value!.etag!, body: kept });
        t.covered(kept.length);
        t.covered(rejected.length);
      },
      { maxRuns: 10, examples: boundaries },
    );
  },
  { costMiB: 44 },
);

const MALFORMED_DIGESTS = ['not-base64!', 'AAAA', '', 'MTIz', 'x'.repeat(24), 'mQ/fVh815F3k6TAUm8m0eg'];

/**
 * Malformed forms of the right digest itself: unpadded, followed by junk, one byte short (a prefix), one byte long.
 * A server that decodes leniently, or checks only a length, reads some of them as the body's digest and stores it.
 */
function malformedNeighbours(md5Base64: string): string[] {
  const digest = Buffer.from(md5Base64, 'base64');
  return [
    md5Base64.replace(/=+$/, ''),
    `${md5Base64}x`,
    digest.subarray(0, 15).toString('base64'),
    Buffer.concat([digest, Buffer.from([0])]).toString('base64'),
  ];
}

check(
  "UP-33 Upload Part with a malformed Content-MD5 (not base64, not 16 bytes, unpadded, empty, the body's own digest unpadded, followed by junk, a byte short or long): 400 InvalidDigest, the first part kept",
  async (t) => {
    const key = t.key('invalid-digest');
    const uploadId = await t.given.initiate(key);
    const kept = await t.given.upload(key, uploadId, 1, { seed: 5, length: 1000 });
    const body = { seed: 6, length: 1000 };
    for (const malformed of [...MALFORMED_DIGESTS, ...malformedNeighbours(describeBody(body).md5Base64)]) {
      await t.case(`Content-MD5 ${JSON.stringify(malformed)}`, async () => {
        const result = await t.api.uploadPart(key, uploadId, 1, body, { contentMd5: malformed });
        t.expectAnswer(`Upload Part 1 again with Content-MD5 ${JSON.stringify(malformed)}`, result, ERROR.InvalidDigest);
      });
    }
    await t.case('the first part kept', () => t.expectKept('uploads of part 1 with malformed digests', key, uploadId, kept));
  },
  { costMiB: 0.5 },
);

check(
  'UP-14 Upload Part with Expect: 100-continue, the body held until asked: 100, then 200, and the part is stored',
  async (t) => {
    const key = t.key('expect');
    const uploadId = await t.given.initiate(key);
    const body = { seed: 5, length: 10_000 };
    const result = await t.api.uploadPart(key, uploadId, 1, body, {}, { expectContinue: 'send-after-100' });
    const sent = 'Upload Part 1 with Expect: 100-continue';
    t.soft(() =>
      t.expectThat(
        sent,
        result.response.informational.includes(100),
        '100 Continue before the body',
        `informational answers: [${result.response.informational.join(', ')}]`,
        result.response.exchange,
      ),
    );
    t.expectSuccess(sent, result);
    t.given.that(sent, result, result.value?.etag !== undefined, 'an ETag to complete with (UP-15 judges it)');
    await t.given.complete(key, uploadId, [{ partNumber: 1, etag: result.value!.etag! }]);
    await t.expectObjectBytes(`${sent}, then Complete`, key, [body]);
  },
  { costMiB: 0.5 },
);

check(
  'UP-31 Upload Part 1, then again with a body of 2 B to 8 MiB (one above the minimum part size) cut off before its Content-Length: the first part survives',
  async (t) => {
    await t.forAll(
      'truncated',
      fc.tuple(
        integrityBody(64 * 1024),
        logUniformSize().filter((n) => n >= 2),
        fc.integer({ min: 1, max: 99 }),
      ),
      async ([first, length, percent]) => {
        const cutAt = Math.min(length - 1, Math.max(1, Math.floor((length * percent) / 100)));
        await t.reserve(first.length + cutAt);
        const key = t.key('truncated');
        const uploadId = await t.given.initiate(key);
        const kept = await t.given.upload(key, uploadId, 1, first);
        // The connection is half-closed after cutAt of length bytes; the answer, if any, does not matter.
        await t.api.uploadPart(key, uploadId, 1, { seed: first.seed + 1, length }, {}, { truncateAt: cutAt }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const sent = `a second upload of part 1 cut off after ${cutAt} of ${length} bytes, then Complete with the first ETag`;
        t.expectAnswer(sent, await t.api.complete(key, uploadId, [kept]), { status: 200 });
        await t.expectObjectBytes(sent, key, [kept.body]);
        t.covered(length);
      },
      // The second example declares more than the minimum part size (S3: 5 MiB), where servers stream a part.
      {
        maxRuns: 6,
        examples: [
          [{ seed: 1, length: 3000 }, 100_000, 40],
          [{ seed: 2, length: 1 }, Math.max(LARGE_BODY, t.dialect.minPartSize + 1), 50],
        ],
      },
    );
  },
  { costMiB: 6 },
);

check(
  'UP-37 Upload Part with x-cos-traffic-limit at both bounds, next to them and in range: 200; one past each bound, digits followed by junk, values that wrap into range in 32 or 64 bits, negatives and words: 400, nothing stored, an existing part kept',
  async (t) => {
    const key = t.key('traffic-limit');
    const uploadId = await t.given.initiate(key);
    // 1 KiB: a hundredth of a second at the lowest limit.
    const body = { seed: 37, length: 1024 };
    const limit = t.dialect.trafficLimit!;
    const withLimit = (value: string) => ({ headers: [[limit.header, value]] as Array<[string, string]> });
    let stored: string | undefined;
    await t.case('in range', () =>
      t.forAll(
        'in-range',
        trafficLimitInRange(),
        async (value) => {
          const result = await t.api.uploadPart(key, uploadId, 1, body, withLimit(value));
          t.expectSuccess(`Upload Part 1 with x-cos-traffic-limit: ${value}`, result);
          stored = result.value?.etag ?? stored;
        },
        { maxRuns: TRAFFIC_LIMIT_ACCEPTED.length + 3, examples: TRAFFIC_LIMIT_ACCEPTED },
      ),
    );
    const codes = new Set<string>();
    // Refused values go by turns to part 2, never stored, and to part 1, already stored (with other bytes): a refusal
    // must store nothing in either state of the part.
    let sent = 0;
    const refusedBody = { seed: 38, length: 1024 };
    await t.case('out of range or not a number', () =>
      t.forAll(
        'refused',
        trafficLimitRefused(),
        async (value) => {
          const partNumber = 2 - (sent++ % 2);
          const result = await t.api.uploadPart(key, uploadId, partNumber, refusedBody, withLimit(value));
          codes.add(t.expectRefused(`Upload Part ${partNumber} with x-cos-traffic-limit: ${JSON.stringify(value)}`, result, 400));
        },
        { maxRuns: TRAFFIC_LIMIT_REFUSED.length + 4, examples: [...TRAFFIC_LIMIT_REFUSED] },
      ),
    );
    if (codes.size > 0) t.note(`refused with ${[...codes].join(', ')} (the documents give the status only)`);
    await t.case('nothing stored', async () => {
      const listed = await t.given.listParts(key, uploadId);
      // ETags compared without their quotes and case: how List Parts writes them is UP-15's to judge.
      const bare = (etag: string) => etag.replace(/"/g, '').toLowerCase();
      const shown = listed.parts.map((p) => [p.partNumber, bare(p.etag)]);
      const expected = stored === undefined ? [] : [[1, bare(stored)]];
      t.expectEqual(
        'Upload Part 1 in range, then parts 2 and 1 refused for their x-cos-traffic-limit, then List Parts',
        '[PartNumber, ETag] listed',
        shown,
        expected,
        listed.result.response.exchange,
      );
    });
  },
  { costMiB: 0.5, profiles: ['cos'], reason: 'x-cos-traffic-limit is a COS header; S3 has no bandwidth limit on a request' },
);
