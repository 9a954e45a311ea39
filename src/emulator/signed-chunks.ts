import type { ChunkVerifier } from '../protocol/aws-chunked-signed.js';
import { ERROR } from '../protocol/error-codes.js';
import { parseSigV4Authorization } from '../signing/sigv4.js';
import { chunkSignature, streamingContext, trailerSignature } from '../signing/sigv4-streaming.js';
import type { Call, EmulatorContext } from './context.js';
import { refuse } from './errors.js';

// UP-62 signed streaming: every chunk's signature chains from the seed (the request's own signature), the trailer's
// from the last chunk's.
/**
 * The verifier of a signed aws-chunked body: the seed is the signature the request was authenticated with, the
 * key the one that verified it (auth.ts). A chain that breaks fails the body, which the caller answers 403.
 */
export function chunkVerifierFor(ctx: EmulatorContext, call: Call): ChunkVerifier {
  const authorization = call.request.headers.authorization ?? '';
  const parsed = parseSigV4Authorization(authorization);
  const amzDate = call.request.headers['x-amz-date'];
  const credentials = call.credentials;
  // The request was verified already; without its key (signature checks skipped by a deviation) nothing can chain.
  if (!parsed.ok || amzDate === undefined || credentials === undefined) {
    if (ctx.deviations.has('skip-signature-check')) return { chunk: () => true, trailer: () => true };
    throw refuse(ERROR.AccessDenied, 'A signed aws-chunked body needs an AWS4-HMAC-SHA256 Authorization.');
  }
  const context = streamingContext({
    secretAccessKey: credentials.secretKey,
    amzDate,
    region: parsed.value.region,
    service: parsed.value.service,
  });
  const unchecked = ctx.deviations.has('skip-chunk-signatures');
  let previous = parsed.value.signature;
  return {
    chunk(signature, sha256Hex) {
      const expected = chunkSignature(context, previous, sha256Hex);
      previous = expected;
      return unchecked || signature === expected;
    },
    trailer(signature, canonical) {
      return unchecked || signature === trailerSignature(context, previous, canonical);
    },
  };
}
