import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { generateCertificate } from '../../src/emulator/tls.js';
import { rawRequest } from '../../src/http/raw.js';
import { bodyChunks } from '../../src/protocol/body.js';
import { DigestAccumulator } from '../../src/protocol/digest.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';
import { signedHead } from '../helpers/signed-head.js';
import { exchange } from '../helpers/wire-exchange.js';

// Bad input never crashes or hangs the emulator: each gets a clear 4xx XML error or a closed connection, and the
// next ordinary request is served.
let fx: EmulatorFixture;
beforeAll(async () => {
  fx = await withEmulator();
});
afterAll(() => fx.close());

async function stillServing(): Promise<void> {
  const result = await fx.api.initiate('robust/alive');
  expect(result.status).toBe(200);
}

function send(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(fx.emulator.endpoint.port), '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    setTimeout(() => socket.destroy(), 3000);
  });
}

describe('the emulator survives bad input', () => {
  test('malformed Complete XML: 400 MalformedXML', async () => {
    const id = (await fx.api.initiate('robust/xml')).value!.uploadId;
    const result = await fx.api.complete('robust/xml', id, { rawBody: '<CompleteMultipartUpload><Part><PartNumber>1</Part>' });
    expect([result.status, result.error?.code]).toEqual([400, 'MalformedXML']);
    await stillServing();
  });

  test('bad percent-encoding in the path: 400 InvalidURI, as XML', async () => {
    const answer = await send(`GET /%E0%A4%A HTTP/1.1\r\nHost: ${fx.config.bucket}.127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('<Code>InvalidURI</Code>');
    await stillServing();
  });

  test('absurd header sizes: 431 with an XML error, then the connection closes', async () => {
    const answer = await send(`GET /k HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    expect(answer).toContain('<Error>');
    await stillServing();
  });

  test('not HTTP at all: 400 with an XML error', async () => {
    const answer = await send('\x16\x03\x01 hello there\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });

  test('unknown query parameters are ignored', async () => {
    const id = (await fx.api.initiate('robust/params')).value!.uploadId;
    const listed = await fx.api.target.send({
      method: 'GET',
      key: 'robust/params',
      query: [
        ['uploadId', id],
        ['x-unknown', 'y'],
        ['flag', undefined],
      ],
    });
    expect(listed.status).toBe(200);
  });

  test('a client that disconnects mid-body: nothing stored, the server keeps serving', async () => {
    const id = (await fx.api.initiate('robust/gone')).value!.uploadId;
    await fx.api
      .uploadPart('robust/gone', id, 1, { seed: 1, length: 4 * 1024 * 1024 }, {}, { truncateAt: 1024 * 1024 })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect((await fx.api.listParts('robust/gone', id)).value?.parts).toEqual([]);
    await stillServing();
  });

  test('many parallel uploads and parts: nothing lost or corrupted', async () => {
    const keys = Array.from({ length: 8 }, (_, i) => `robust/parallel-${i}`);
    const ids = await Promise.all(keys.map(async (key) => (await fx.api.initiate(key)).value!.uploadId));
    await Promise.all(
      keys.flatMap((key, k) => [1, 2, 3, 4].map((n) => fx.api.uploadPart(key, ids[k]!, n, { seed: k * 10 + n, length: 64 * 1024 + n }))),
    );
    for (const [k, key] of keys.entries()) {
      const parts = (await fx.api.listParts(key, ids[k]!)).value!.parts;
      expect(parts.map((p) => [p.partNumber, p.size])).toEqual([1, 2, 3, 4].map((n) => [n, 64 * 1024 + n]));
    }
  });

  test('a raw request with neither Content-Length nor chunked framing: 411 MissingContentLength', async () => {
    const id = (await fx.api.initiate('robust/411')).value!.uploadId;
    const result = await fx.api.uploadPart('robust/411', id, 1, Buffer.from('body'), {}, { omitContentLength: true });
    expect([result.status, result.error?.code]).toEqual([411, 'MissingContentLength']);
    await stillServing();
  });

  test('the raw client reads a chunked answer', async () => {
    const answer = await rawRequest({
      origin: fx.emulator.endpoint,
      method: 'GET',
      target: '/',
      headers: [['Host', `${fx.config.bucket}.127.0.0.1`]],
      timeoutMs: 3000,
    });
    expect(answer.status).toBe(403);
  });

  // Each of the following was found by the fuzz test (test/emulator/fuzz.test.ts).

  test('a security token with an octet above 0x7F: 403, not 500 (the comparison threw on unequal byte lengths)', async () => {
    const result = await fx.api.initiate(
      'robust/token',
      {},
      { tamper: (h) => h.map(([n, v]) => (n === 'x-cos-security-token' ? [n, `${v.slice(0, -1)}\u00e9`] : [n, v])) },
    );
    expect([result.status, result.error?.code]).toEqual([403, 'AccessDenied']);
  });

  test('bytes left over after a complete Upload Part: its 200 comes first, then 400; the part is stored', async () => {
    const key = 'robust/leftover';
    const id = (await fx.api.initiate(key)).value!.uploadId;
    const body = Buffer.from('0123456789');
    const signed = signedHead(
      fx.config,
      'PUT',
      key,
      [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      [['Content-Length', '5']],
    );
    const answer = await send(Buffer.concat([signed, body, Buffer.from('\r\n\r\n')]));
    const statuses = [...answer.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 400]);
    expect((await fx.api.listParts(key, id)).value?.parts.map((p) => [p.partNumber, p.size])).toEqual([[1, 5]]);
  });

  test('an Abort declaring a body that never comes is not carried out: the upload stays; sent whole, it is', async () => {
    const key = 'robust/abort-body';
    const id = (await fx.api.initiate(key)).value!.uploadId;
    const head = signedHead(fx.config, 'DELETE', key, [['uploadId', id]], [['Content-Length', '1']]);
    const port = Number(fx.emulator.endpoint.port);
    // The client stops after the head and says nothing more: the answer (Node's 400, or none) must not follow an abort.
    const cut = await exchange(port, [{ kind: 'write', bytes: head }, { kind: 'end' }], { timeoutMs: 3000 });
    expect(cut.answer?.status).not.toBe(204);
    expect((await fx.api.listParts(key, id)).status).toBe(200);
    const whole = await exchange(port, [{ kind: 'write', bytes: Buffer.concat([head, Buffer.from('x')]) }], { timeoutMs: 3000 });
    expect(whole.answer?.status).toBe(204);
    expect((await fx.api.listParts(key, id)).status).toBe(404);
  });

  test('a client gone while a Complete body is read is not an unexpected error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const key = 'robust/gone-complete';
      const id = (await fx.api.initiate(key)).value!.uploadId;
      const head = signedHead(fx.config, 'POST', key, [['uploadId', id]], [['Content-Length', '1000']]);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(fx.emulator.endpoint.port), '127.0.0.1', () => {
          socket.write(Buffer.concat([head, Buffer.from('<Complete')]));
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on('close', () => setTimeout(resolve, 50));
      });
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
    await stillServing();
  });

  test('GET of an object of 12 parts: its bytes, in order, and no listeners piling up on the response', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const key = 'robust/twelve';
      const id = (await fx.api.initiate(key)).value!.uploadId;
      const specs = Array.from({ length: 12 }, (_, i) => ({ seed: 1200 + i, length: i === 11 ? 7 : 1024 * 1024 }));
      const parts = [];
      for (const [i, spec] of specs.entries())
        parts.push({ partNumber: i + 1, etag: (await fx.api.uploadPart(key, id, i + 1, spec)).value!.etag! });
      expect((await fx.api.complete(key, id, parts)).status).toBe(200);
      const read = await fx.api.getObject(key);
      const expected = new DigestAccumulator();
      for (const spec of specs) for (const chunk of bodyChunks(spec)) expected.update(chunk);
      expect(read.response.bodyDigest?.md5Hex).toBe(expected.digest().md5Hex);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  test('a client that falls silent mid-body is closed after the idle timeout, its body file deleted', async () => {
    const quiet = await withEmulator({}, { idleTimeoutMs: 300 });
    try {
      const key = 'robust/silent';
      const id = (await quiet.api.initiate(key)).value!.uploadId;
      const head = signedHead(
        quiet.config,
        'PUT',
        key,
        [
          ['partNumber', '1'],
          ['uploadId', id],
        ],
        [['Content-Length', '100000']],
      );
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve) => {
        const socket = connect(Number(quiet.emulator.endpoint.port), '127.0.0.1', () =>
          socket.write(Buffer.concat([head, Buffer.alloc(5000)])),
        );
        socket.on('error', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        setTimeout(() => socket.destroy(), 10_000);
      });
      expect(closedAfter).toBeLessThan(5_000);
      await quiet.emulator.store.settled();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(readdirSync(quiet.emulator.store.dataDir)).toEqual([]);
      expect((await quiet.api.listParts(key, id)).value?.parts).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  test('over HTTPS, a graceful stop lets an upload in flight finish: 200 with Connection: close, the part stored', async () => {
    const certificate = await generateCertificate();
    const secure = await withEmulator({}, { tls: certificate });
    try {
      const key = 'robust/tls-stop';
      const id = (await secure.api.initiate(key)).value!.uploadId;
      const body = Buffer.alloc(10_000, 7);
      const head = signedHead(
        secure.config,
        'PUT',
        key,
        [
          ['partNumber', '1'],
          ['uploadId', id],
        ],
        [['Content-Length', String(body.length)]],
      );
      const socket = tlsConnect({
        host: '127.0.0.1',
        port: Number(secure.emulator.endpoint.port),
        ca: certificate.cert,
        checkServerIdentity: () => undefined,
      });
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const ended = new Promise((resolve) => socket.on('close', resolve));
      await new Promise((resolve) => socket.once('secureConnect', resolve));
      socket.write(Buffer.concat([head, body.subarray(0, 5_000)]));
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The stop begins with half the body sent; the rest follows within the grace.
      const stopping = secure.emulator.close({ graceMs: 3_000 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      socket.write(body.subarray(5_000));
      await ended;
      await stopping;
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(secure.emulator.store.uploads.get(id)?.parts.get(1)?.size).toBe(body.length);
    } finally {
      await secure.close();
    }
  });

  test('CONNECT: 405 as XML, not a silent close', async () => {
    const answer = await send(`CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 405/);
    expect(answer).toContain('<Code>MethodNotAllowed</Code>');
  });

  test('two Host headers: 400 InvalidRequest (RFC 9112 §3.2)', async () => {
    const head = signedHead(fx.config, 'GET', undefined, [['uploads', undefined]], [['Connection', 'close']]);
    const answer = await send(Buffer.from(head.toString('latin1').replace(/\r\n\r\n$/, '\r\nHost: other.example\r\n\r\n'), 'latin1'));
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain('<Code>InvalidRequest</Code>');
  });
});
