import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// GET Object with Range (COS doc 436/7753; RFC 9110 §14): download managers (s3transfer in boto3 and the AWS CLI)
// read an object in ranges and write each answer at its offset; an emulator that ignored Range gave them the whole
// object once per range (a 10 MiB object came back as 21 MiB). The object here is three parts, so ranges cross
// the files the emulator keeps them in.
const MiB = 1024 * 1024;
const data = randomBytes(2 * MiB + 1000);
const KEY = 'range/three-parts.bin';

// Each store the emulator has: parts in files; in memory (the suite's embedded emulator); and in memory until the
// allowance runs out (part 2 then goes to a file, part 3 fits again), so ranges cross both kinds of segment.
describe.each([
  { store: 'files', memoryBytes: 0 },
  { store: 'memory', memoryBytes: 64 * MiB },
  { store: 'memory, then a file once the allowance is spent', memoryBytes: MiB + 1000 },
])('GET Object with a Range header (parts kept in $store)', ({ memoryBytes }) => {
  let fx: EmulatorFixture;

  beforeAll(async () => {
    fx = await withEmulator({}, { memoryBytes });
    const init = await fx.api.initiate(KEY);
    const uploadId = init.value!.uploadId;
    const parts = [];
    for (const [index, [start, end]] of [
      [0, MiB],
      [MiB, 2 * MiB],
      [2 * MiB, data.length],
    ].entries()) {
      const part = await fx.api.uploadPart(KEY, uploadId, index + 1, data.subarray(start, end));
      parts.push({ partNumber: index + 1, etag: part.value!.etag! });
    }
    expect((await fx.api.complete(KEY, uploadId, parts)).status).toBe(200);
    expect((await fx.api.putObject('range/empty', Buffer.alloc(0))).status).toBe(200);
  });
  afterAll(() => fx.close());

  function get(range: string | undefined, method = 'GET', key = KEY) {
    return fx.api.target.send({ method, key, headers: range === undefined ? [] : [['Range', range]], responseBody: 'buffer' });
  }

  test('bytes=first-last within the first part: 206, Content-Range, exactly those bytes', async () => {
    const res = await get('bytes=0-9');
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 0-9/${data.length}`);
    expect(res.headers['content-length']).toBe('10');
    expect(res.body.equals(data.subarray(0, 10))).toBe(true);
  });

  test('a range across both part boundaries', async () => {
    const res = await get(`bytes=${MiB - 5}-${2 * MiB + 5}`);
    expect([res.status, res.headers['content-range']]).toEqual([206, `bytes ${MiB - 5}-${2 * MiB + 5}/${data.length}`]);
    expect(res.body.equals(data.subarray(MiB - 5, 2 * MiB + 6))).toBe(true);
  });

  test('open-ended, suffix, and a last byte past the end (clamped)', async () => {
    const open = await get(`bytes=${2 * MiB}-`);
    expect([open.status, open.headers['content-range']]).toEqual([206, `bytes ${2 * MiB}-${data.length - 1}/${data.length}`]);
    expect(open.body.equals(data.subarray(2 * MiB))).toBe(true);
    const suffix = await get('bytes=-100');
    expect(suffix.body.equals(data.subarray(data.length - 100))).toBe(true);
    const wholeSuffix = await get(`bytes=-${data.length + 50}`);
    expect([wholeSuffix.status, wholeSuffix.body.length]).toEqual([206, data.length]);
    const clamped = await get(`bytes=${data.length - 3}-${data.length + 1000}`);
    expect([clamped.status, clamped.headers['content-range']]).toEqual([206, `bytes ${data.length - 3}-${data.length - 1}/${data.length}`]);
    expect(clamped.body.equals(data.subarray(data.length - 3))).toBe(true);
  });

  test('a range with no byte in the object: 416 InvalidRange', async () => {
    for (const range of [`bytes=${data.length}-`, `bytes=${data.length + 10}-${data.length + 20}`, 'bytes=-0']) {
      const res = await get(range);
      expect([range, res.status, /<Code>([^<]+)</.exec(res.body.toString())?.[1]]).toEqual([range, 416, 'InvalidRange']);
    }
    const empty = await get('bytes=0-', 'GET', 'range/empty');
    expect(empty.status).toBe(416);
  });

  test('a Range that is not one valid byte range is ignored: 200 and the whole object', async () => {
    for (const range of ['bytes=9-2', 'items=0-1', 'bytes=0-1,5-6', 'bytes=-', 'bytes=a-b']) {
      const res = await get(range);
      expect([range, res.status, res.body.length]).toEqual([range, 200, data.length]);
    }
  });

  test('HEAD with a Range answers the same status and headers, without a body', async () => {
    const res = await get('bytes=100-199', 'HEAD');
    expect([res.status, res.headers['content-range'], res.headers['content-length'], res.body.length]).toEqual([
      206,
      `bytes 100-199/${data.length}`,
      '100',
      0,
    ]);
  });

  test('generated ranges: every answer is exactly the bytes asked for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: data.length - 1 }), fc.nat({ max: data.length + 10 }), async (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const res = await get(`bytes=${start}-${end}`);
        expect(res.status).toBe(206);
        expect(res.body.equals(data.subarray(start, Math.min(end, data.length - 1) + 1))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
