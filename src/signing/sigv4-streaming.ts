import { createHash, createHmac } from 'node:crypto';

/**
 * SigV4 signed streaming (AWS Signature Version 4, "Transferring Payload in Multiple Chunks" and "Including Trailing
 * Headers"): the request is signed with `x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` (its
 * signature is the seed), and each chunk of the aws-chunked body carries a signature that chains from the previous
 * one; a trailer, when there is one, is signed last. The suite's client frames and signs with it, and the emulator
 * verifies with it; test/signing checks it against the AWS SDK's own signer (@smithy/signature-v4's signEvent) and
 * the worked example of the AWS page.
 *
 *     <size hex>;chunk-signature=<sig>\r\n<bytes>\r\n ... 0;chunk-signature=<sig>\r\n[<trailer>\r\nx-amz-trailer-signature:<sig>\r\n]\r\n
 */
export const STREAMING_SIGNED_PAYLOAD = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_PAYLOAD_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
/** S3 refuses a non-last chunk smaller than this (403 InvalidChunkSizeError). */
export const MIN_SIGNED_CHUNK = 8 * 1024;

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** What every chunk signature of one request is computed with: the request's date, scope and signing key. */
export interface StreamingContext {
  /** `YYYYMMDDTHHMMSSZ`, the request's x-amz-date. */
  readonly amzDate: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  readonly scope: string;
  readonly signingKey: Buffer;
}

export function streamingContext(options: {
  secretAccessKey: string;
  amzDate: string;
  region: string;
  service?: string;
}): StreamingContext {
  const date = options.amzDate.slice(0, 8);
  const service = options.service ?? 's3';
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date), options.region), service), 'aws4_request');
  return { amzDate: options.amzDate, scope: `${date}/${options.region}/${service}/aws4_request`, signingKey };
}

/** The signature of one chunk, given the previous signature (the seed for the first) and the chunk's SHA-256. */
export function chunkSignature(context: StreamingContext, previous: string, chunkSha256Hex: string): string {
  const stringToSign = ['AWS4-HMAC-SHA256-PAYLOAD', context.amzDate, context.scope, previous, EMPTY_SHA256, chunkSha256Hex].join('\n');
  return createHmac('sha256', context.signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** The trailing headers as they are signed: `name:value\n` each, names in lower case. */
export function canonicalTrailers(trailers: ReadonlyArray<readonly [string, string]>): string {
  return trailers.map(([name, value]) => `${name.toLowerCase()}:${value.trim()}\n`).join('');
}

/** The signature of the trailer, chained from the final (empty) chunk's signature. */
export function trailerSignature(context: StreamingContext, previous: string, canonical: string): string {
  const hashed = createHash('sha256').update(canonical, 'utf8').digest('hex');
  const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', context.amzDate, context.scope, previous, hashed].join('\n');
  return createHmac('sha256', context.signingKey).update(stringToSign, 'utf8').digest('hex');
}

export interface SignedFraming {
  /** Sizes of the data chunks in order; every one but the last at least MIN_SIGNED_CHUNK. */
  readonly chunkSizes: readonly number[];
  readonly trailers?: ReadonlyArray<readonly [string, string]>;
}

/** The chunk sizes of `length` bytes cut in `chunkSize` pieces (the last one shorter). */
export function chunkSizesOf(length: number, chunkSize: number): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < length; offset += chunkSize) sizes.push(Math.min(chunkSize, length - offset));
  return sizes;
}

/** The length of the framed body: what Content-Length declares before any signature is known. */
export function signedChunkedLength(framing: SignedFraming): number {
  const signatureLine = (size: number) => `${size.toString(16)};chunk-signature=`.length + 64 + 2;
  let length = framing.chunkSizes.reduce((sum, size) => sum + signatureLine(size) + size + 2, 0) + signatureLine(0);
  if (framing.trailers)
    length += canonicalTrailers(framing.trailers).replace(/\n/g, '\r\n').length + 'x-amz-trailer-signature:'.length + 64 + 2;
  return length + 2;
}

/**
 * Frames and signs `data` as the chunks say, chaining from `seed`. `tamper` may change a chunk's signature before it
 * is written (a check's broken chain); the chain itself goes on from the true signature, as a client's would.
 */
export function encodeSignedChunks(
  data: Uint8Array,
  framing: SignedFraming,
  context: StreamingContext,
  seed: string,
  tamper?: (index: number, signature: string) => string,
): Buffer {
  const parts: Buffer[] = [];
  let previous = seed;
  let offset = 0;
  const sizes = [...framing.chunkSizes, 0];
  sizes.forEach((size, index) => {
    const chunk = data.subarray(offset, offset + size);
    offset += size;
    const signature = chunkSignature(context, previous, createHash('sha256').update(chunk).digest('hex'));
    previous = signature;
    parts.push(
      Buffer.from(`${size.toString(16)};chunk-signature=${tamper ? tamper(index, signature) : signature}\r\n`),
      Buffer.from(chunk),
    );
    if (size > 0) parts.push(Buffer.from('\r\n'));
  });
  if (framing.trailers) {
    const canonical = canonicalTrailers(framing.trailers);
    parts.push(
      Buffer.from(canonical.replace(/\n/g, '\r\n')),
      Buffer.from(`x-amz-trailer-signature:${trailerSignature(context, previous, canonical)}\r\n`),
    );
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}
