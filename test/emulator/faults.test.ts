import { afterEach, describe, expect, test } from 'vitest';
import { type FaultPlan, faultKeyToken, faultsInKey, parseFault } from '../../src/emulator/faults.js';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { digestOf } from '../../src/protocol/digest.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// The fault scenarios the client mode grades clients with (src/emulator/faults.ts): each does to the answer what its
// description says, to the attempt it names and no other, stores nothing it should not, and is never active unless
// a flag or (when the emulator takes them) an object key asks for it.
const MiB = 1024 * 1024;
const body = (n: number, fill: number) => Buffer.alloc(n, fill);
let fx: EmulatorFixture | undefined;
let observed: ObservedRequest[] = [];
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function emulator(faults: FaultPlan | undefined) {
  observed = [];
  fx = await withEmulator({}, { ...(faults ? { faults } : {}), observe: (e) => observed.push(e) });
  return fx.api;
}

async function upload(key: string) {
  const init = await fx!.api.initiate(key);
  return init.value!.uploadId;
}

describe('fault names', () => {
  test('the flag form and the key form name the same faults; anything else is refused in one line', () => {
    expect(parseFault('slowdown-on-part=2')).toEqual({ name: 'slowdown-on-part', value: 2 });
    expect(parseFault('complete-error')).toEqual({ name: 'complete-error', value: 0 });
    expect(faultsInKey('tests/fault-slowdown-on-part-2/fault-complete-error.bin')).toEqual([
      { name: 'slowdown-on-part', value: 2 },
      { name: 'complete-error', value: 0 },
    ]);
    expect(faultKeyToken(parseFault('deny-part=3'))).toBe('fault-deny-part-3');
    expect(faultsInKey('plain/key.bin')).toEqual([]);
    expect(() => parseFault('slowdown')).toThrow(/unknown fault "slowdown"/);
    expect(() => parseFault('deny-part=0')).toThrow(/part number/);
    expect(() => parseFault('complete-error=1')).toThrow(/takes no value/);
  });
});

describe('each fault, on the attempt it names', () => {
  test('slowdown-on-part: the first attempt at part 2 is 503 SlowDown and stores nothing; the second and part 1 are stored', async () => {
    const api = await emulator({ faults: [parseFault('slowdown-on-part=2')], byKey: false });
    const id = await upload('f/slowdown');
    expect((await api.uploadPart('f/slowdown', id, 1, body(10, 1))).status).toBe(200);
    const first = await api.uploadPart('f/slowdown', id, 2, body(10, 2));
    expect([first.status, first.error?.code]).toEqual([503, 'SlowDown']);
    expect((await api.listParts('f/slowdown', id)).value!.parts.map((p) => p.partNumber)).toEqual([1]);
    expect((await api.uploadPart('f/slowdown', id, 2, body(10, 2))).status).toBe(200);
    expect(observed.filter((o) => o.fault).map((o) => [o.fault, o.status])).toEqual([['slowdown-on-part=2', 503]]);
  });

  test('deny-part: every attempt at part 2 is 403 AccessDenied', async () => {
    const api = await emulator({ faults: [parseFault('deny-part=2')], byKey: false });
    const id = await upload('f/deny');
    for (let i = 0; i < 3; i++) expect((await api.uploadPart('f/deny', id, 2, body(10, 2))).error?.code).toBe('AccessDenied');
    expect((await api.uploadPart('f/deny', id, 3, body(10, 3))).status).toBe(200);
  });

  test('reset-on-part: the first attempt at part 2 loses its connection mid-body and is observed unanswered; the second is stored', async () => {
    const api = await emulator({ faults: [parseFault('reset-on-part=2')], byKey: false });
    const id = await upload('f/reset');
    await expect(api.uploadPart('f/reset', id, 2, body(2 * MiB, 2))).rejects.toThrow();
    expect((await api.uploadPart('f/reset', id, 2, body(2 * MiB, 2))).status).toBe(200);
    const parts = observed.filter((o) => o.method === 'PUT');
    expect(parts.map((o) => [o.status, o.fault])).toEqual([
      [0, 'reset-on-part=2'],
      [200, undefined],
    ]);
  });

  test('complete-error: the first Complete is 200 with an <Error> body and completes nothing; the second completes', async () => {
    const api = await emulator({ faults: [parseFault('complete-error')], byKey: false });
    const id = await upload('f/complete');
    const part = await api.uploadPart('f/complete', id, 1, body(10, 1));
    const list = [{ partNumber: 1, etag: part.value!.etag! }];
    const first = await api.complete('f/complete', id, list);
    expect([first.status, first.error?.code, first.error?.inSuccessStatus]).toEqual([200, 'InternalError', true]);
    expect(fx!.emulator.store.uploads.has(id)).toBe(true);
    expect((await api.complete('f/complete', id, list)).ok).toBe(true);
    expect(fx!.emulator.store.objects.has('f/complete')).toBe(true);
    expect(observed.find((o) => o.fault === 'complete-error')?.body).toContain('<PartNumber>1</PartNumber>');
  });

  test('wrong-etag-on-part and wrong-crc64-on-part: the part is stored; its first answer carries another ETag, another CRC-64', async () => {
    const api = await emulator({ faults: [parseFault('wrong-etag-on-part=2'), parseFault('wrong-crc64-on-part=2')], byKey: false });
    const id = await upload('f/integrity');
    const data = body(1000, 7);
    const answered = await api.uploadPart('f/integrity', id, 2, data);
    expect(answered.status).toBe(200);
    expect(answered.value!.etag).not.toBe(`"${digestOf(data).md5Hex}"`);
    expect(answered.response.headers['x-cos-hash-crc64ecma']).not.toBe(digestOf(data).crc64);
    expect((await api.listParts('f/integrity', id)).value!.parts[0]!.etag).toBe(`"${digestOf(data).md5Hex}"`);
    const again = await api.uploadPart('f/integrity', id, 2, data);
    expect([again.value!.etag, again.response.headers['x-cos-hash-crc64ecma']]).toEqual([
      `"${digestOf(data).md5Hex}"`,
      digestOf(data).crc64,
    ]);
  });

  test('slow-complete: 200, spaces, then the result; slow-parts: the part is stored and its answer noted as delayed', async () => {
    const api = await emulator({ faults: [parseFault('slow-complete=1'), parseFault('slow-parts=10')], byKey: false });
    const id = await upload('f/slow');
    const part = await api.uploadPart('f/slow', id, 1, body(10, 1));
    expect(part.status).toBe(200);
    const done = await api.complete('f/slow', id, [{ partNumber: 1, etag: part.value!.etag! }]);
    expect(done.ok).toBe(true);
    expect(done.response.body.toString('utf8')).toMatch(/^<\?xml[^>]*\?> +\n?<CompleteMultipartUploadResult>/);
    expect(observed.filter((o) => o.fault).map((o) => o.fault)).toEqual(['slow-parts=10', 'slow-complete=1']);
  });
});

describe('never active unless asked', () => {
  test('a key asks for a fault on its own upload only, and only when the emulator takes faults by key', async () => {
    const token = faultKeyToken(parseFault('slowdown-on-part=1'));
    let api = await emulator({ faults: [], byKey: true });
    const asked = `f/${token}.bin`;
    expect((await api.uploadPart(asked, await upload(asked), 1, body(10, 1))).status).toBe(503);
    expect((await api.uploadPart('f/plain.bin', await upload('f/plain.bin'), 1, body(10, 1))).status).toBe(200);
    await fx!.close();
    api = await emulator(undefined);
    expect((await api.uploadPart(asked, await upload(asked), 1, body(10, 1))).status).toBe(200);
    expect(observed.some((o) => o.fault)).toBe(false);
  });
});
