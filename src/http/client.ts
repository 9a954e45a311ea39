import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import { Client, type Dispatcher, Pool } from 'undici';
import type { Config } from '../config/index.js';
import { type BodySpec, describeBody } from '../protocol/body.js';
import { type BodyDigest, DigestAccumulator } from '../protocol/digest.js';
import { formatQuery, resolveLocation } from './addressing.js';
import { hashedBody } from './body-stream.js';
import { type ByteBudget, LocalBudget } from './budget.js';
import { failedUnansweredOnReusedConnection } from './connection-reuse.js';
import { classifyNetworkError, TargetError } from './errors.js';
import { type Exchange, ExchangeLog, RESPONSE_BODY_CAP, Redactor, recordedBody } from './exchange.js';
import type { TargetHealth } from './health.js';
import { IdleDeadline } from './idle-deadline.js';
import { type RawRequest, rawRequest } from './raw.js';
import { type AuthOptions, authenticate } from './sign-request.js';

export type RequestBody = Buffer | string | BodySpec;

export interface HttpRequestSpec {
  readonly method: string;
  /** The object key; undefined addresses the bucket itself. */
  readonly key?: string;
  readonly query?: ReadonlyArray<readonly [string, string | undefined]>;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: RequestBody;
  readonly auth?: AuthOptions;
  /** SigV4's x-amz-content-sha256, when the body is framed in a way of its own (aws-chunked). */
  readonly payloadHash?: string;
  /** 'buffer' keeps the body (up to 64 MiB); 'digest' streams it through MD5/CRC-64 and keeps only its start. */
  readonly responseBody?: 'buffer' | 'digest';
}

/** Options that only the raw client honours: what an ordinary client will not send. */
export interface UnusualRequestOptions {
  /** Send no Content-Length header (and no Transfer-Encoding unless `chunked`). */
  readonly omitContentLength?: boolean;
  /** Declare this Content-Length, whatever the body. */
  readonly declaredLength?: number;
  readonly chunked?: boolean;
  /** Send `Expect: 100-continue` and hold the body until the server says 100 ('never': send the headers only). */
  readonly expectContinue?: 'send-after-100' | 'never-send';
  /** Send only this many body bytes, then half-close. */
  readonly truncateAt?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Buffered body, or its first bytes in 'digest' mode. */
  readonly body: Buffer;
  /** In 'digest' mode: the digest of the whole response body. */
  readonly bodyDigest?: BodyDigest;
  /** The digest of the request body as sent, computed while sending. */
  readonly sentDigest?: BodyDigest;
  readonly informational: readonly number[];
  readonly exchange: Exchange;
}

const BUFFER_LIMIT = 64 * 1024 * 1024;

function bodyLength(body: RequestBody | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (Buffer.isBuffer(body)) return body.length;
  return body.length;
}

function isBodySpec(body: RequestBody | undefined): body is BodySpec {
  return body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
}

/** The target under test: one pooled connection set per origin, every exchange recorded and redacted. */
export class Target {
  readonly log: ExchangeLog;
  private readonly pools = new Map<string, Pool>();
  private readonly endpoint: URL;
  private readonly budget: ByteBudget;

  private readonly health: TargetHealth | undefined;
  /** The check a request is sent for, if any: named in the run's account of a target that stopped. */
  private readonly currentCheck: () => string | undefined;

  /**
   * `budget` defaults to an allowance of COS_MAX_BYTES held by this Target alone; `health`, when given, turns a
   * request that got no answer from a target that no longer answers at all into a TargetStoppedError.
   */
  constructor(
    readonly config: Config,
    options: {
      readonly budget?: ByteBudget;
      readonly log?: ExchangeLog;
      readonly health?: TargetHealth;
      readonly currentCheck?: () => string | undefined;
    } = {},
  ) {
    if (!config.endpoint) throw new Error('Target needs an endpoint (the embedded emulator provides one)');
    this.endpoint = config.endpoint;
    this.budget = options.budget ?? new LocalBudget(config.maxBytes);
    this.log = options.log ?? new ExchangeLog(new Redactor(config.credentials, config.expiredCredentials));
    this.health = options.health;
    this.currentCheck = options.currentCheck ?? (() => undefined);
  }

  /** A request that got no answer: the same error, or TargetStoppedError when the target no longer answers at all. */
  private async noAnswer(error: TargetError, request: string): Promise<TargetError> {
    return this.health ? this.health.judge(error, request, this.currentCheck()) : error;
  }

  private pool(origin: URL): Pool {
    let pool = this.pools.get(origin.origin);
    if (!pool) {
      pool = new Pool(origin.origin, { connections: 16, ...this.connectionOptions(origin) });
      this.pools.set(origin.origin, pool);
    }
    return pool;
  }

  private connectionOptions(origin: URL) {
    return {
      headersTimeout: this.config.requestTimeoutMs,
      bodyTimeout: this.config.requestTimeoutMs,
      // Connecting is part of answering (over HTTPS, a handshake the server computes): on a busy machine a
      // handshake waits its turn for seconds, and a bound of its own, shorter than the request's, cut runs short.
      connectTimeout: this.config.requestTimeoutMs,
      connect: {
        ...(this.config.caCertificate ? { secureContext: trustedContext(this.config.caCertificate) } : {}),
        // The certificate answers for the address connected to: with a loopback literal and virtual-host
        // addressing the Host header (bucket.127.0.0.1) is not a name a certificate can carry.
        checkServerIdentity: (_name: string, cert: tls.PeerCertificate) =>
          tls.checkServerIdentity(origin.hostname.replace(/^\[|\]$/g, ''), cert),
      },
    };
  }

  private prepare(spec: HttpRequestSpec, extraHeaders: Array<[string, string]>, payloadHash?: string) {
    const location = resolveLocation(this.endpoint, this.config.addressing, this.config.bucket, spec.key);
    const query = spec.query ?? [];
    const headers: Array<[string, string]> = [
      ['Host', location.host],
      ...extraHeaders,
      ...(spec.headers ?? []).map(([n, v]) => [n, v] as [string, string]),
    ];
    const signed = authenticate(
      this.config,
      {
        method: spec.method,
        wirePath: location.wirePath,
        decodedPath: location.decodedPath,
        query,
        headers,
        ...(payloadHash ? { payloadHash } : {}),
      },
      spec.auth,
    );
    return { location, target: `${location.wirePath}${formatQuery(query)}`, headers: signed };
  }

  private static payloadHash(body: RequestBody | undefined): string | undefined {
    if (body === undefined) return createHash('sha256').update('').digest('hex');
    if (isBodySpec(body)) return undefined;
    return createHash('sha256').update(body).digest('hex');
  }

  /**
   * An ordinary request through the pooled client. One that meets the keep-alive race (see connection-reuse.ts)
   * is sent once more, on a connection of its own, when sending it again cannot change what is judged: GET and
   * HEAD change nothing, and a PUT sent twice leaves what one leaves and is answered alike (RFC 9110 §9.2.2; RFC
   * 9112 §9.3.1 lets a client retry such requests after a premature close, as curl and browsers do after a
   * reused connection fails). POST and DELETE are not: an Initiate or Complete sent twice is two calls, and an
   * Abort the server had applied before closing would be answered 404 the second time. The first attempt stays
   * in the log with its error, and the second names it (`resentAfter`). A connection opened for the request that
   * closes unanswered is the server's doing, and is reported as such.
   */
  async send(spec: HttpRequestSpec): Promise<HttpResponse> {
    this.health?.assertRunning();
    const length = bodyLength(spec.body);
    await this.budget.reserve(length);
    const hasLength = spec.body !== undefined || ['PUT', 'POST'].includes(spec.method);
    const prepared = this.prepare(
      spec,
      hasLength ? [['Content-Length', String(length)]] : [],
      spec.payloadHash ?? Target.payloadHash(spec.body),
    );
    const origin = prepared.location.origin;
    const first = await this.attempt(spec, prepared, length, this.pool(origin));
    if (!('resend' in first)) return first;
    // Its own connection, so that the second attempt cannot meet another connection the server is closing. Its
    // bytes are counted in the log, not reserved again: the budget plans what checks send, and this is one request.
    const own = new Client(origin.origin, this.connectionOptions(origin));
    try {
      const second = await this.attempt(spec, prepared, length, own, first.resend.exchangeId);
      if ('resend' in second) throw second.resend;
      return second;
    } finally {
      await own.destroy().catch(() => undefined);
    }
  }

  private async attempt(
    spec: HttpRequestSpec,
    prepared: ReturnType<Target['prepare']>,
    length: number,
    dispatcher: Dispatcher,
    resentAfter?: number,
  ): Promise<HttpResponse | { resend: TargetError }> {
    const id = this.log.allocateId();
    const started = Date.now();
    const stream = isBodySpec(spec.body) ? hashedBody(spec.body) : undefined;
    const url = `${prepared.location.origin.origin}${prepared.target}`;
    const requestRecord = {
      method: spec.method,
      url,
      headers: Object.fromEntries(prepared.headers),
      bodyBytes: length,
      ...(typeof spec.body === 'string' ? { bodyText: spec.body.slice(0, RESPONSE_BODY_CAP) } : {}),
    };
    const abort = new AbortController();
    const deadline = new IdleDeadline(this.config.requestTimeoutMs, () => abort.abort(silence(this.config.requestTimeoutMs)));
    try {
      const response = await dispatcher.request({
        method: spec.method as 'GET',
        path: prepared.target,
        headers: prepared.headers.flat(),
        // A body of up to 1 MiB goes as one buffer; a streamed one tells the deadline of each chunk it hands on.
        body: stream
          ? Buffer.isBuffer(stream.body)
            ? stream.body
            : Readable.from(progressing(stream.body, deadline), { objectMode: false })
          : (spec.body as Buffer | string | undefined),
        signal: abort.signal,
      });
      deadline.progress();
      const headers = flattenHeaders(response.headers);
      let body: Buffer;
      let bodyDigest: BodyDigest | undefined;
      if (spec.responseBody === 'digest') {
        const accumulator = new DigestAccumulator();
        const head: Buffer[] = [];
        let kept = 0;
        for await (const chunk of progressing(response.body as AsyncIterable<Buffer>, deadline)) {
          accumulator.update(chunk);
          if (kept < RESPONSE_BODY_CAP) {
            head.push(chunk.subarray(0, RESPONSE_BODY_CAP - kept));
            kept += Math.min(chunk.length, RESPONSE_BODY_CAP - kept);
          }
        }
        body = Buffer.concat(head);
        bodyDigest = accumulator.digest();
      } else {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of progressing(response.body as AsyncIterable<Buffer>, deadline)) {
          size += chunk.length;
          if (size > BUFFER_LIMIT) throw new TargetError('protocol', `response body over ${BUFFER_LIMIT} bytes; read it in digest mode`);
          chunks.push(chunk);
        }
        body = Buffer.concat(chunks);
      }
      const exchange = this.log.record({
        id,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        request: requestRecord,
        response: {
          status: response.statusCode,
          headers,
          body: recordedBody(body, bodyDigest?.length ?? body.length),
          bodyTruncated: (bodyDigest?.length ?? body.length) > RESPONSE_BODY_CAP,
        },
        ...(resentAfter !== undefined ? { resentAfter } : {}),
      });
      const sentDigest = stream ? await stream.digest : undefined;
      this.health?.answered(`${spec.method} ${prepared.target}`);
      return {
        status: response.statusCode,
        headers,
        body,
        ...(bodyDigest ? { bodyDigest } : {}),
        ...(sentDigest ? { sentDigest } : {}),
        informational: [],
        exchange,
      };
    } catch (error) {
      if (error instanceof TargetError) throw error;
      const classified = classifyNetworkError(error, `${spec.method} ${prepared.location.wirePath}`);
      const resend =
        resentAfter === undefined &&
        RESENDABLE.has(spec.method) &&
        classified.kind === 'connection-lost' &&
        failedUnansweredOnReusedConnection(error);
      this.log.record({
        id,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        request: requestRecord,
        error: resend
          ? `${classified.message}, on a kept-alive connection before any byte of an answer: sent again on a new connection`
          : classified.message,
        ...(resentAfter !== undefined ? { resentAfter } : {}),
      });
      const failure = new TargetError(classified.kind, classified.message, id);
      if (resend) return { resend: failure };
      throw await this.noAnswer(failure, `${spec.method} ${prepared.target}`);
    } finally {
      deadline.stop();
    }
  }

  /** A request ordinary clients will not send, over a connection of its own. */
  async sendUnusual(spec: HttpRequestSpec, unusual: UnusualRequestOptions): Promise<HttpResponse> {
    this.health?.assertRunning();
    const length = bodyLength(spec.body);
    // Without Content-Length or chunked framing an HTTP/1.1 request has no body (RFC 9112 §6.3): bytes sent
    // after the headers would be read as the next request, so none are sent.
    const unframed = unusual.omitContentLength === true && !unusual.chunked;
    const holdBody = unusual.expectContinue === 'never-send' || unframed;
    const willSend = holdBody ? 0 : Math.min(length, unusual.truncateAt ?? length);
    await this.budget.reserve(willSend);
    const extra: Array<[string, string]> = [];
    if (unusual.chunked) extra.push(['Transfer-Encoding', 'chunked']);
    else if (!unusual.omitContentLength) extra.push(['Content-Length', String(unusual.declaredLength ?? length)]);
    if (unusual.expectContinue) extra.push(['Expect', '100-continue']);
    const payload = holdBody || unusual.truncateAt !== undefined ? undefined : Target.payloadHash(spec.body);
    const prepared = this.prepare(spec, extra, payload);
    const id = this.log.allocateId();
    const started = Date.now();
    const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : spec.body;
    const raw: RawRequest = {
      origin: prepared.location.origin,
      method: spec.method,
      target: prepared.target,
      headers: [...prepared.headers, ['Connection', 'close']],
      ...(body !== undefined ? { body } : {}),
      framing: unusual.chunked ? 'chunked' : 'as-is',
      sendBody: holdBody ? 'never' : unusual.expectContinue ? 'after-continue' : 'immediately',
      ...(unusual.truncateAt !== undefined ? { truncateAt: unusual.truncateAt } : {}),
      timeoutMs: this.config.requestTimeoutMs,
      ...(this.config.caCertificate ? { secureContext: trustedContext(this.config.caCertificate) } : {}),
    };
    const requestRecord = {
      method: spec.method,
      url: `${prepared.location.origin.origin}${prepared.target}`,
      headers: Object.fromEntries(raw.headers),
      bodyBytes: 0,
    };
    try {
      const response = await rawRequest(raw);
      this.health?.answered(`${spec.method} ${prepared.target}`);
      const exchange = this.log.record({
        id,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        request: { ...requestRecord, bodyBytes: response.bodyBytesSent },
        response: {
          status: response.status,
          informational: response.informational,
          headers: response.headers,
          body: recordedBody(response.body),
          bodyTruncated: response.body.length > RESPONSE_BODY_CAP,
        },
      });
      return {
        status: response.status,
        headers: response.headers,
        body: response.body,
        informational: response.informational,
        ...(isBodySpec(spec.body) && response.bodyBytesSent === length ? { sentDigest: describeBody(spec.body) } : {}),
        exchange,
      };
    } catch (error) {
      const classified = error instanceof TargetError ? error : classifyNetworkError(error, `${spec.method} ${prepared.location.wirePath}`);
      this.log.record({
        id,
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        request: requestRecord,
        error: classified.message,
      });
      throw await this.noAnswer(new TargetError(classified.kind, classified.message, id), `${spec.method} ${prepared.target}`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close().catch(() => undefined)));
    this.pools.clear();
  }
}

/** Methods whose second sending changes neither the target's state nor its answer (see Target.send). */
const RESENDABLE = new Set(['GET', 'HEAD', 'PUT']);

/** Passes chunks through, telling the deadline of each. */
async function* progressing(chunks: AsyncIterable<Buffer>, deadline: IdleDeadline): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    deadline.progress();
    yield chunk;
  }
}

function silence(ms: number): Error {
  return Object.assign(new Error(`nothing came or went for ${ms} ms`), { name: 'TimeoutError' });
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * The system's roots plus a configured CA, built once: a context per connection would parse every root certificate
 * again, a few milliseconds each time (half the CPU of a check of a thousand small parts).
 */
export function trustedContext(caCertificate: string): tls.SecureContext {
  let context = contexts.get(caCertificate);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, caCertificate] });
    contexts.set(caCertificate, context);
  }
  return context;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
