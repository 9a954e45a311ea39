import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { BucketType, Credentials } from '../config/index.js';
import type { Dialect } from '../protocol/dialect.js';
import type { BodyDigest } from '../protocol/digest.js';
import { ERROR } from '../protocol/error-codes.js';
import type { DeviationName } from './deviations.js';
import { refuse } from './errors.js';
import type { ByteRange } from './range.js';
import type { ParsedRequest } from './request.js';
import type { SegmentReader, Store, WrittenFile } from './store.js';

export interface EmulatorContext {
  readonly store: Store;
  readonly bucket: string;
  readonly region: string;
  readonly dialect: Dialect;
  /** Rules this instance breaks on purpose (src/emulator/deviations.ts); empty for the reference behaviour. */
  readonly deviations: ReadonlySet<DeviationName>;
  /** The COS bucket variant: standard (doc 7742) or a high-performance one (cosrapid, doc 436/139736). */
  readonly bucketType: BucketType;
}

export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** An object body: these stored bodies, in order, closed once sent. */
  readonly files?: readonly SegmentReader[];
  readonly length?: number;
  /** Only these bytes of the files (a GET with Range). */
  readonly range?: ByteRange;
  /** Writes the body itself, the headers being set (a Complete kept alive while it merges: src/emulator/faults.ts). */
  readonly writeBody?: (res: ServerResponse) => Promise<void>;
}

/** What the handling of one request saw, for the observer (the client mode grades clients on it). */
export interface SeenByHandlers {
  /** A small body read whole (Complete's XML). */
  body?: string;
  /** The body as received and stored (decoded, when framed aws-chunked), before any digest was checked. */
  received?: BodyDigest;
  /** The fault that changed the answer (src/emulator/faults.ts), in its flag form. */
  fault?: string;
  /** The x-amz-checksum-* a part declared (header or trailer) and the one computed over the bytes received. */
  checksum?: { readonly header: string; readonly sent: string | undefined; readonly computed: string };
  /** The SHA-256 of the bytes received, when the part declared a hex x-amz-content-sha256. */
  payloadSha256?: string;
}

/** One request being handled: its parsed form and the means to read its body. */
export interface Call {
  readonly request: ParsedRequest;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Declared Content-Length, undefined when absent (then `chunked` tells whether a body comes at all). */
  readonly declaredLength: number | undefined;
  readonly chunked: boolean;
  /** Called before the body is read: answers `Expect: 100-continue` with 100, once. */
  startBody(): void;
  readonly bodyStarted: boolean;
  /** The key the request's signature was verified with (a signed aws-chunked body chains from it). */
  readonly credentials?: Credentials;
  readonly seen: SeenByHandlers;
}

// UP-12 no Content-Length and no body framing: 411; UP-36 Upload Part sent chunked: 411.
/**
 * The declared length of a PUT body: 411 when there is neither a length nor chunked framing. Upload Part requires
 * Content-Length outright (its document lists it as required), so `chunkedAllowed` is false there; PUT Object may
 * come chunked (the common request headers document excepts it).
 */
export function requireLength(call: Call, chunkedAllowed: boolean, ctx?: EmulatorContext): number | undefined {
  if (call.declaredLength !== undefined) return call.declaredLength;
  if (call.chunked && (chunkedAllowed || ctx?.deviations.has('accept-chunked-part'))) return undefined;
  if (!call.chunked && ctx?.deviations.has('accept-missing-content-length')) return 0;
  throw refuse(ERROR.MissingContentLength);
}

/** A well-formed Content-MD5: base64 of 16 bytes (RFC 1864). */
export const CONTENT_MD5 = /^[A-Za-z0-9+/]{22}==$/;

// UP-33 a malformed Content-MD5 is InvalidDigest.
/** The Content-MD5 a request declares; a malformed one is InvalidDigest (`acceptUnpadded`: a deviation's leniency). */
export function declaredContentMd5(call: Call, acceptUnpadded = false): string | undefined {
  const value = call.request.headers['content-md5'];
  if (value !== undefined && !CONTENT_MD5.test(value) && !(acceptUnpadded && /^[A-Za-z0-9+/]{22}$/.test(value)))
    throw refuse(ERROR.InvalidDigest);
  return value;
}

/**
 * Streams the body into a new file (answering 100 Continue first when asked), and turns the store's failures
 * into COS errors: more than `maxLength` is EntityTooLarge, fewer bytes than declared IncompleteBody.
 */
export async function receiveBody(
  ctx: EmulatorContext,
  call: Call,
  declared: number | undefined,
  options: {
    maxLength: number;
    sha256?: boolean;
    keepPartial?: boolean;
    tap?: (chunk: Buffer) => void /** The decoded body, when the wire has a framing of its own. */;
    source?: Readable;
  },
): Promise<WrittenFile> {
  call.startBody();
  const { source, ...rest } = options;
  try {
    const written = await ctx.store.writeBody(source ?? call.req, {
      ...(declared !== undefined ? { expectedLength: declared } : {}),
      ...rest,
    });
    call.seen.received = written.digest;
    return written;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'TOO_LARGE') throw refuse(ERROR.EntityTooLarge);
    if (code === 'INCOMPLETE') throw refuse(ERROR.IncompleteBody);
    if (code === 'MALFORMED_CHUNK') throw refuse(ERROR.IncompleteBody, (error as Error).message);
    throw error;
  }
}

/** Reads a small body (XML) into memory, refusing more than `limit` bytes. */
export async function readSmallBody(call: Call, limit: number): Promise<string> {
  if (call.declaredLength !== undefined && call.declaredLength > limit) throw refuse(ERROR.MalformedXML);
  call.startBody();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of call.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw refuse(ERROR.MalformedXML);
    chunks.push(chunk);
  }
  call.seen.body = Buffer.concat(chunks).toString('utf8');
  return call.seen.body;
}

export function xmlReply(body: string, headers: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/xml', ...headers }, body };
}
