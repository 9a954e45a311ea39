import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { configFromEnvironment } from '../../src/config/index.js';
import { generateCertificate, type TlsCertificate } from '../../src/emulator/tls.js';
import { Target } from '../../src/http/client.js';
import { type RawRequest, rawRequest } from '../../src/http/raw.js';

// A server that answers from the headers and closes without reading the body (RGW's 411 to a chunked part, a
// 413 to an oversized one) races the client: its answer can sit unread in the client's socket while the client,
// its event loop stalled, starts the body. These tests stage the race on purpose, with the server in a worker
// thread so that it answers while this thread is held busy, and require the answer every time.

const REFUSAL = 'HTTP/1.1 411 Length Required\r\nContent-Type: application/xml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/** Flags shared with the worker: headers seen, told to answer, answered and reset. */
const HEADERS_SEEN = 0;
const GO = 1;
const ANSWERED = 2;

/**
 * A server in a worker thread, over TCP or TLS: it reads a request's headers, waits to be told to answer, then
 * writes the refusal and resets the TCP connection (RST, as a server that closes with the body unread does).
 */
async function refusingServer(certificate?: TlsCertificate): Promise<{ port: number; flags: Int32Array; stop(): Promise<void> }> {
  const flags = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(
    `
    const { createServer } = require('node:net');
    const { TLSSocket, createSecureContext } = require('node:tls');
    const { parentPort, workerData } = require('node:worker_threads');
    const { flags, certificate } = workerData;
    const context = certificate && createSecureContext(certificate);
    const server = createServer((tcp) => {
      const socket = context ? new TLSSocket(tcp, { isServer: true, secureContext: context }) : tcp;
      tcp.on('error', () => {});
      let head = '';
      socket.on('data', (data) => {
        if (Atomics.load(flags, ${HEADERS_SEEN}) === 1) return;
        head += data.toString('latin1');
        if (!head.includes('\\r\\n\\r\\n')) return;
        Atomics.store(flags, ${HEADERS_SEEN}, 1);
        Atomics.wait(flags, ${GO}, 0, 30000);
        socket.write(${JSON.stringify(REFUSAL)}, () => {
          tcp.resetAndDestroy();
          Atomics.store(flags, ${ANSWERED}, 1);
        });
      });
      socket.on('error', () => {});
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
    parentPort.on('message', () => server.close(() => process.exit(0)));
    `,
    { eval: true, workerData: { flags, certificate } },
  );
  const port = await new Promise<number>((resolve, reject) => worker.once('message', resolve).once('error', reject));
  return {
    port,
    flags,
    async stop() {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** Holds this thread's event loop: nothing it is waiting for is read, no timer of it fires. */
function stall(until: () => boolean, atLeastMs = 0): void {
  const start = Date.now();
  const limit = start + 20_000;
  while ((!until() || Date.now() - start < atLeastMs) && Date.now() < limit);
}

async function eventually(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}

function chunkedPart(port: number, certificate: TlsCertificate | undefined, options: Partial<RawRequest> = {}): RawRequest {
  return {
    origin: new URL(`${certificate ? 'https' : 'http'}://127.0.0.1:${port}`),
    ...(certificate ? { secureContext: createSecureContext({ ca: certificate.cert }) } : {}),
    method: 'PUT',
    target: '/k?partNumber=1&uploadId=u',
    headers: [
      ['Host', '127.0.0.1'],
      ['Transfer-Encoding', 'chunked'],
    ],
    body: { seed: 1, length: 1024 * 1024 },
    framing: 'chunked',
    timeoutMs: 30_000,
    ...options,
  };
}

let certificate: TlsCertificate;
beforeAll(async () => {
  certificate = await generateCertificate();
});

describe.each(['http', 'https'])('over %s, an early final answer is never lost to the body the client sends after it', (scheme) => {
  const tls = () => (scheme === 'https' ? certificate : undefined);
  let server: Awaited<ReturnType<typeof refusingServer>> | undefined;
  afterEach(async () => {
    if (!server) return;
    // A worker still waiting to be told to answer is released, so that it can stop.
    Atomics.store(server.flags, GO, 1);
    Atomics.notify(server.flags, GO);
    await server.stop();
    server = undefined;
  });

  /** Runs `work` after the next poll for input, in the check phase: the next turn starts with the timers due by then. */
  const afterPoll = (work: () => void) =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        work();
        resolve();
      }),
    );
  const answerNow = (flags: Int32Array) => {
    Atomics.store(flags, GO, 1);
    Atomics.notify(flags, GO);
  };

  test('the loop stalls past the wait for an early answer while the refusal and the reset arrive: the refusal, and no body byte sent', async () => {
    server = await refusingServer(tls());
    const { flags } = server;
    const earlyAnswerMs = 200;
    const answer = rawRequest(chunkedPart(server.port, tls(), { earlyAnswerMs }));
    await eventually(() => Atomics.load(flags, HEADERS_SEEN) === 1);
    // Busy from after a poll until the server has answered and reset, and the wait for an early answer is long
    // over: the next turn starts with the timer that starts the body, before the refusal has been read.
    await afterPoll(() => {
      answerNow(flags);
      stall(() => Atomics.load(flags, ANSWERED) === 1, earlyAnswerMs + 150);
    });
    const response = await answer;
    expect(response.status).toBe(411);
    expect(response.bodyBytesSent).toBe(0);
  });

  test('the refusal and the reset arrive between the poll and the first write of the body: the write fails, the refusal is the answer', async () => {
    server = await refusingServer(tls());
    const { flags } = server;
    // Long enough that the timer below is sure to come due first, however slowly this machine got here.
    const earlyAnswerMs = 1500;
    const answer = rawRequest(chunkedPart(server.port, tls(), { earlyAnswerMs }));
    await eventually(() => Atomics.load(flags, HEADERS_SEEN) === 1);
    // Both timers come due during the stall and run in one turn, this one first; each defers its work until after
    // the poll, so this test's callback runs after the poll and just before the body's first write. It lets the
    // server answer and reset then: the write meets a connection already reset, the refusal unread in its buffer.
    setTimeout(() =>
      afterPoll(() => {
        answerNow(flags);
        stall(() => Atomics.load(flags, ANSWERED) === 1, 50);
      }),
    );
    await afterPoll(() => stall(() => true, earlyAnswerMs + 100));
    const response = await answer;
    expect(response.status).toBe(411);
    expect(response.bodyBytesSent).toBeGreaterThan(0);
  });
});

// A 100 Continue and a final answer in one write (fauxqs does so for a part declared over the limit): the final
// answer is the answer, never the 100.
describe('a 100 Continue and a final answer', () => {
  let scripted: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (scripted ? scripted.close(() => resolve()) : resolve())));

  function answering(script: (socket: Socket) => void): Promise<{ target: Target; bodyBytes: () => number }> {
    let bodyBytes = 0;
    scripted = createServer((socket) => {
      let head = '';
      let answered = false;
      socket.on('data', (data) => {
        if (answered) {
          bodyBytes += data.length;
          return;
        }
        head += data.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        answered = true;
        bodyBytes += Buffer.byteLength(head.slice(end + 4), 'latin1');
        script(socket);
      });
      socket.on('error', () => undefined);
    });
    return new Promise((resolve) =>
      scripted!.listen(0, '127.0.0.1', () => {
        const port = (scripted!.address() as { port: number }).port;
        const config = { ...configFromEnvironment({ COS_REQUEST_TIMEOUT_MS: '5000' }), endpoint: new URL(`http://127.0.0.1:${port}`) };
        resolve({ target: new Target(config), bodyBytes: () => bodyBytes });
      }),
    );
  }

  const TOO_LARGE = 'HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/xml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
  const oversized = { seed: 1, length: 5 * 1024 ** 3 + 1 };

  test('in one write, the body held back for good: the final answer, the 100 among the informational ones', async () => {
    const { target } = await answering((socket) => socket.end(`HTTP/1.1 100 Continue\r\n\r\n${TOO_LARGE}`));
    const response = await target.sendUnusual({ method: 'PUT', key: 'k', body: oversized }, { expectContinue: 'never-send' });
    expect([response.status, response.informational]).toEqual([413, [100]]);
    expect(response.exchange.response?.status).toBe(413);
  });

  test('in one write, the body sent when asked: the final answer, and no body byte goes', async () => {
    const { target, bodyBytes } = await answering((socket) => socket.end(`HTTP/1.1 100 Continue\r\n\r\n${TOO_LARGE}`));
    const response = await target.sendUnusual(
      { method: 'PUT', key: 'k', body: { seed: 1, length: 100_000 } },
      { expectContinue: 'send-after-100' },
    );
    expect([response.status, response.informational]).toEqual([413, [100]]);
    expect(response.exchange.request.bodyBytes).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bodyBytes()).toBe(0);
  });

  test('written apart, the refusal soon after the 100: the refusal is the answer', async () => {
    const { target } = await answering((socket) => {
      socket.write('HTTP/1.1 100 Continue\r\n\r\n');
      setTimeout(() => socket.end(TOO_LARGE), 100);
    });
    const response = await target.sendUnusual({ method: 'PUT', key: 'k', body: oversized }, { expectContinue: 'never-send' });
    expect([response.status, response.informational]).toEqual([413, [100]]);
  });

  test('a 100 and then nothing: the 100 is the answer (the server asked for the body)', async () => {
    const { target } = await answering((socket) => socket.write('HTTP/1.1 100 Continue\r\n\r\n'));
    const response = await target.sendUnusual({ method: 'PUT', key: 'k', body: oversized }, { expectContinue: 'never-send' });
    expect([response.status, response.informational]).toEqual([100, [100]]);
  });
});
