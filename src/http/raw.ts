import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext } from 'node:tls';
import { bodyChunks, type BodySpec } from '../protocol/body.js';
import { classifyNetworkError, TargetError } from './errors.js';

/**
 * A minimal HTTP/1.1 client over a socket of its own, for requests that ordinary clients refuse to send: no
 * Content-Length and no Transfer-Encoding, `Expect: 100-continue` with the body held back, a body cut short. One
 * request per connection; the caller writes every header itself.
 */
export interface RawRequest {
  readonly origin: URL;
  readonly method: string;
  /** Path and query as they go on the request line. */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: Buffer | BodySpec;
  /** How the body is framed on the wire; the caller's headers must say the same (or deliberately not). */
  readonly framing?: 'as-is' | 'chunked';
  /** 'immediately' (default); 'after-continue': only after a 100 Continue; 'never': the headers alone. */
  readonly sendBody?: 'immediately' | 'after-continue' | 'never';
  /** Send only this many body bytes, then half-close the connection. */
  readonly truncateAt?: number;
  readonly timeoutMs: number;
  /** The certificates to trust for an https:// origin, when not the system's alone. */
  readonly secureContext?: SecureContext;
  /** 'after-continue': send the body anyway when no 100 came within this time, as curl does (RFC 9110 §10.1.1). */
  readonly continueTimeoutMs?: number;
  /**
   * 'immediately': how long to wait after the headers for an early refusal before the body goes. A server may answer
   * an unusual request (chunked without a length, say) from its headers and close without reading the body; with
   * the body already in flight the close would reach the client as a write error first, losing the answer.
   */
  readonly earlyAnswerMs?: number;
}

export interface RawResponse {
  readonly status: number;
  readonly informational: number[];
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly bodyBytesSent: number;
}

export function rawRequest(request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const port = Number(request.origin.port || (request.origin.protocol === 'https:' ? 443 : 80));
    const host = request.origin.hostname.replace(/^\[|\]$/g, '');
    const socket: Socket =
      request.origin.protocol === 'https:'
        ? tlsConnect({ host, port, servername: /^[\d.:]+$/.test(host) ? undefined : host, ...(request.secureContext ? { secureContext: request.secureContext } : {}) })
        : netConnect({ host, port });
    const parser = new ResponseParser(request.method === 'HEAD');
    let bodyBytesSent = 0;
    let bodyStarted = false;
    let settled = false;
    const timer = setTimeout(() => fail(new TargetError('timeout', `no answer within ${request.timeoutMs} ms`)), request.timeoutMs);

    function finish(response: RawResponse | undefined, error?: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    }
    const fail = (error: Error) => finish(undefined, error);

    async function writeBody() {
      if (bodyStarted || !request.body) return;
      bodyStarted = true;
      const limit = request.truncateAt ?? Number.POSITIVE_INFINITY;
      const chunks: Iterable<Buffer> = Buffer.isBuffer(request.body) ? [request.body] : bodyChunks(request.body);
      for (const whole of chunks) {
        if (settled) return;
        const chunk = whole.subarray(0, Math.max(0, limit - bodyBytesSent));
        if (chunk.length === 0) break;
        const framed = request.framing === 'chunked' ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
        bodyBytesSent += chunk.length;
        if (!socket.write(framed)) await new Promise((r) => socket.once('drain', r));
      }
      if (settled) return;
      if (request.truncateAt !== undefined) socket.end();
      else if (request.framing === 'chunked') socket.write('0\r\n\r\n');
    }

    socket.once(request.origin.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const head = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
      // Field values are octets; a server reads them as latin1, so they are written as latin1 (header-fields.ts).
      socket.write(head, 'latin1');
      if ((request.sendBody ?? 'immediately') === 'immediately') {
        setTimeout(() => {
          if (!settled) writeBody().catch(fail);
        }, request.body ? (request.earlyAnswerMs ?? 200) : 0).unref();
      }
      if (request.sendBody === 'after-continue') {
        setTimeout(() => {
          if (!settled) writeBody().catch(fail);
        }, request.continueTimeoutMs ?? 1000).unref();
      }
    });
    socket.on('data', (data: Buffer) => {
      try {
        const events = parser.push(data);
        for (const code of events.informational) {
          if (code === 100 && request.sendBody === 'after-continue') writeBody().catch(fail);
          // The server asked for a body the caller will not send: stop here and report the 100 as the answer.
          if (code === 100 && request.sendBody === 'never') {
            finish({ status: 100, informational: [100], headers: {}, body: Buffer.alloc(0), bodyBytesSent });
            return;
          }
        }
        if (events.done) finish({ ...events.done, bodyBytesSent });
      } catch (error) {
        fail(new TargetError('protocol', `unparseable response: ${(error as Error).message}`));
      }
    });
    socket.on('end', () => {
      const done = parser.end();
      if (done) finish({ ...done, bodyBytesSent });
      else fail(new TargetError('connection-lost', 'the connection was closed before a complete answer'));
    });
    socket.on('error', (error) => {
      // An answer that arrived before a write failed is the answer (a server that refused and closed early).
      const answered = parser.end();
      if (answered) finish({ ...answered, bodyBytesSent });
      else fail(classifyNetworkError(error, `${request.method} ${request.target}`));
    });
  });
}

type Parsed = Omit<RawResponse, 'bodyBytesSent'>;

/** Parses one response, skipping (and recording) 1xx answers; body by Content-Length, chunked, or until close. */
class ResponseParser {
  private buffer = Buffer.alloc(0);
  private readonly informational: number[] = [];
  private head?: { status: number; headers: Record<string, string> };

  constructor(private readonly isHead: boolean) {}

  push(data: Buffer): { informational: number[]; done?: Parsed } {
    this.buffer = Buffer.concat([this.buffer, data]);
    const newInformational: number[] = [];
    for (;;) {
      if (!this.head) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return { informational: newInformational };
        const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
        this.buffer = this.buffer.subarray(end + 4);
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
        if (!match) throw new Error(`bad status line "${lines[0]}"`);
        const status = Number(match[1]);
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
        }
        if (status >= 100 && status < 200) {
          this.informational.push(status);
          newInformational.push(status);
          continue;
        }
        this.head = { status, headers };
      }
      const body = this.completeBody();
      if (body === undefined) return { informational: newInformational };
      return { informational: newInformational, done: { ...this.head, informational: this.informational, body } };
    }
  }

  private completeBody(): Buffer | undefined {
    const { status, headers } = this.head!;
    if (this.isHead || status === 204 || status === 304) return Buffer.alloc(0);
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) return decodeChunked(this.buffer);
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      return this.buffer.length >= length ? this.buffer.subarray(0, length) : undefined;
    }
    return undefined;
  }

  /** At end of stream: a response delimited by the close is complete now. */
  end(): Parsed | undefined {
    if (!this.head) return undefined;
    const body = this.completeBody() ?? (this.head.headers['content-length'] === undefined && !this.head.headers['transfer-encoding'] ? this.buffer : undefined);
    return body === undefined ? undefined : { ...this.head, informational: this.informational, body };
  }
}

function decodeChunked(buffer: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(buffer.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    if (size === 0) return buffer.indexOf('\r\n\r\n', lineEnd) >= 0 || buffer.length >= lineEnd + 4 ? Buffer.concat(parts) : undefined;
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
