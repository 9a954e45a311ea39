import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { configFromEnvironment } from '../../src/config/index.js';
import { Target } from '../../src/http/client.js';
import { TargetError } from '../../src/http/errors.js';

// A target that does not answer is an error of the target, never a conformance verdict.
function targetAt(port: number, timeoutMs = 500): Target {
  return new Target({
    ...configFromEnvironment({ COS_REQUEST_TIMEOUT_MS: String(timeoutMs) }),
    endpoint: new URL(`http://127.0.0.1:${port}`),
  });
}

async function listen(onConnection: (socket: import('node:net').Socket) => void) {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe('target errors', () => {
  test('a refused connection is "unreachable", for ordinary and raw requests', async () => {
    const { server, port } = await listen(() => undefined);
    await new Promise((r) => server.close(r));
    const target = targetAt(port);
    await expect(target.send({ method: 'GET', key: 'k' })).rejects.toMatchObject({ name: 'TargetError', kind: 'unreachable' });
    await expect(target.sendUnusual({ method: 'GET', key: 'k' }, {})).rejects.toMatchObject({ kind: 'unreachable' });
    expect(target.log.exchanges.every((e) => e.error && !e.response)).toBe(true);
  });

  test('a server that never answers is a "timeout"', async () => {
    const { server, port } = await listen(() => undefined);
    const target = targetAt(port, 300);
    const error = await target.send({ method: 'GET', key: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).kind).toBe('timeout');
    await expect(target.sendUnusual({ method: 'GET', key: 'k' }, {})).rejects.toMatchObject({ kind: 'timeout' });
    await target.close();
    server.close();
  });

  test('the timeout bounds silence, not the exchange: an answer that keeps coming, slower than the timeout in all, is read whole', async () => {
    // The body comes a byte every 100 ms, 1.5 s in all, under a timeout of 1 s: slow, never silent that long.
    const { server, port } = await listen((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n');
        let sent = 0;
        const drip = setInterval(() => {
          socket.write('x');
          if (++sent === 15) clearInterval(drip);
        }, 100);
        socket.on('close', () => clearInterval(drip));
      }),
    );
    const target = targetAt(port, 1000);
    expect((await target.send({ method: 'GET', key: 'k' })).body.toString()).toBe('x'.repeat(15));
    expect((await target.sendUnusual({ method: 'GET', key: 'k' }, {})).body.toString()).toBe('x'.repeat(15));
    await target.close();
    server.close();
  });

  test('a server that closes the connection without answering is "connection-lost"', async () => {
    const { server, port } = await listen((socket) => socket.once('data', () => socket.destroy()));
    const target = targetAt(port);
    await expect(target.sendUnusual({ method: 'GET', key: 'k' }, {})).rejects.toMatchObject({ kind: 'connection-lost' });
    const error = (await target.send({ method: 'POST', key: 'k' }).catch((e: unknown) => e)) as TargetError;
    expect(error.kind).toBe('connection-lost');
    await target.close();
    server.close();
  });

  test('the byte budget refuses a request that would exceed it, before sending', async () => {
    const target = new Target({ ...configFromEnvironment({ COS_MAX_BYTES: '1000' }), endpoint: new URL('http://127.0.0.1:9') });
    await expect(target.send({ method: 'PUT', key: 'k', body: { seed: 1, length: 1001 } })).rejects.toMatchObject({
      name: 'BudgetExceededError',
    });
    expect(target.log.requests).toBe(0);
  });
});
