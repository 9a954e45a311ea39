import { createXXHash3, createXXHash64, createXXHash128, type IHasher } from 'hash-wasm';

/**
 * XXHASH64, XXHASH3 (64-bit) and XXHASH128 (XXH3-128), seed 0, as S3 takes them since 2025 (x-amz-checksum-xxhash64,
 * -xxhash3, -xxhash128): the base64 of the canonical big-endian digest. From hash-wasm (WebAssembly): XXH3 has a
 * dozen length-dependent paths and a streaming state machine, which a library tested against the reference
 * implementation does better than code of ours; its hashers are made asynchronously (WebAssembly instantiation).
 * test/protocol/checksums-2025.test.ts checks it against the published empty-input values and, on generated
 * bodies, against the AWS SDK's own implementation.
 */
export type XxhashAlgorithm = 'xxhash64' | 'xxhash3' | 'xxhash128';

const FACTORIES: Readonly<Record<XxhashAlgorithm, () => Promise<IHasher>>> = {
  xxhash64: () => createXXHash64(),
  xxhash3: () => createXXHash3(),
  xxhash128: () => createXXHash128(),
};

export interface StreamingDigest {
  update(chunk: Uint8Array): void;
  /** The digest's bytes, big-endian. */
  bytes(): Buffer;
}

export async function createXxhash(algorithm: XxhashAlgorithm): Promise<StreamingDigest> {
  const hasher = await FACTORIES[algorithm]();
  hasher.init();
  return {
    update: (chunk) => void hasher.update(chunk),
    bytes: () => Buffer.from(hasher.digest('binary')),
  };
}
