/**
 * Upload Part signed in chunks (AWS Signature Version 4, "Transferring Payload in Multiple Chunks" and "Including
 * Trailing Headers"): x-amz-content-sha256 STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or -PAYLOAD-TRAILER with a signed
 * checksum trailer. Every chunk signature chains from the request's own (the seed). Only valid chunk sizes are sent:
 * every chunk but the last at least 8 KiB, as S3 refuses smaller ones. S3 profile, SigV4 only.
 */
import fc from 'fast-check';
import { trailerChecksum, uploadPartSignedStreaming } from '../src/api/signed-streaming.js';
import { bodySeed } from '../src/generators/bodies.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { type BodySpec, bodyBytes } from '../src/protocol/body.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../src/protocol/checksums.js';
import { chunkSizesOf, MIN_SIGNED_CHUNK } from '../src/signing/sigv4-streaming.js';

conformanceSpec(import.meta.url);

interface StreamingCase {
  readonly body: BodySpec;
  readonly chunkSize: number;
  /** undefined: STREAMING-AWS4-HMAC-SHA256-PAYLOAD; an algorithm: -TRAILER with that checksum trailing. */
  readonly trailer: ChecksumAlgorithm | undefined;
  /** Which chunk's signature the broken request spoils (taken modulo the chunk count, the empty last chunk included). */
  readonly spoil: number;
}

const streamingCase: fc.Arbitrary<StreamingCase> = fc.record({
  body: fc.record({
    seed: bodySeed,
    length: fc.oneof(fc.integer({ min: 1, max: 64 * 1024 }), fc.integer({ min: 64 * 1024, max: 320 * 1024 })),
  }),
  chunkSize: fc.oneof(fc.constant(64 * 1024), fc.constant(MIN_SIGNED_CHUNK), fc.integer({ min: MIN_SIGNED_CHUNK, max: 128 * 1024 })),
  trailer: fc.option(fc.constantFrom(...CHECKSUM_ALGORITHMS), { nil: undefined }),
  spoil: fc.nat({ max: 64 }),
});

/** A signature with its first hex digit changed: well formed, and wrong. */
const spoilt = (signature: string) => `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`;

check(
  'UP-62 Upload Part signed in chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD and -TRAILER with each checksum) with generated bodies and valid chunk sizes: stored as the decoded bytes; a chunk signature off the chain refused (4xx), a wrong signed trailer checksum with 400, the first part kept',
  async (t) => {
    const codes = new Set<string>();
    await t.forAll(
      'signed-streaming',
      streamingCase,
      async ({ body, chunkSize, trailer, spoil }) => {
        const data = bodyBytes(body);
        const other = bodyBytes({ seed: body.seed + 1, length: body.length });
        const chunkSizes = chunkSizesOf(data.length, chunkSize);
        await t.reserve(3 * (data.length + 200 * (chunkSizes.length + 2)));
        const key = t.key('signed-streaming');
        const uploadId = await t.given.initiate(key);
        const framing = `${data.length} bytes in chunks of ${chunkSize}, ${trailer ? `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER with x-amz-checksum-${trailer}` : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'}`;
        const withTrailer = (bytes: Buffer, value?: string) =>
          trailer ? { trailer: { algorithm: trailer, value: value ?? trailerChecksum(trailer, bytes) } } : {};
        const good = await uploadPartSignedStreaming(t.api, key, uploadId, 1, data, { chunkSizes, ...withTrailer(data) });
        t.expectSuccess(`Upload Part 1: ${framing}`, good);
        const index = spoil % (chunkSizes.length + 1);
        const sentSpoilt = `Upload Part 1 again (other bytes), ${framing}, chunk ${index + 1} of ${chunkSizes.length + 1} carrying a signature off the chain`;
        const broken = await uploadPartSignedStreaming(t.api, key, uploadId, 1, other, {
          chunkSizes,
          ...withTrailer(other),
          tamper: (i, s) => (i === index ? spoilt(s) : s),
        });
        codes.add(`a spoilt chunk signature: ${broken.status} ${t.expectRefused(sentSpoilt, broken)}`);
        let sentWrong = '';
        if (trailer) {
          const wrongValue = trailerChecksum(trailer, Buffer.concat([other, Buffer.from('x')]));
          sentWrong = `; Upload Part 1 again (other bytes), ${framing}, the signed trailer carrying the checksum of other bytes`;
          codes.add(
            `a wrong trailer checksum: ${t.expectRefused(sentWrong, await uploadPartSignedStreaming(t.api, key, uploadId, 1, other, { chunkSizes, ...withTrailer(other, wrongValue) }), 400)}`,
          );
        }
        await t.given.complete(key, uploadId, [{ partNumber: 1, etag: good.value!.etag! }]);
        await t.expectObjectBytes(`${sentSpoilt}${sentWrong}, then Complete with the first ETag`, key, [body]);
        t.covered(body.length);
      },
      {
        maxRuns: 6,
        examples: [
          { body: { seed: 621, length: 1 }, chunkSize: MIN_SIGNED_CHUNK, trailer: undefined, spoil: 0 },
          { body: { seed: 622, length: 3 * MIN_SIGNED_CHUNK + 5 }, chunkSize: MIN_SIGNED_CHUNK, trailer: 'crc32', spoil: 2 },
          { body: { seed: 623, length: 64 * 1024 + 1 }, chunkSize: 64 * 1024, trailer: undefined, spoil: 2 },
          { body: { seed: 624, length: 100 * 1024 }, chunkSize: 64 * 1024, trailer: 'sha256', spoil: 1 },
        ],
      },
    );
    if (codes.size > 0) t.note(`refused with ${[...codes].join('; ')}`);
  },
  {
    profiles: ['s3'],
    reason: 'aws-chunked signed streaming is S3 protocol (SigV4)',
    appliesTo: (config) => config.signature === 'sigv4' || 'signed streaming is a SigV4 framing: set COS_SIGNATURE=sigv4',
    costMiB: 2,
  },
);
