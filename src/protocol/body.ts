import { createCipheriv, createHash } from 'node:crypto';
import { type BodyDigest, DigestAccumulator } from './digest.js';

/**
 * Part bodies are never held in memory: a body is named by (seed, length) and its bytes are generated on demand,
 * the same bytes every time, so the suite can re-derive what any part must contain.
 *
 * Speed matters (a 5 GiB part must stream at network speed), so the bytes are a 64 KiB block drawn once per
 * seed, copied block after block, each copy stamped with its index so that no two blocks of a body are equal and
 * a reordered or truncated body is always detected.
 */
export interface BodySpec {
  readonly seed: number;
  readonly length: number;
}

const BLOCK = 64 * 1024;
const CHUNK = 16 * BLOCK;
const baseBlocks = new Map<number, Buffer>();

/**
 * The block of a seed, or at least its first `needed` bytes: AES-CTR is a stream, so the keystream of a short
 * prefix is the start of the whole block's. Most bodies are small and most seeds are new, so drawing 64 KiB for a
 * body of a few bytes was most of what generating it cost.
 */
function baseBlock(seed: number, needed: number): Buffer {
  let block = baseBlocks.get(seed);
  if (!block || block.length < needed) {
    const length = Math.min(BLOCK, Math.ceil(needed / PREFIX_STEP) * PREFIX_STEP);
    const key = createHash('sha256').update(`cos-conformance body ${seed}`).digest().subarray(0, 16);
    block = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
    if (baseBlocks.size > 256) baseBlocks.clear();
    baseBlocks.set(seed, block);
  }
  return block;
}

/** Prefixes are drawn in steps of this many bytes. */
const PREFIX_STEP = 4096;

/** Fills `target` with the body bytes that start at `offset`. */
function fill(seed: number, offset: number, target: Buffer): void {
  const end = offset + target.length;
  const base = baseBlock(seed, Math.min(end, BLOCK));
  let written = 0;
  while (written < target.length) {
    const position = offset + written;
    const blockIndex = Math.floor(position / BLOCK);
    const within = position % BLOCK;
    const count = Math.min(BLOCK - within, target.length - written);
    base.copy(target, written, within, within + count);
    // The stamp: the block index xor-ed into the block's first eight bytes.
    for (let i = 0; i < 8; i++) {
      const stampPosition = i - within;
      if (stampPosition < 0 || stampPosition >= count) continue;
      const stampByte = i < 4 ? (blockIndex >>> (8 * i)) & 0xff : (Math.floor(blockIndex / 2 ** 32) >>> (8 * (i - 4))) & 0xff;
      target[written + stampPosition] = base[i]! ^ stampByte;
    }
    written += count;
  }
}

/** The bytes of a body from `start` (inclusive) to `end` (exclusive), in chunks of at most 1 MiB. */
export function* bodyChunks(spec: BodySpec, start = 0, end = spec.length): Generator<Buffer> {
  for (let offset = start; offset < end; offset += CHUNK) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, end - offset));
    fill(spec.seed, offset, chunk);
    yield chunk;
  }
}

/** The whole body as one buffer: for small bodies only. */
export function bodyBytes(spec: BodySpec): Buffer {
  if (spec.length > 64 * 1024 * 1024) throw new RangeError('bodyBytes is for small bodies; stream larger ones');
  const out = Buffer.allocUnsafe(spec.length);
  fill(spec.seed, 0, out);
  return out;
}

const digestCache = new Map<string, BodyDigest>();

/** The digest of a generated body, computed by generating it (memoized: checks ask for the same bodies often). */
export function describeBody(spec: BodySpec): BodyDigest {
  const cacheKey = `${spec.seed}:${spec.length}`;
  let digest = digestCache.get(cacheKey);
  if (!digest) {
    const accumulator = new DigestAccumulator();
    for (const chunk of bodyChunks(spec)) accumulator.update(chunk);
    digest = accumulator.digest();
    if (digestCache.size > 4096) digestCache.clear();
    digestCache.set(cacheKey, digest);
  }
  return digest;
}
