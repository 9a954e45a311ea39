import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MEMORY_BODY_LIMIT, type SegmentReader, Store } from '../../src/emulator/store.js';
import { digestOf } from '../../src/protocol/digest.js';

// The store with a memory allowance (the suite's embedded emulator): small bodies are held in memory under the name
// their file would have had, a body that outgrows MEMORY_BODY_LIMIT goes on to its file with every byte, and so does
// one that finds the allowance spent. What a body is judged by (its digest, a refusal) does not depend on where it is.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-memory-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A body arriving in chunks of 64 KiB, as a socket hands it over. */
function arriving(body: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += 64 * 1024) chunks.push(body.subarray(offset, offset + 64 * 1024));
  return Readable.from(chunks, { objectMode: false });
}

async function readAll(reader: SegmentReader, start?: number, end?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of reader.bytes(start, end)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const stored = (file: string, size: number) => ({
  key: 'k',
  size,
  etag: '',
  crc64: undefined,
  lastModified: new Date(),
  contentType: '',
  meta: {},
  storageClass: 'STANDARD',
  serverSideEncryption: undefined,
  segments: [file],
});

describe('a store with a memory allowance', () => {
  test('a small body is held in memory: no file, the same digest, readable whole and in ranges, and gone once discarded', async () => {
    const store = new Store(dir, 4 * MEMORY_BODY_LIMIT);
    const body = randomBytes(200 * 1024);
    const written = await store.writeBody(arriving(body), { expectedLength: body.length, maxLength: 10 * MEMORY_BODY_LIMIT });
    expect(written.digest).toEqual(digestOf(body));
    expect(readdirSync(dir)).toEqual([]);
    expect((await store.readBody(written.file)).equals(body)).toBe(true);
    const [reader] = await store.openSegments(stored(written.file, body.length));
    expect(await reader!.size()).toBe(body.length);
    expect((await readAll(reader!)).equals(body)).toBe(true);
    expect((await readAll(reader!, 10, 99)).equals(body.subarray(10, 100))).toBe(true);
    await store.discard([written.file]);
    await expect(store.readBody(written.file)).rejects.toThrow(/ENOENT/);
    // A reader opened before the discard still has every byte (a GET racing an overwrite).
    expect((await readAll(reader!)).equals(body)).toBe(true);
  });

  test('a body over the limit goes on to its file, the bytes held before included', async () => {
    const store = new Store(dir, 4 * MEMORY_BODY_LIMIT);
    const body = randomBytes(MEMORY_BODY_LIMIT + 100_000);
    const written = await store.writeBody(arriving(body), { expectedLength: body.length, maxLength: 10 * MEMORY_BODY_LIMIT });
    expect(written.digest).toEqual(digestOf(body));
    expect(readFileSync(written.file).equals(body)).toBe(true);
    await store.discard([written.file]);
    expect(existsSync(written.file)).toBe(false);
  });

  test('once the allowance is spent, bodies go to files; a discarded body gives its bytes back', async () => {
    const store = new Store(dir, MEMORY_BODY_LIMIT);
    const first = randomBytes(MEMORY_BODY_LIMIT - 10);
    const second = randomBytes(100);
    const a = await store.writeBody(arriving(first), { expectedLength: first.length, maxLength: MEMORY_BODY_LIMIT });
    const b = await store.writeBody(arriving(second), { expectedLength: second.length, maxLength: MEMORY_BODY_LIMIT });
    expect(readdirSync(dir).map((name) => join(dir, name))).toEqual([b.file]);
    expect(readFileSync(b.file).equals(second)).toBe(true);
    await store.discard([a.file, b.file]);
    const c = await store.writeBody(arriving(second), { expectedLength: second.length, maxLength: MEMORY_BODY_LIMIT });
    expect(readdirSync(dir)).toEqual([]);
    expect((await store.readBody(c.file)).equals(second)).toBe(true);
  });

  test('a body shorter than declared is refused and leaves nothing; with keepPartial what came is kept', async () => {
    const store = new Store(dir, 4 * MEMORY_BODY_LIMIT);
    const body = randomBytes(1000);
    await expect(store.writeBody(arriving(body), { expectedLength: 2000, maxLength: MEMORY_BODY_LIMIT })).rejects.toMatchObject({
      code: 'INCOMPLETE',
    });
    expect(readdirSync(dir)).toEqual([]);
    const kept = await store.writeBody(arriving(body), { expectedLength: 2000, maxLength: MEMORY_BODY_LIMIT, keepPartial: true });
    expect((await store.readBody(kept.file)).equals(body)).toBe(true);
  });

  test('a body over maxLength is refused, whether it was still in memory or already in its file', async () => {
    const store = new Store(dir, 4 * MEMORY_BODY_LIMIT);
    for (const size of [1000, MEMORY_BODY_LIMIT + 200_000]) {
      const body = randomBytes(size);
      await expect(store.writeBody(arriving(body), { maxLength: size - 1 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    }
    await store.settled();
    expect(readdirSync(dir)).toEqual([]);
  });
});
