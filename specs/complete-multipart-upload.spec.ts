/**
 * Complete Multipart Upload (doc 7742), as far as it judges the parts Upload Part stored: parts out of ascending
 * order are InvalidPartOrder; a part never uploaded, or named with another ETag, is InvalidPart; an upload that
 * does not exist is NoSuchUpload. COS may answer 200 and put the error in the body; that answer is the error, not
 * a success. Its result: the ETag of the object (and, for S3, of a form that is not mistaken for an MD5), and the
 * object's CRC-64 when every part had one (CRC64 Check, doc 436/45260).
 *
 * Dimensions, each value in the fixed examples that run at every seed (generated cases add combinations):
 * - UP-25 the wrong ETag: random, another part's of the same upload, the same part's of another upload of the key,
 *   the right one with its last digit changed; and a part never uploaded.
 * - UP-32 the UploadId: never issued, a character away from a live one (changed, dropped, added); the aborted
 *   upload's state: with a part, without parts.
 * - UP-41 the part count (1, 2, 3), the last part's size class (1 B, 1000 B, over 4 MiB), the order
 *   the parts arrive in, a part uploaded again before Complete, an object already under the key (UploadShape).
 * - UP-45 the part count (1, 2, 3) and the same shapes as UP-41.
 * - UP-47 the form of the empty list (four, one an empty body) and the upload's state (with a part, without parts).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { ApiResult } from '../src/api/multipart.js';
import { bodySeed, integrityBody, LARGE_BODY } from '../src/generators/bodies.js';
import { lastCharChanged, withoutLastChar } from '../src/generators/neighbours.js';
import { type CheckContext, check, conformanceSpec } from '../src/harness/check.js';
import { joinedDigest, type UploadedPart } from '../src/harness/judge.js';
import { describeAnswer } from '../src/harness/signals.js';
import type { BodySpec } from '../src/protocol/body.js';
import { ERROR } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

const randomEtag = () => `"${randomBytes(16).toString('hex')}"`;

check(
  'UP-25 Complete listing parts 2 then 1 (both of the minimum size): 400 InvalidPartOrder',
  async (t) => {
    const min = t.dialect.minPartSize;
    await t.reserve(2 * min);
    const key = t.key('order');
    const uploadId = await t.given.initiate(key);
    const one = await t.given.upload(key, uploadId, 1, { seed: 1, length: min });
    const two = await t.given.upload(key, uploadId, 2, { seed: 2, length: min });
    t.expectAnswer('Complete with parts [2, 1]', await t.api.complete(key, uploadId, [two, one]), ERROR.InvalidPartOrder);
  },
  { costMiB: 12 },
);

check(
  "UP-25 Complete naming a part never uploaded, and an uploaded part with a wrong ETag (random, another part's, the same part's in another upload, the right one with its last digit changed): 400 InvalidPart",
  async (t) => {
    await t.case('a part never uploaded', async () => {
      const key = t.key('missing-part');
      const uploadId = await t.given.initiate(key);
      t.expectAnswer(
        'Complete with part 1, never uploaded',
        await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]),
        ERROR.InvalidPart,
      );
    });
    // The wrong ETags nearest to the right one: what a server that checks only that the ETag is one it knows accepts.
    const key = t.key('wrong-etag');
    const uploadId = await t.given.initiate(key);
    const elsewhere = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 3, length: 10 });
    const second = await t.given.upload(key, uploadId, 2, { seed: 4, length: 10 });
    const inOther = await t.given.upload(key, elsewhere, 1, { seed: 5, length: 10 });
    const wrongEtags: Array<[string, string]> = [
      ['a random ETag', randomEtag()],
      ['the ETag of part 2 of the same upload', second.etag],
      ['the ETag of part 1 of another upload of the key', inOther.etag],
      [
        'its own ETag with the last hex digit changed',
        part.etag.replace(/([0-9a-f])("?)$/i, (_, digit: string, quote: string) => `${digit === '0' ? '1' : '0'}${quote}`),
      ],
    ];
    for (const [what, wrongEtag] of wrongEtags) {
      await t.case(`an uploaded part named by ${what}`, async () => {
        const result = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: wrongEtag }]);
        t.expectAnswer(`Complete with part 1 named by ${what}, ${wrongEtag}, instead of ${part.etag}`, result, ERROR.InvalidPart);
      });
    }
  },
  { costMiB: 0.5 },
);

check(
  'UP-26 Complete with a wrong ETag, then with the right one: a refusal, however it is answered, completed nothing; the success answers a result',
  async (t) => {
    const key = t.key('error-in-200');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 4, length: 10 });
    const refused = await t.api.complete(key, uploadId, [{ partNumber: 1, etag: randomEtag() }]);
    // Without a refusal there is nothing to judge here (whether a wrong ETag must be refused is UP-25's own check).
    t.given.that('Complete with a wrong ETag', refused, !refused.ok, 'a refusal, so that what it left behind can be judged');
    const how = refused.error?.inSuccessStatus ? `${refused.status} with an <Error> body` : `${refused.status}`;
    t.note(`Complete with a wrong ETag was refused with ${how}`);
    const accepted = await t.api.complete(key, uploadId, [part]);
    const sent = `Complete with a wrong ETag (answered ${how}), then with the right ETag`;
    t.expectThat(
      sent,
      accepted.ok && accepted.value?.etag !== undefined,
      '200 with a CompleteMultipartUploadResult: the refused Complete completed nothing',
      accepted.ok ? '200 without a result ETag' : `${accepted.status} ${accepted.error?.code ?? ''}`,
      accepted.response.exchange,
    );
    await t.expectObjectBytes(sent, key, [part.body]);
  },
  { costMiB: 0.5 },
);

check(
  "UP-32 Complete naming an upload that never existed (a random UploadId, and ones a character away from a live upload's); Complete and List Parts naming an aborted one, with parts and without: 404 NoSuchUpload",
  async (t) => {
    await t.case('an upload that never existed', async () => {
      const key = t.key('complete-unknown');
      t.expectAnswer(
        'Complete with an UploadId never issued',
        await t.api.complete(key, `${Date.now()}${randomBytes(16).toString('hex')}`, [{ partNumber: 1, etag: randomEtag() }]),
        ERROR.NoSuchUpload,
      );
    });
    // UploadIds that never existed nearest to a live one, with the live upload's own part: a server that looks an
    // UploadId up by its leading characters completes the live upload.
    await t.case('UploadIds a character away from a live one', async () => {
      const key = t.key('complete-near');
      const live = await t.given.initiate(key);
      const part = await t.given.upload(key, live, 1, { seed: 33, length: 10 });
      for (const [what, id] of [
        ['its last character changed', lastCharChanged(live)],
        ['its last character dropped', withoutLastChar(live)],
        ['a character added', `${live}0`],
      ] as const) {
        const result = await t.api.complete(key, id, [part]);
        t.soft(() =>
          t.expectAnswer(
            `Complete with the UploadId of a live upload of the key, ${what}, and that upload's part 1`,
            result,
            ERROR.NoSuchUpload,
          ),
        );
      }
    });
    for (const withPart of [true, false]) {
      await t.case(`an aborted upload ${withPart ? 'with a part' : 'without parts'}`, async () => {
        const key = t.key('complete-aborted');
        const uploadId = await t.given.initiate(key);
        const part = withPart ? await t.given.upload(key, uploadId, 1, { seed: 32, length: 10 }) : { partNumber: 1, etag: randomEtag() };
        await t.given.abort(key, uploadId);
        const completed = await t.api.complete(key, uploadId, [part]);
        t.soft(() =>
          t.expectAnswer(
            `Abort, then Complete with ${withPart ? 'the part uploaded before' : 'a part never uploaded'}`,
            completed,
            ERROR.NoSuchUpload,
          ),
        );
        const listed = await t.api.listParts(key, uploadId);
        t.soft(() => t.expectAnswer('Abort, then List Parts', listed, ERROR.NoSuchUpload));
      });
    }
    // What a completed upload answers is recorded (UP-28): AWS S3 itself answers a repeated Complete 200, and no COS
    // document of a standard bucket says otherwise.
  },
  { costMiB: 0.5 },
);

/**
 * How an upload reaches Complete: the order its parts arrive in, whether its last part was uploaded again (first with
 * other bytes) before Complete, and whether an object is already under the key. Servers that compute the object's
 * ETag or CRC-64 from arrival order, from a part's first upload, or before the old object is replaced, are right only
 * on the plain shape. The fixed examples keep descending order apart from a re-upload: uploading the last part again
 * last puts the parts back in ascending order of arrival.
 */
interface UploadShape {
  readonly order: 'ascending' | 'descending';
  readonly reupload: boolean;
  readonly overExisting: boolean;
}

const PLAIN: UploadShape = { order: 'ascending', reupload: false, overExisting: false };
const uploadShape: fc.Arbitrary<UploadShape> = fc.record({
  order: fc.constantFrom('ascending', 'descending'),
  reupload: fc.boolean(),
  overExisting: fc.boolean(),
});

const describeShape = (shape: UploadShape, count: number) =>
  [
    count > 1 ? `uploaded in ${shape.order} order` : '',
    shape.reupload ? 'the last uploaded again' : '',
    shape.overExisting ? 'over an existing object' : '',
  ]
    .filter(Boolean)
    .join(', ');

/** An upload of `bodies` as parts 1..n in the given shape, completed: the answer to Complete, and the parts as uploaded. */
async function completedUpload(t: CheckContext, label: string, bodies: readonly BodySpec[], shape: UploadShape = PLAIN) {
  const last = bodies.length - 1;
  const replaced = { seed: bodies[last]!.seed + 7777, length: bodies[last]!.length };
  await t.reserve(bodies.reduce((sum, b) => sum + b.length, 0) + (shape.reupload ? replaced.length : 0));
  const key = t.key(label);
  if (shape.overExisting) await t.given.putObject(key, { seed: 4141, length: 100 });
  const uploadId = await t.given.initiate(key);
  const parts: UploadedPart[] = new Array(bodies.length);
  const answers: Array<ApiResult<{ etag: string | undefined }>> = new Array(bodies.length);
  const upload = async (index: number, body: BodySpec) => {
    const result = await t.api.uploadPart(key, uploadId, index + 1, body);
    t.given.that(
      `Upload Part ${index + 1} (${body.length} bytes)`,
      result,
      result.ok && result.value?.etag !== undefined,
      '200 with an ETag',
    );
    parts[index] = { partNumber: index + 1, etag: result.value!.etag!, body };
    answers[index] = result;
  };
  const order = bodies.map((_, i) => i);
  if (shape.order === 'descending') order.reverse();
  for (const index of order) await upload(index, shape.reupload && index === last ? replaced : bodies[index]!);
  if (shape.reupload) await upload(last, bodies[last]!);
  const completed = await t.api.complete(key, uploadId, parts);
  t.given.that(`Complete with parts 1-${parts.length}`, completed, completed.ok, '200 CompleteMultipartUploadResult');
  const how = describeShape(shape, bodies.length);
  return {
    key,
    parts,
    answers,
    completed,
    sent: `parts of ${bodies.map((b) => b.length).join(', ')} bytes${how ? ` (${how})` : ''}, then Complete`,
  };
}

check(
  'UP-41 uploads of 1, 2 and 3 parts, the last from 1 B to over 4 MiB, in either order, a part uploaded again, over an existing object, each part answered with x-cos-hash-crc64ecma, then Complete, HEAD and GET: the object CRC-64 of each is that of the parts joined',
  async (t) => {
    const header = t.dialect.crc64Header!;
    const min = t.dialect.minPartSize;
    // Part counts 1, 2 and 3; the last part 1 B, 1000 B and over both the minimum part size and 4 MiB; each shape's
    // variation at least once.
    const examples: Array<[number, BodySpec, number, UploadShape]> = [
      [0, { seed: 41, length: 1000 }, 410, { order: 'ascending', reupload: true, overExisting: false }],
      [1, { seed: 42, length: 1000 }, 420, { order: 'descending', reupload: false, overExisting: true }],
      [2, { seed: 43, length: Math.max(min + 1, LARGE_BODY) }, 430, PLAIN],
    ];
    await t.forAll(
      'object-crc64',
      fc.tuple(fc.integer({ min: 0, max: 2 }), integrityBody(min + 1), bodySeed, uploadShape),
      async ([fullParts, last, seed, shape]) => {
        const bodies = [...Array.from({ length: fullParts }, (_, i) => ({ seed: seed + i, length: min })), last];
        const { key, answers, completed, sent } = await completedUpload(t, 'object-crc64', bodies, shape);
        if (answers.some((a) => a.response.headers[header] === undefined))
          return t.unjudged(`a part was answered without ${header}: the object need not have one`);
        const expected = joinedDigest(bodies).crc64;
        t.soft(() => t.expectHeader(sent, completed, header, expected));
        const head = await t.api.headObject(key);
        t.soft(() => t.expectHeader(`${sent}, then HEAD`, head, header, expected));
        const get = await t.api.getObject(key);
        t.soft(() => t.expectHeader(`${sent}, then GET`, get, header, expected));
        t.covered(bodies.reduce((sum, b) => sum + b.length, 0));
      },
      { maxRuns: examples.length + 2, examples },
    );
  },
  { costMiB: 12, profiles: ['cos'], reason: 'S3 has no CRC-64/ECMA-182' },
);

check(
  'UP-45 uploads of 1, 2 and 3 parts, in either order, a part uploaded again, over an existing object, then Complete and HEAD: the result <ETag> is not empty and is the ETag HEAD answers',
  async (t) => {
    const min = t.dialect.minPartSize;
    // Part counts 1, 2 and 3, and each shape's variation at least once.
    const examples: Array<[number, UploadShape]> = [
      [1, { order: 'ascending', reupload: true, overExisting: false }],
      [2, { order: 'descending', reupload: false, overExisting: true }],
      [3, PLAIN],
    ];
    await t.forAll(
      'complete-etag',
      fc.tuple(fc.integer({ min: 1, max: 3 }), uploadShape),
      async ([count, shape]) => {
        const bodies = Array.from({ length: count }, (_, i) => ({ seed: 45 + i, length: i === count - 1 ? 100 : min }));
        const { key, completed, sent } = await completedUpload(t, 'complete-etag', bodies, shape);
        const resultEtag = completed.value?.etag;
        t.soft(() =>
          t.expectThat(
            sent,
            resultEtag !== undefined && resultEtag.replace(/"/g, '').trim() !== '',
            'a non-empty <ETag> in CompleteMultipartUploadResult',
            `<ETag>${resultEtag ?? '(absent)'}</ETag>`,
            completed.response.exchange,
          ),
        );
        const head = await t.api.headObject(key);
        t.given.that('HEAD of the completed object', head, head.ok, '200');
        t.soft(() => t.expectEqual(`${sent}, then HEAD`, 'ETag', head.value?.etag, resultEtag, head.response.exchange));
      },
      // The fixed cases cover every value of each dimension; a generated one would cost up to 10 MiB more under S3 (three
      // parts of 5 MiB), so none is drawn: `maxRuns` is the examples' number.
      { maxRuns: examples.length, examples },
    );
  },
  { costMiB: 17 },
);

check(
  'UP-46 two parts, then Complete and HEAD: an ETag of 32 hex digits is the MD5 of the object bytes',
  async (t) => {
    const bodies = [
      { seed: 47, length: t.dialect.minPartSize },
      { seed: 48, length: 100 },
    ];
    const { key, completed, sent } = await completedUpload(t, 'multipart-etag-form', bodies);
    const head = await t.api.headObject(key);
    t.given.that('HEAD of the completed object', head, head.ok, '200');
    const md5 = joinedDigest(bodies).md5Hex;
    for (const [where, result, etag] of [
      ['Complete result', completed, completed.value?.etag],
      ['HEAD', head, head.value?.etag],
    ] as const) {
      const value = (etag ?? '').replace(/"/g, '').toLowerCase();
      t.soft(() =>
        t.expectThat(
          `${sent} (${where})`,
          !/^[0-9a-f]{32}$/.test(value) || value === md5,
          `an ETag that is not 32 hex digits, or is the MD5 ${md5}`,
          `ETag ${etag}`,
          result.response.exchange,
        ),
      );
    }
  },
  { costMiB: 6, profiles: ['s3'], reason: 'COS documents no form for a multipart ETag (doc 7729: "not necessarily the MD5")' },
);

/**
 * The forms of a Complete with no <Part>: open and closed, self-closing, with the XML declaration, the namespace and
 * whitespace the AWS SDKs send, and no body at all. A server that reads an empty body as an empty list, or that
 * refuses an empty list only when the upload has parts, completes an empty object.
 */
const EMPTY_COMPLETES: ReadonlyArray<[string, string]> = [
  ['<CompleteMultipartUpload></CompleteMultipartUpload>', '<CompleteMultipartUpload></CompleteMultipartUpload>'],
  ['<CompleteMultipartUpload/>', '<CompleteMultipartUpload/>'],
  [
    'the XML declaration, the S3 namespace and whitespace',
    '<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  \n</CompleteMultipartUpload>',
  ],
  ['an empty body', ''],
];

check(
  'UP-47 Complete with no <Part> (in four forms, one an empty body) on an upload with a part and on one with none: 400; the upload stays open, and a Complete naming a part then succeeds',
  async (t) => {
    for (const state of ['with a part', 'without parts'] as const) {
      const key = t.key(`complete-empty-${state === 'with a part' ? 'part' : 'none'}`);
      const uploadId = await t.given.initiate(key);
      const held = state === 'with a part' ? await t.given.upload(key, uploadId, 1, { seed: 49, length: 10 }) : undefined;
      const codes = new Set<string>();
      for (const [form, rawBody] of EMPTY_COMPLETES) {
        await t.case(`${form}, on an upload ${state}`, async () => {
          codes.add(
            t.expectRefused(
              `Complete with no <Part> (${form}) on an upload ${state}`,
              await t.api.complete(key, uploadId, { rawBody }),
              400,
            ),
          );
        });
      }
      if (codes.size > 0) t.note(`on an upload ${state}: refused with ${[...codes].join(', ')}`);
      // Complete and GET, the calls every server has, show that the empty Completes completed nothing.
      await t.case(`the upload ${state} stays open`, async () => {
        const part = held ?? (await t.given.upload(key, uploadId, 1, { seed: 50, length: 10 }));
        const sent = `Complete with no <Part> in each form on an upload ${state}, then${held ? '' : ' Upload Part 1 and'} Complete with part 1`;
        const completed = await t.api.complete(key, uploadId, [part]);
        t.expectThat(sent, completed.ok, '200: the upload was still open', describeAnswer(completed), completed.response.exchange);
        await t.expectObjectBytes(sent, key, [part.body]);
      });
    }
  },
  { costMiB: 0.5 },
);
