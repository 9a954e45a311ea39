import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RunningEmulator } from '../../src/emulator/server.js';

export interface FakeTarget {
  readonly url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port; `close` destroys the connections it kept and stops listening. */
export async function listen(server: Server, sockets: Set<Socket> = new Set()): Promise<FakeTarget> {
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function errorXml(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>fake-request</RequestId></Error>`;
}

/** A server that answers every request with the same error, after reading its body. */
export function answeringEverything(status: number, code: string): Promise<FakeTarget> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(status, { 'content-type': 'application/xml', 'x-cos-request-id': 'fake-request' }).end(errorXml(code)),
    );
  });
  return listen(server, sockets);
}

export type ProxyAction = 'forward' | 'hang' | 'die' | { readonly status: number; readonly code: string };

/**
 * The emulator behind a proxy that forwards requests, or answers some with an error, never answers them, or dies.
 * (It re-frames a request without Content-Length as chunked, so UP-12 cannot be judged through it.)
 */
export function proxyTo(emulator: RunningEmulator, decide: (req: IncomingMessage, count: number) => ProxyAction): Promise<FakeTarget> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const action = decide(req, ++count);
    if (action === 'hang') return;
    if (action === 'die') {
      server.close();
      for (const s of sockets) s.destroy();
      return;
    }
    if (action !== 'forward') {
      req.resume();
      req.on('end', () => res.writeHead(action.status, { 'content-type': 'application/xml' }).end(errorXml(action.code)));
      return;
    }
    const upstream = request(emulator.endpoint, { method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return listen(server, sockets);
}

/**
 * A plain web server, as an endpoint typed by mistake would be: a directory listing at the root, an HTML 404 for
 * every other path, 405 for methods other than GET and HEAD; no request id, no XML.
 */
export function plainWebServer(): Promise<FakeTarget> {
  const sockets = new Set<Socket>();
  const page = (title: string) => `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const headers = { 'content-type': 'text/html; charset=utf-8', server: 'plain-web/1.0' };
      if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, headers).end(page('405 Method Not Allowed'));
      if (new URL(req.url ?? '/', 'http://x').pathname === '/') return res.writeHead(200, headers).end(page('Index of /'));
      res.writeHead(404, headers).end(page('404 Not Found'));
    });
  });
  return listen(server, sockets);
}

/** A server answering every request with one fixed answer: its status, headers and body. */
export function answeringWith(status: number, headers: Record<string, string>, body: string): Promise<FakeTarget> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, headers).end(body));
  });
  return listen(server, sockets);
}
