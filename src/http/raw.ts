import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net';
import { type ConnectionOptions, type SecureContext, connect as tlsConnect } from 'node:tls';
import { type BodySpec, bodyChunks } from '../protocol/body.js';
import { classifyNetworkError, TargetError } from './errors.js';
import { IdleDeadline } from './idle-deadline.js';

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
  /** Given up when nothing came or went for this long (see IdleDeadline). */
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
    // Input is taken through `onread` rather than 'data' events: after a failed write the socket's readable side is
    // marked errored and drops what it is given, while `onread` still hands over the answer (see holdWriteFailure).
    // (tls.connect takes `onread` as net.connect does, nodejs/node#35753, though its declared options omit it.)
    const onread: OnReadOpts = {
      buffer: Buffer.allocUnsafe(64 * 1024),
      callback: (length, buffer) => {
        onInput(Buffer.from(buffer.subarray(0, length)));
        return true;
      },
    };
    const socket: Socket =
      request.origin.protocol === 'https:'
        ? tlsConnect({
            host,
            port,
            onread,
            servername: /^[\d.:]+$/.test(host) ? undefined : host,
            ...(request.secureContext ? { secureContext: request.secureContext } : {}),
          } as ConnectionOptions)
        : netConnect({ host, port, onread });
    holdWriteFailure(socket);
    const parser = new ResponseParser(request.method === 'HEAD');
    const sendBody = request.sendBody ?? 'immediately';
    let bodyBytesSent = 0;
    let bodyStarted = false;
    let settled = false;
    const deadline = new IdleDeadline(request.timeoutMs, () =>
      fail(new TargetError('timeout', `no answer within ${request.timeoutMs} ms (nothing came or went for that long)`)),
    );

    function finish(response: RawResponse | undefined, error?: Error) {
      if (settled) return;
      settled = true;
      deadline.stop();
      socket.destroy();
      if (error) reject(error);
      else resolve(response!);
    }
    const fail = (error: Error) => finish(undefined, error);
    const answerWith = (parsed: Parsed) => finish({ ...parsed, bodyBytesSent });
    /** A final answer has begun: the server decided, and the rest of the body is not wanted (RFC 9112 §9.3). */
    const answered = () => settled || parser.hasFinalHead;

    async function writeBody() {
      if (bodyStarted || !request.body || answered()) return;
      bodyStarted = true;
      const limit = request.truncateAt ?? Number.POSITIVE_INFINITY;
      const chunks: Iterable<Buffer> = Buffer.isBuffer(request.body) ? [request.body] : bodyChunks(request.body);
      for (const whole of chunks) {
        if (answered()) return;
        const chunk = whole.subarray(0, Math.max(0, limit - bodyBytesSent));
        if (chunk.length === 0) break;
        const framed =
          request.framing === 'chunked'
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])
            : chunk;
        bodyBytesSent += chunk.length;
        if (!socket.write(framed)) await new Promise((r) => socket.once('drain', r).once('close', r));
        deadline.progress();
        // An answer that came while this chunk went is read before the next one is written.
        await afterPendingInput();
      }
      if (answered()) return;
      if (request.truncateAt !== undefined) socket.end();
      else if (request.framing === 'chunked') socket.write('0\r\n\r\n');
    }
    const startBody = () => void writeBody().catch(fail);

    /** After `ms`, and after the input that arrived meanwhile has been read (see afterPendingInput), run `then`. */
    function wait(ms: number, then: () => void) {
      setTimeout(() => void afterPendingInput().then(() => settled || then()), ms).unref();
    }

    socket.once(request.origin.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      const head = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
      // Field values are octets; a server reads them as latin1, so they are written as latin1 (header-fields.ts).
      socket.write(head, 'latin1');
      if (sendBody === 'immediately') wait(request.body ? (request.earlyAnswerMs ?? 200) : 0, startBody);
      if (sendBody === 'after-continue') wait(request.continueTimeoutMs ?? 1000, startBody);
    });

    function onInput(data: Buffer) {
      if (settled) return;
      deadline.progress();
      let events: ReturnType<ResponseParser['push']>;
      try {
        events = parser.push(data);
      } catch (error) {
        fail(new TargetError('protocol', `unparseable response: ${(error as Error).message}`));
        return;
      }
      // A final answer in the same bytes as a 100 is the answer: the 100 is kept among the informational ones, and
      // no body goes (a server that writes "100 Continue" and its refusal in one packet refused).
      if (events.done) return answerWith(events.done);
      if (!events.informational.includes(100)) return;
      if (sendBody === 'after-continue') startBody();
      // The server asked for a body the caller will not send. A refusal may still follow the 100 (written apart
      // from it): it is given as long as the body would have been waited for, and only then is the 100 the answer.
      if (sendBody === 'never') {
        wait(request.continueTimeoutMs ?? 1000, () =>
          finish({ status: 100, informational: parser.informationalSoFar, headers: {}, body: Buffer.alloc(0), bodyBytesSent }),
        );
      }
    }
    socket.on('end', () => {
      const done = parser.end();
      if (done) answerWith(done);
      else fail(new TargetError('connection-lost', 'the connection was closed before a complete answer'));
    });
    socket.on('error', (error) => {
      // An answer that arrived before a write failed is the answer (a server that refused and closed early).
      const done = parser.end();
      if (done) answerWith(done);
      else fail(classifyNetworkError(error, `${request.method} ${request.target}`));
    });
  });
}

/**
 * Resolves once the event loop has polled for input. A timer that came due while the loop was stalled (a busy
 * machine, a long synchronous task) runs before the input that arrived meanwhile is read; writing the body from it
 * would send bytes into a connection the server has already answered and closed, and fail with EPIPE.
 * setImmediate callbacks run after the poll phase, so whatever the server sent before now has been read.
 */
function afterPendingInput(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const WRITE_FAILURES = new Set(['EPIPE', 'ECONNRESET']);

/**
 * A write that fails because the server closed the connection (EPIPE, ECONNRESET) makes Node destroy the socket at
 * once, closing it with the server's answer unread in the receive buffer: a refusal sent before the close would be
 * lost for a "connection closed". The destroy is held for one turn of the event loop, in which the poll phase
 * reads what is buffered (every byte the server sent came before its reset) and hands it to `onread`. A read
 * error on the way destroys the socket at once; otherwise the held destroy goes ahead with the write's error, and
 * the 'error' handler finds the answer in the parser.
 */
function holdWriteFailure(socket: Socket): void {
  const destroy = socket.destroy.bind(socket);
  let held = false;
  socket.destroy = (error?: Error) => {
    const failure = error as NodeJS.ErrnoException | undefined;
    if (failure?.syscall !== 'write' || !WRITE_FAILURES.has(failure.code ?? '')) return destroy(error);
    if (!held) {
      held = true;
      // Two hops: a callback queued from within the check phase runs after the next poll phase.
      setImmediate(() => setImmediate(() => destroy(error)));
    }
    return socket;
  };
}

type Parsed = Omit<RawResponse, 'bodyBytesSent'>;

/** Parses one response, skipping (and recording) 1xx answers; body by Content-Length, chunked, or until close. */
class ResponseParser {
  private buffer = Buffer.alloc(0);
  private readonly informational: number[] = [];
  private head?: { status: number; headers: Record<string, string> };

  constructor(private readonly isHead: boolean) {}

  /** The status line and headers of a final (non-1xx) answer have arrived. */
  get hasFinalHead(): boolean {
    return this.head !== undefined;
  }

  get informationalSoFar(): number[] {
    return [...this.informational];
  }

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
    const body =
      this.completeBody() ??
      (this.head.headers['content-length'] === undefined && !this.head.headers['transfer-encoding'] ? this.buffer : undefined);
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
