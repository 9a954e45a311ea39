import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { configFromEnvironment } from '../../src/config/index.js';
import { Target } from '../../src/http/client.js';

// What the raw client really puts on the wire, seen by a TCP server that records bytes and answers by script.
interface Seen {
  head: string;
  body: Buffer;
  ended: boolean;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function scriptedServer(answer: (socket: Socket, seen: Seen, headDone: boolean) => void): Promise<{ target: Target; seen: Seen }> {
  const seen: Seen = { head: '', body: Buffer.alloc(0), ended: false };
  server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let headDone = false;
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!headDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        headDone = true;
        seen.head = buffer.subarray(0, end).toString('latin1');
        seen.body = buffer.subarray(end + 4);
        answer(socket, seen, true);
      } else {
        seen.body = Buffer.concat([seen.body, data]);
        answer(socket, seen, false);
      }
    });
    socket.on('end', () => {
      seen.ended = true;
      answer(socket, seen, false);
    });
  });
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () => {
      const port = (server!.address() as { port: number }).port;
      const config = { ...configFromEnvironment({ COS_REQUEST_TIMEOUT_MS: '3000' }), endpoint: new URL(`http://127.0.0.1:${port}`) };
      resolve({ target: new Target(config), seen });
    }),
  );
}

const header = (head: string, name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
const ok = (socket: Socket) => {
  if (!socket.writableEnded) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
};

describe('requests ordinary clients will not send', () => {
  test('no Content-Length and no Transfer-Encoding: the headers alone', async () => {
    const { target, seen } = await scriptedServer((socket, _seen, headDone) => headDone && setTimeout(() => ok(socket), 100));
    const response = await target.sendUnusual({ method: 'PUT', key: 'k', body: Buffer.from('body') }, { omitContentLength: true });
    expect(response.status).toBe(200);
    expect(header(seen.head, 'content-length')).toBeUndefined();
    expect(header(seen.head, 'transfer-encoding')).toBeUndefined();
    expect(seen.body.length).toBe(0);
  });

  test('Expect: 100-continue with the body held back: the declared length goes out, no body byte follows', async () => {
    const { target, seen } = await scriptedServer((socket, _seen, headDone) => {
      if (headDone) setTimeout(() => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'), 200);
    });
    const response = await target.sendUnusual(
      { method: 'PUT', key: 'k', body: { seed: 1, length: 5 * 1024 ** 3 + 1 } },
      { expectContinue: 'never-send' },
    );
    expect(response.status).toBe(400);
    expect(header(seen.head, 'expect')).toBe('100-continue');
    expect(header(seen.head, 'content-length')).toBe(String(5 * 1024 ** 3 + 1));
    expect(seen.body.length).toBe(0);
    expect(response.exchange.request.bodyBytes).toBe(0);
  });

  test('Expect: 100-continue: the body goes only after the 100', async () => {
    let bodyBeforeContinue = -1;
    const { target, seen } = await scriptedServer((socket, current, headDone) => {
      if (headDone) {
        setTimeout(() => {
          bodyBeforeContinue = current.body.length;
          socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        }, 150);
      } else if (current.body.length === 10) ok(socket);
    });
    const response = await target.sendUnusual(
      { method: 'PUT', key: 'k', body: Buffer.from('0123456789') },
      { expectContinue: 'send-after-100' },
    );
    expect(bodyBeforeContinue).toBe(0);
    expect(seen.body.toString()).toBe('0123456789');
    expect(response.informational).toEqual([100]);
    expect(response.status).toBe(200);
  });

  test('a body cut short: exactly the first N bytes, then the write side closes', async () => {
    const { target, seen } = await scriptedServer((socket, current) => current.ended && ok(socket));
    await target.sendUnusual({ method: 'PUT', key: 'k', body: { seed: 2, length: 100_000 } }, { truncateAt: 1234 });
    expect(header(seen.head, 'content-length')).toBe('100000');
    expect(seen.body.length).toBe(1234);
    expect(seen.ended).toBe(true);
  });

  test('chunked framing without Content-Length', async () => {
    const { target, seen } = await scriptedServer((socket, current) => current.body.includes('0\r\n\r\n') && ok(socket));
    await target.sendUnusual({ method: 'PUT', key: 'k', body: Buffer.from('abc') }, { chunked: true });
    expect(header(seen.head, 'transfer-encoding')).toBe('chunked');
    expect(header(seen.head, 'content-length')).toBeUndefined();
    expect(seen.body.toString()).toBe('3\r\nabc\r\n0\r\n\r\n');
  });

  test('unsigned: no Authorization header at all', async () => {
    const { target, seen } = await scriptedServer((socket, _seen, headDone) => headDone && ok(socket));
    await target.sendUnusual({ method: 'GET', key: 'k', auth: { mode: 'none' } }, {});
    expect(header(seen.head, 'authorization')).toBeUndefined();
    expect(header(seen.head, 'host')).toBe(`${target.config.bucket}.${target.config.endpoint!.host}`);
  });

  test('a server that refuses from the headers and closes without reading the body: its answer is kept, every time', async () => {
    const { target } = await scriptedServer((socket, _seen, headDone) => {
      if (!headDone) return;
      // Answer, then reset: unread request bytes make the kernel send RST, as a server that closes early does.
      socket.write('HTTP/1.1 411 Length Required\r\nContent-Type: application/xml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', () =>
        socket.resetAndDestroy(),
      );
    });
    for (let i = 0; i < 5; i++) {
      const response = await target.sendUnusual({ method: 'PUT', key: 'k', body: { seed: 1, length: 8 * 1024 * 1024 } }, { chunked: true });
      expect(response.status).toBe(411);
      // The refusal came before any body byte left: none was sent into a connection the server had closed.
      expect(response.exchange.request.bodyBytes).toBe(0);
    }
  });
});
