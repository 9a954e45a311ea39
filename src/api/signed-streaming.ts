import { resolveLocation } from '../http/addressing.js';
import { authenticate } from '../http/sign-request.js';
import { type ChecksumAlgorithm, checksumHasher, checksumHeader } from '../protocol/checksums.js';
import { amzDate } from '../signing/sigv4.js';
import {
  encodeSignedChunks,
  type SignedFraming,
  STREAMING_SIGNED_PAYLOAD,
  STREAMING_SIGNED_PAYLOAD_TRAILER,
  signedChunkedLength,
  streamingContext,
} from '../signing/sigv4-streaming.js';
import type { ApiResult, CosApi } from './multipart.js';

/**
 * Upload Part signed in chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or -TRAILER with a checksum trailer): the
 * request is signed first, as the signer will sign it when it is sent (same headers, same instant), and its signature
 * seeds the chain of chunk signatures that the body then carries. SigV4 only.
 */
export interface SignedStreamingOptions {
  readonly chunkSizes: readonly number[];
  /** A trailer checksum: the algorithm and the value to send (the true one, or another a check wants refused). */
  readonly trailer?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
  /** Changes the signature written on chunk `index` (0-based; the last, empty chunk included). */
  readonly tamper?: (index: number, signature: string) => string;
}

export async function uploadPartSignedStreaming(
  api: CosApi,
  key: string,
  uploadId: string,
  partNumber: number,
  data: Buffer,
  options: SignedStreamingOptions,
): Promise<ApiResult<{ etag: string | undefined }>> {
  const config = api.target.config;
  if (config.signature !== 'sigv4') throw new Error('signed streaming is a SigV4 framing: run with COS_SIGNATURE=sigv4');
  const trailers = options.trailer ? ([[checksumHeader(options.trailer.algorithm), options.trailer.value]] as const) : undefined;
  const framing: SignedFraming = { chunkSizes: options.chunkSizes, ...(trailers ? { trailers } : {}) };
  const payloadHash = trailers ? STREAMING_SIGNED_PAYLOAD_TRAILER : STREAMING_SIGNED_PAYLOAD;
  const headers: Array<[string, string]> = [
    ['Content-Encoding', 'aws-chunked'],
    ['x-amz-decoded-content-length', String(data.length)],
    ...(trailers ? ([['x-amz-trailer', trailers[0][0]]] as Array<[string, string]>) : []),
  ];
  const query: Array<[string, string]> = [
    ['partNumber', String(partNumber)],
    ['uploadId', uploadId],
  ];
  // Signed now exactly as the request will be signed when sent, so that its signature is the seed the body chains from.
  const date = new Date(Math.floor(Date.now() / 1000) * 1000);
  const location = resolveLocation(config.endpoint!, config.addressing, config.bucket, key);
  const length = signedChunkedLength(framing);
  const signed = authenticate(
    config,
    {
      method: 'PUT',
      wirePath: location.wirePath,
      decodedPath: location.decodedPath,
      query,
      headers: [['Host', location.host], ['Content-Length', String(length)], ...headers],
      payloadHash,
    },
    { date },
  );
  const seed = /Signature=([0-9a-f]{64})/.exec(signed.find(([name]) => name === 'Authorization')?.[1] ?? '')?.[1];
  if (!seed) throw new Error('the SigV4 signer gave no signature to seed the chunk signatures with');
  const context = streamingContext({ secretAccessKey: config.credentials.secretKey, amzDate: amzDate(date), region: config.region });
  const body = encodeSignedChunks(data, framing, context, seed, options.tamper);
  return api.uploadPartFramed(key, uploadId, partNumber, { body, headers, payloadHash, auth: { date } });
}

/** The checksum of `data` as a trailer carries it. */
export function trailerChecksum(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const hasher = checksumHasher(algorithm);
  hasher.update(data);
  return hasher.digestBase64();
}
