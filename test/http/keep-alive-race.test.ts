import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { configFromEnvironment } from '../../src/config/index.js';
import { type HttpResponse, Target } from '../../src/http/client.js';
import { describeBody } from '../../src/protocol/body.js';
import { exchangeText } from '../../src/reports/evidence-text.js';

// The keep-alive race: a server closes a connection it kept idle just as the client sends its next request on
// it, and the request gets no answer. Staged here by a server that closes, unanswered, the requests it is told to
// (by their place on their connection, or overall), and answers the others with the MD5 of the body it read.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

interface Seen {
  readonly connection: number;
  readonly onConnection: number;
  readonly overall: number;
  readonly method: string;
}

async function closingServer(closeUnanswered: (request: Seen) => boolean): Promise<{ target: Target; seen: Seen[] }> {
  const seen: Seen[] = [];
  const served = new WeakMap<Socket, { connection: number; requests: number }>();
  let connections = 0;
  server = createServer({ keepAliveTimeout: 60_000 }, (req: IncomingMessage, res: ServerResponse) => {
    const state = served.get(req.socket) ?? { connection: ++connections, requests: 0 };
    served.set(req.socket, state);
    const request = { connection: state.connection, onConnection: ++state.requests, overall: seen.length + 1, method: req.method ?? '' };
    seen.push(request);
    if (closeUnanswered(request)) {
      req.socket.destroy();
      return;
    }
    const md5 = createHash('md5');
    req.on('data', (chunk: Buffer) => md5.update(chunk));
    req.on('end', () => res.end(md5.digest('hex')));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server!.address() as { port: number }).port;
  const config = { ...configFromEnvironment({ COS_REQUEST_TIMEOUT_MS: '5000' }), endpoint: new URL(`http://127.0.0.1:${port}`) };
  return { target: new Target(config), seen };
}

/** Closes the first request that comes on a kept-alive connection, and then those `andThen` names. */
function firstOnReusedConnection(andThen: (request: Seen) => boolean = () => false) {
  let closed = false;
  return (request: Seen) => {
    if (closed) return andThen(request);
    closed = request.onConnection > 1;
    return closed;
  };
}

/**
 * Sends until a request has met a kept-alive connection (undici's pool spreads sequential requests over its
 * connections, so the second request may well go on a new one): what `send` did with that one is returned.
 */
async function untilReused(seen: Seen[], send: () => Promise<unknown>): Promise<unknown> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const outcome = await send().catch((error: unknown) => error);
    if (seen.some((r) => r.onConnection > 1)) return outcome;
  }
  throw new Error('no request went on a kept-alive connection');
}

describe('a request the keep-alive race closed unanswered', () => {
  test('GET on a kept-alive connection: sent again on a new one, both attempts in the log', async () => {
    const { target, seen } = await closingServer(firstOnReusedConnection());
    const response = (await untilReused(seen, () => target.send({ method: 'GET', key: 'k' }))) as HttpResponse;
    expect(response.status).toBe(200);
    const reused = seen.findIndex((r) => r.onConnection > 1);
    // The request after the one closed is the same one again, on a connection of its own.
    expect(seen[reused + 1]).toMatchObject({ onConnection: 1, method: 'GET' });
    expect(seen).toHaveLength(reused + 2);
    const closed = target.log.exchanges.at(-2)!;
    expect(closed.error).toMatch(
      /closed before an answer.*kept-alive connection before any byte of an answer: sent again on a new connection/,
    );
    expect(closed.response).toBeUndefined();
    expect(response.exchange).toBe(target.log.exchanges.at(-1));
    expect(response.exchange.resentAfter).toBe(closed.id);
    // Every text report (console, JUnit, Markdown, HTML) renders an exchange this way: the resend is named.
    expect(exchangeText(response.exchange).split('\n')[0]).toBe(
      `! sent again: exchange ${closed.id}, on a kept-alive connection, was closed before any answer`,
    );
    await target.close();
  });

  test('PUT of a generated part: sent again whole, and the digest of what was sent is that of the second sending', async () => {
    const { target, seen } = await closingServer(firstOnReusedConnection());
    const body = { seed: 9, length: 300_000 };
    const response = (await untilReused(seen, () => target.send({ method: 'PUT', key: 'part', body }))) as HttpResponse;
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(describeBody(body).md5Hex);
    expect(response.sentDigest?.md5Hex).toBe(describeBody(body).md5Hex);
    expect(response.exchange.resentAfter).toBeDefined();
    await target.close();
  });

  test('POST is not sent again: sending it twice would be two calls (an Initiate, a Complete)', async () => {
    const { target, seen } = await closingServer(firstOnReusedConnection());
    const outcome = await untilReused(seen, () => target.send({ method: 'POST', key: 'k', body: '<CompleteMultipartUpload/>' }));
    expect(outcome).toMatchObject({ name: 'TargetError', kind: 'connection-lost' });
    expect(seen.at(-1)!.onConnection).toBeGreaterThan(1);
    expect(target.log.exchanges.at(-1)!.error).not.toMatch(/sent again/);
    await target.close();
  });

  test('DELETE is not sent again: an Abort the server applied before closing would be answered 404 the second time', async () => {
    const { target, seen } = await closingServer(firstOnReusedConnection());
    const outcome = await untilReused(seen, () => target.send({ method: 'DELETE', key: 'k', query: [['uploadId', 'u']] }));
    expect(outcome).toMatchObject({ name: 'TargetError', kind: 'connection-lost' });
    expect(seen.at(-1)!.onConnection).toBeGreaterThan(1);
    await target.close();
  });

  test('a connection opened for the request and closed unanswered is the server: reported, not sent again', async () => {
    const { target, seen } = await closingServer(() => true);
    await expect(target.send({ method: 'GET', key: 'k' })).rejects.toMatchObject({ kind: 'connection-lost' });
    expect(seen).toHaveLength(1);
    expect(target.log.exchanges).toHaveLength(1);
    await target.close();
  });

  test('sent again and closed again: reported, after exactly two attempts', async () => {
    const { target, seen } = await closingServer(firstOnReusedConnection(() => true));
    const outcome = await untilReused(seen, () => target.send({ method: 'GET', key: 'k' }));
    expect(outcome).toMatchObject({ name: 'TargetError', kind: 'connection-lost' });
    const reused = seen.findIndex((r) => r.onConnection > 1);
    expect(seen).toHaveLength(reused + 2);
    const [closed, closedAgain] = target.log.exchanges.slice(-2);
    expect(closedAgain!.resentAfter).toBe(closed!.id);
    expect(closedAgain!.error).toMatch(/closed before an answer/);
    expect(closedAgain!.error).not.toMatch(/sent again/);
    await target.close();
  });
});
