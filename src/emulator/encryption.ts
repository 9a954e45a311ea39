import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { ERROR } from '../protocol/error-codes.js';
import type { Call, EmulatorContext } from './context.js';
import { refuse } from './errors.js';
import type { Upload } from './store.js';

/**
 * Server-side encryption as the emulator keeps it: it stores plain bytes and remembers how an upload was
 * initiated, which is all a client can observe. SSE-C: the three customer headers, over HTTPS only, repeated
 * on every part and on every read; SSE-KMS: the key id echoed, and an ETag that is not the MD5.
 */
export interface CustomerKey {
  readonly algorithm: string;
  /** Base64 MD5 of the key: what identifies the key without keeping it. */
  readonly keyMd5: string;
}

const secure = (call: Call) => (call.req.socket as TLSSocket).encrypted === true;

// UP-63 the emulator's bucket takes SSE-C (over HTTPS): it blocks no encryption type, as S3 buckets since April 2026 may.
/** The request's SSE-C headers, validated; undefined when it carries none. */
export function customerKeyOf(ctx: EmulatorContext, call: Call): CustomerKey | undefined {
  const prefix = ctx.dialect.sseCustomerPrefix;
  const headers = call.request.headers;
  const algorithm = headers[`${prefix}algorithm`];
  const key = headers[`${prefix}key`];
  const keyMd5 = headers[`${prefix}key-md5`];
  if (algorithm === undefined && key === undefined && keyMd5 === undefined) return undefined;
  if (!secure(call) && !ctx.deviations.has('sse-c-over-http'))
    throw refuse(
      ERROR.InvalidRequest,
      'Requests specifying server-side encryption with customer-provided keys must be made over a secure connection.',
    );
  if (algorithm !== 'AES256') throw refuse(ERROR.InvalidArgument, `${prefix}algorithm must be AES256.`);
  // Deviation sse-c-key-md5-only: the key-MD5 header is taken for the key, which is never looked at.
  if (ctx.deviations.has('sse-c-key-md5-only') && keyMd5 !== undefined) return { algorithm, keyMd5 };
  const keyBytes = key === undefined ? Buffer.alloc(0) : Buffer.from(key, 'base64');
  if (keyBytes.length !== 32) throw refuse(ERROR.InvalidArgument, `${prefix}key must be the base64 of a 256-bit key.`);
  if (keyMd5 !== createHash('md5').update(keyBytes).digest('base64')) {
    throw refuse(ERROR.InvalidArgument, `The calculated MD5 hash of the key did not match ${prefix}key-MD5.`);
  }
  return { algorithm, keyMd5 };
}

// UP-39 a part of an SSE-C upload carries the same customer key.
/** Upload Part (and reads): an SSE-C upload needs its own key again; any other upload needs none. */
export function requireUploadKey(ctx: EmulatorContext, call: Call, keyMd5: string | undefined): void {
  const presented = customerKeyOf(ctx, call);
  const d = ctx.deviations;
  if (keyMd5 === undefined) {
    if (presented)
      throw refuse(ERROR.InvalidRequest, 'The upload or object was not written with server-side encryption with customer-provided keys.');
    return;
  }
  if (!presented) {
    if (d.has('sse-c-key-not-required')) return;
    throw refuse(
      ERROR.InvalidRequest,
      'The upload or object was written with a customer-provided key: every request on it must carry the key.',
    );
  }
  if (presented.keyMd5 !== keyMd5 && !d.has('sse-c-any-key'))
    throw refuse(ERROR.InvalidRequest, 'The customer-provided key does not match the one the upload or object was written with.');
}

/** What the answers to an SSE-C upload's requests echo: the algorithm and the key's MD5. */
export function customerEchoHeaders(ctx: EmulatorContext, keyMd5: string | undefined): Record<string, string> {
  if (keyMd5 === undefined || ctx.deviations.has('sse-c-no-echo')) return {};
  const prefix = ctx.dialect.sseCustomerPrefix;
  return { [`${prefix}algorithm`]: 'AES256', [`${prefix}key-MD5`]: keyMd5 };
}

/** The key id a KMS upload names, or the bucket's default key when it names none. */
export function kmsKeyIdOf(ctx: EmulatorContext, call: Call): string {
  return call.request.headers[ctx.dialect.kmsKeyIdHeader] ?? `default-kms-key-${ctx.region}`;
}

// UP-16 a part ETag is the MD5 of its body unless the upload is encrypted; UP-40 under KMS or SSE-C another digest.
/**
 * A part's ETag: the MD5 of the body, except under KMS or SSE-C, where COS's ETag is not the MD5 (doc 7729: "The
 * value will be different if the uploaded object is encrypted"); then a digest of the MD5 and the key.
 */
export function partEtag(upload: Upload, md5Hex: string): string {
  const key = upload.customerKeyMd5 ?? upload.kmsKeyId;
  if (key === undefined) return md5Hex;
  return createHash('md5').update(`${key}\n${md5Hex}`).digest('hex');
}
