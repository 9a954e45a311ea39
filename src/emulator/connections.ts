import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Server as TlsServer } from 'node:tls';
import { renderErrorDocument } from '../protocol/documents.js';
import { ERROR, HEADER_SECTION_TOO_LARGE } from '../protocol/error-codes.js';
import { type EmulatorError, refuse } from './errors.js';

/**
 * The emulator's connections: which are open, which have requests in flight, how bytes that are not HTTP are
 * answered, and how the whole set is stopped. Answers on one connection keep the order of its requests, so a
 * parse error in bytes that follow a good request is answered after that request's own answer, never before it
 * (a client told 400 while its part was stored would think it lost).
 */
export class Connections {
  private readonly sockets = new Set<Socket>();
  /** Per socket: the requests whose handling has not settled (body, answer and cleanup). */
  private readonly inFlight = new Map<Socket, Set<InFlight>>();
  private readonly refusing = new WeakSet<Socket>();
  private stopping = false;

  constructor(
    private readonly server: Server,
    private readonly newRequestId: () => string,
  ) {
    // Over HTTPS a request's socket is the TLS socket, not the TCP one 'connection' reports.
    server.on(server instanceof TlsServer ? 'secureConnection' : 'connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.refuseUnparseable(error, socket));
    // Node hands CONNECT to this event and, with no listener, closes without a word; COS has no such method.
    server.on('connect', (_req: IncomingMessage, socket: Socket) => {
      socket.end(this.rawAnswer(refuse(ERROR.MethodNotAllowed), 'Method Not Allowed'));
    });
  }

  /** True once stop() has begun: answers then say `Connection: close`. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** Counts the handling of one request as in flight on its connection until it settles. */
  track(req: IncomingMessage, res: ServerResponse, handling: Promise<void>): void {
    const socket = req.socket;
    const pending = this.inFlight.get(socket) ?? new Set<InFlight>();
    this.inFlight.set(socket, pending);
    const entry: InFlight = { req, res, settled: handling.catch(() => undefined) };
    pending.add(entry);
    void entry.settled.then(() => {
      pending.delete(entry);
      if (pending.size === 0) this.inFlight.delete(socket);
    });
  }

  /** Marks an answer of a stopping emulator as the connection's last. */
  lastAnswerIfStopping(res: ServerResponse): void {
    if (this.stopping && !res.headersSent) res.setHeader('Connection', 'close');
  }

  /**
   * Stops accepting connections and closes idle ones at once; requests in flight get `graceMs` to finish, then
   * their connections are destroyed. Resolves once every request's handling has settled (a body cut off is
   * unlinked by then), or after a last bound if something does not.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    for (const socket of this.sockets) if (!this.inFlight.has(socket)) socket.destroy();
    const everything = () => Promise.all([...this.inFlight.values()].flatMap((pending) => [...pending].map((entry) => entry.settled)));
    if (graceMs > 0) await withinBound(everything(), graceMs);
    for (const socket of this.sockets) socket.destroy();
    await withinBound(everything(), SETTLE_BOUND_MS);
    await withinBound(closed, SETTLE_BOUND_MS);
  }

  // Garbage on the wire (absurd header sizes, a broken request line, leftovers after a body): a clear XML error,
  // then close. Bytes after complete requests are answered after the answers owed to those; a request whose own
  // body broke (a bad chunk size) is answered at once, and its handler, seeing the connection gone, gives up.
  private refuseUnparseable(error: NodeJS.ErrnoException, socket: Socket): void {
    if (this.refusing.has(socket)) return;
    this.refusing.add(socket);
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const answer = tooLarge
      ? this.rawAnswer(refuse(HEADER_SECTION_TOO_LARGE), 'Request Header Fields Too Large')
      : this.rawAnswer(refuse(ERROR.InvalidRequest, 'The request could not be parsed as HTTP/1.1.'), 'Bad Request');
    const owed = [...(this.inFlight.get(socket) ?? [])];
    const answerAndClose = () => {
      if (socket.writable && !owed.some((entry) => entry.res.headersSent && !entry.res.writableFinished)) socket.write(answer);
      socket.destroySoon();
    };
    if (owed.some((entry) => !entry.req.complete)) answerAndClose();
    else void Promise.all(owed.map((entry) => entry.settled)).then(answerAndClose);
  }

  /** A whole answer written straight to the socket, for requests Node never turns into a request event. */
  private rawAnswer(failure: EmulatorError, reason: string): string {
    const body = renderErrorDocument(failure.row, failure.message, '', this.newRequestId(), this.newRequestId());
    return `HTTP/1.1 ${failure.status} ${reason}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  }
}

interface InFlight {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly settled: Promise<void>;
}

/** How long stop() waits, after destroying connections, for handlers to notice and clean up. */
const SETTLE_BOUND_MS = 5_000;

async function withinBound(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
