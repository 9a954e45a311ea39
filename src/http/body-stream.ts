import { Readable } from 'node:stream';
import { type BodySpec, bodyBytes, bodyChunks } from '../protocol/body.js';
import { type BodyDigest, DigestAccumulator, digestOf } from '../protocol/digest.js';

/** Bodies up to this size are generated whole and sent as one buffer; larger ones are streamed. */
const WHOLE_BODY_LIMIT = 1024 * 1024;

/**
 * A generated body ready to send, hashed on the way: `digest` resolves when the last byte has been handed on. A
 * small body is one buffer, generated and hashed before it goes (a stream per body of a few bytes, with its async
 * generator, cost more than the body); a large one is streamed and hashed chunk by chunk, never held whole.
 */
export function hashedBody(spec: BodySpec): { body: Buffer | Readable; digest: Promise<BodyDigest> } {
  if (spec.length <= WHOLE_BODY_LIMIT) {
    const body = bodyBytes(spec);
    return { body, digest: Promise.resolve(digestOf(body)) };
  }
  const stream = hashedBodyStream(spec);
  return { body: Readable.from(stream.chunks, { objectMode: false }), digest: stream.digest };
}

/** Streams a body and hashes it on the way; `digest` resolves when the last byte has been handed on. */
export function hashedBodyStream(spec: BodySpec): { chunks: AsyncGenerator<Buffer>; digest: Promise<BodyDigest> } {
  let resolveDigest!: (digest: BodyDigest) => void;
  const digest = new Promise<BodyDigest>((resolve) => (resolveDigest = resolve));
  async function* chunks(): AsyncGenerator<Buffer> {
    const accumulator = new DigestAccumulator();
    let sent = 0;
    if (spec.length === 0) resolveDigest(accumulator.digest());
    for (const chunk of bodyChunks(spec)) {
      accumulator.update(chunk);
      sent += chunk.length;
      // Resolved with the last chunk, not after it: an HTTP client stops pulling once Content-Length bytes are out.
      if (sent === spec.length) resolveDigest(accumulator.digest());
      yield chunk;
    }
  }
  return { chunks: chunks(), digest };
}
