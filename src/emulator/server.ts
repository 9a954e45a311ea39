import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BucketType, Credentials, Profile } from '../config/index.js';
import { dialectFor } from '../protocol/dialect.js';
import { renderErrorDocument } from '../protocol/documents.js';
import { ERROR } from '../protocol/error-codes.js';
import type { EmulatorCredentials } from './auth.js';
import { verifyRequest } from './auth.js';
import * as buckets from './bucket-handlers.js';
import { Connections } from './connections.js';
import type { Call, EmulatorContext, Reply } from './context.js';
import type { DeviationName } from './deviations.js';
import { EmulatorError, refuse } from './errors.js';
import { FaultInjector, type FaultPlan } from './faults.js';
import * as multipart from './multipart-handlers.js';
import * as objects from './object-handlers.js';
import { objectBytes } from './range.js';
import { hasQuery, type ParsedRequest, parseRequest } from './request.js';
import { Store } from './store.js';
import { uploadPart } from './upload-part.js';

export interface EmulatorOptions {
  readonly bucket: string;
  readonly region?: string;
  readonly profile?: Profile;
  /** The COS bucket variant it serves (default standard): high-performance (cosrapid) buckets complete by doc 436/139736. */
  readonly bucketType?: BucketType;
  /** Key sets it accepts; an `expired` set (temporary keys past their validity) is refused with ExpiredToken. */
  readonly credentials: readonly EmulatorCredentials[];
  readonly host?: string;
  readonly port?: number;
  /** Where bodies are kept; a fresh temporary directory (removed on close) when not given. */
  readonly dataDir?: string;
  /** Bytes of small bodies it may hold in memory instead of files (src/emulator/store.ts); none when not given. */
  readonly memoryBytes?: number;
  readonly skewSeconds?: number;
  /** Fixed clock for tests of the signature window. */
  readonly now?: () => number;
  /** Rules to break on purpose (src/emulator/deviations.ts), for proving the suite catches wrong servers. */
  readonly deviations?: ReadonlySet<DeviationName>;
  /** Serve HTTPS with this certificate (src/emulator/tls.ts) instead of plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /**
   * A connection silent this long is closed (default 2 minutes), so a client that went away without a word (a
   * cable pulled, a process frozen mid-body) does not hold a body file and a handler for ever.
   */
  readonly idleTimeoutMs?: number;
  /** Told of every request: for tests that check what a client sent, and the client mode that grades it. */
  readonly observe?: (event: ObservedRequest) => void;
  /** Fault scenarios (src/emulator/faults.ts): none unless given. */
  readonly faults?: FaultPlan;
}

export interface ObservedRequest {
  readonly method: string;
  readonly key: string | undefined;
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  /** The request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The status answered; 0 when the connection closed before an answer (the client went away, or a reset fault). */
  readonly status: number;
  readonly code: string | undefined;
  /** The answer's own headers (ETag, x-cos-hash-crc64ecma, ...), not the common ones, and its body when small (XML). */
  readonly answer?: Readonly<Record<string, string>>;
  readonly answerBody?: string;
  /** A small body read whole (Complete's XML), and the digest of a part's body as it arrived. */
  readonly body?: string;
  readonly received?: { readonly length: number; readonly md5Hex: string; readonly md5Base64: string; readonly crc64: string };
  /** A part's x-amz-checksum-* as sent and as computed over the bytes received; the SHA-256 of a part that declared a hex one. */
  readonly checksum?: { readonly header: string; readonly sent: string | undefined; readonly computed: string };
  readonly payloadSha256?: string;
  /** The fault that changed the answer, in its flag form (`slowdown-on-part=2`). */
  readonly fault?: string;
  /** When the request arrived and when it was answered (or found closed), in ms since the epoch. */
  readonly startedAt?: number;
  readonly answeredAt?: number;
}

export interface RunningEmulator {
  readonly endpoint: URL;
  readonly store: Store;
  readonly options: EmulatorOptions;
  /**
   * Stops accepting, closes idle connections, gives requests in flight `graceMs` (default 0) to finish, closes
   * the rest, waits for their cleanup, and removes the data directory if it created it.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/** Requests whose unread body is at most this long are drained before an error reply, so the connection lives. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

const CLIENT_GONE = new Set(['ABORTED', 'ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Methods whose handlers never read a body: an Abort, a listing, a read. */
const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE']);

/**
 * A request is acted on only once it has arrived whole. A GET, HEAD or DELETE that declares a (small) body is
 * acted on after that body has been read and dropped: when the client stops short of the length it declared, the
 * connection is closed and nothing is done (an Abort carried out behind an answer of 400 misleads the client).
 * Other requests read their bodies themselves.
 */
async function declaredBodyArrived(
  req: IncomingMessage,
  expectsContinue: boolean,
  declaredLength: number | undefined,
  chunked: boolean,
): Promise<boolean> {
  const bodyDeclared = chunked || (declaredLength ?? 0) > 0;
  if (!bodyDeclared || expectsContinue || !BODILESS_METHODS.has(req.method ?? '') || req.readableEnded) return true;
  if (!chunked && (declaredLength ?? 0) >= DRAIN_LIMIT) return true;
  req.resume();
  await new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
  });
  // Nothing more will be said on a connection whose request stopped short.
  if (!req.complete) req.socket.destroy();
  return req.complete;
}

function requestId(): string {
  return Buffer.from(`${Date.now().toString(16)}_${randomBytes(6).toString('hex')}`).toString('base64');
}

function route(ctx: EmulatorContext, call: Call): Reply | Promise<Reply> {
  const { method, key, query } = call.request;
  if (key === undefined) {
    if (method === 'GET' && hasQuery(query, 'uploads')) return multipart.listUploads(ctx, call);
    if (method === 'GET') return objects.listObjects(ctx, call);
    if (method === 'HEAD') return { status: 200 };
    if (method === 'PUT') return buckets.createBucket(call);
    throw refuse(ERROR.MethodNotAllowed);
  }
  const multipartCall = hasQuery(query, 'uploadId');
  switch (method) {
    case 'POST':
      if (hasQuery(query, 'uploads')) return multipart.initiate(ctx, call);
      if (multipartCall) return multipart.complete(ctx, call);
      throw refuse(ERROR.MethodNotAllowed);
    case 'PUT':
      if (multipartCall || hasQuery(query, 'partNumber')) return uploadPart(ctx, call);
      return objects.putObject(ctx, call);
    case 'GET':
      return multipartCall ? multipart.listParts(ctx, call) : objects.getObject(ctx, call, true);
    case 'HEAD':
      return objects.getObject(ctx, call, false);
    case 'DELETE':
      return multipartCall ? multipart.abort(ctx, call) : objects.deleteObject(ctx, call);
    default:
      throw refuse(ERROR.MethodNotAllowed);
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const profile = options.profile ?? 'cos';
  const dialect = dialectFor(profile);
  const ownsDataDir = options.dataDir === undefined;
  const store = new Store(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cos-emulator-'))), options.memoryBytes);
  await store.init();
  const deviations = options.deviations ?? new Set<DeviationName>();
  const faults =
    options.faults && (options.faults.faults.length > 0 || options.faults.byKey) ? new FaultInjector(options.faults) : undefined;
  const ctx: EmulatorContext = {
    store,
    bucket: options.bucket,
    region: options.region ?? 'ap-guangzhou',
    dialect,
    deviations,
    bucketType: options.bucketType ?? 'standard',
  };
  const authSettings = {
    deviations,
    profile,
    credentials: options.credentials,
    skewSeconds: options.skewSeconds ?? 900,
    ...(options.now ? { now: options.now } : {}),
  };

  // UP-19 the request id on every answer (the trace id on errors, below).
  function commonHeaders(id: string): Record<string, string> {
    if (deviations.has('drop-request-id')) return { Server: profile === 'cos' ? 'tencent-cos' : 'cos-conformance-emulator' };
    return profile === 'cos'
      ? { 'x-cos-request-id': id, Server: 'tencent-cos' }
      : { 'x-amz-request-id': id, 'x-amz-id-2': Buffer.from(id).toString('base64'), Server: 'cos-conformance-emulator' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const id = requestId();
    const startedAt = Date.now();
    // Kept: a request whose body was abandoned half read is detached from its socket.
    const socket = req.socket;
    const lengthHeader = req.headers['content-length'];
    const declaredLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const chunked = /chunked/i.test(req.headers['transfer-encoding'] ?? '');
    let bodyStarted = false;
    let parsed: ParsedRequest | undefined;
    let verified: Credentials | undefined;
    const call: Call = {
      get request() {
        return parsed!;
      },
      req,
      res,
      declaredLength,
      chunked,
      get bodyStarted() {
        return bodyStarted;
      },
      get credentials() {
        return verified;
      },
      seen: {},
      // UP-14 100 Continue only when the body is about to be read.
      startBody() {
        if (bodyStarted) return;
        bodyStarted = true;
        if (expectsContinue && !deviations.has('ignore-expect')) res.writeContinue();
      },
    };
    let reply: Reply;
    try {
      parsed = parseRequest(req, options.bucket);
      verified = verifyRequest(parsed, authSettings);
      if (!(await declaredBodyArrived(req, expectsContinue, declaredLength, chunked))) throw refuse(ERROR.IncompleteBody);
      reply = await (faults ? faults.handle(ctx, call, () => route(ctx, call)) : route(ctx, call));
    } catch (error) {
      const failure = error instanceof EmulatorError ? error : refuse(ERROR.InternalError);
      // A body cut off by the client surfaces as the store's ABORTED, or as the request stream's own error.
      const clientGone = CLIENT_GONE.has((error as { code?: string }).code ?? '');
      if (!(error instanceof EmulatorError) && !clientGone) console.error('emulator: unexpected error', error);
      // UP-21 errors are <Error> documents with Code, Message, Resource, RequestId and TraceId.
      const traceId = Buffer.from(randomBytes(24)).toString('base64');
      const body = renderErrorDocument(
        failure.row,
        failure.message,
        `${req.headers.host ?? ''}${(req.url ?? '').split('?')[0]}`,
        id,
        traceId,
      );
      reply = {
        status: failure.status,
        headers: {
          'Content-Type': deviations.has('plain-text-errors') ? 'text/plain' : 'application/xml',
          ...(deviations.has('drop-trace-id')
            ? {}
            : { [dialect.traceIdHeader]: profile === 'cos' ? traceId : Buffer.from(id).toString('base64') }),
        },
        body: deviations.has('plain-text-errors') ? `${failure.code}: ${failure.message}\n` : body,
      };
    }
    const observe = (status: number, answer?: Reply) =>
      options.observe?.({
        method: parsed?.method ?? req.method ?? '',
        key: parsed?.key,
        query: parsed?.query ?? [],
        headers: parsed?.headers ?? {},
        status,
        code: answer && /<Code>([^<]*)<\/Code>/.exec(answer.body ?? '')?.[1],
        ...(answer?.headers ? { answer: answer.headers } : {}),
        ...(answer?.body && answer.body.length <= 8192 ? { answerBody: answer.body } : {}),
        ...call.seen,
        startedAt,
        answeredAt: Date.now(),
      });
    // req.destroyed is true once a body has been read (autoDestroy); only a dead socket means nobody listens.
    if (res.destroyed || socket.destroyed) {
      observe(0);
      return;
    }
    const bodyPending = !req.readableEnded && (chunked || (declaredLength ?? 0) > 0);
    if (bodyPending) {
      // An answer decided before the body was read: with 100-continue no body comes, so close after answering;
      // a small body is read and dropped so the connection stays usable; a large one is not read at all.
      if (!bodyStarted && !expectsContinue && (declaredLength ?? DRAIN_LIMIT) < DRAIN_LIMIT) {
        req.resume();
        await new Promise((resolve) => {
          req.once('end', resolve);
          req.once('close', resolve);
        });
      } else {
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.socket?.destroySoon?.());
      }
    }
    observe(reply.status, reply);
    await send(res, reply, commonHeaders(id));
  }

  async function send(res: ServerResponse, reply: Reply, common: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries({ ...common, ...(reply.headers ?? {}) })) res.setHeader(name, value);
    connections.lastAnswerIfStopping(res);
    res.statusCode = reply.status;
    if (reply.files) {
      res.setHeader('Content-Length', String(reply.length ?? 0));
      try {
        // One pipeline for all segments: one per segment with end:false left its listeners on the response
        // (3 per segment: a warning from 4 parts up, 30,000 for a 10,000-part object).
        await pipeline(Readable.from(objectBytes(reply.files, reply.range)), res);
      } catch {
        res.destroy();
      } finally {
        await Promise.all(reply.files.map((h) => h.close().catch(() => undefined)));
      }
      return;
    }
    if (reply.writeBody) {
      await reply.writeBody(res);
      return;
    }
    const body = reply.body ?? '';
    if (!res.hasHeader('Content-Length')) res.setHeader('Content-Length', String(Buffer.byteLength(body)));
    res.end(body);
  }

  // No overall request timeout (a 5 GiB part takes its time), but a silent connection is closed: with no
  // 'timeout' listener Node destroys a socket idle for that long.
  // No keep-alive timeout of its own either (Node's is 5 s): a connection idle between requests is closed by the
  // idle timeout alone. A server that closes an idle connection races the client that reuses it: the request
  // meets the close and ends in "connection closed" with no answer. Clients close idle connections sooner (undici
  // after 4 s), but on a busy machine a client processes an answer, and notices its own idle timer, seconds late:
  // with a 5 s keep-alive the suite saw its requests closed unanswered under load. Minutes of margin end the race.
  const serverOptions = { requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 0 };
  const server: Server = options.tls
    ? createTlsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key })
    : createServer(serverOptions);
  server.setTimeout(options.idleTimeoutMs ?? 120_000);
  const connections = new Connections(server, requestId);
  const serve = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) =>
    connections.track(
      req,
      res,
      handle(req, res, expectsContinue).catch(() => void res.destroy()),
    );
  server.on('request', (req, res) => serve(req, res, false));
  server.on('checkContinue', (req, res) => serve(req, res, true));
  server.on('checkExpectation', (_req, res) => {
    res.statusCode = 417;
    res.setHeader('Connection', 'close');
    res.end();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    endpoint: new URL(`${options.tls ? 'https' : 'http'}://${host}:${address.port}`),
    store,
    options,
    close(closeOptions = {}) {
      closing ??= (async () => {
        await connections.stop(closeOptions.graceMs ?? 0);
        await store.settled();
        if (ownsDataDir) await store.destroy();
      })();
      return closing;
    },
  };
}
