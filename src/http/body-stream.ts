import { bodyChunks, type BodySpec } from '../protocol/body.js';
import { DigestAccumulator, type BodyDigest } from '../protocol/digest.js';

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
