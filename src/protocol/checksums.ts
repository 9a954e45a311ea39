import { createHash } from 'node:crypto';
import { type BodySpec, bodyChunks } from './body.js';
import { Crc64Nvme } from './crc64.js';
import { createXxhash, type XxhashAlgorithm } from './xxhash.js';

/**
 * The checksums S3 takes on UploadPart (`x-amz-checksum-<algorithm>`), each the base64 of its big-endian bytes.
 * CRC-32 is the IEEE/zlib one, CRC-32C the Castagnoli one (both reflected, init and xorout all ones).
 * CHECKSUM_ALGORITHMS are the five UP-42 judges; ADDED_CHECKSUM_ALGORITHMS the five S3 added in 2025 (UP-56).
 */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export const ADDED_CHECKSUM_ALGORITHMS = ['md5', 'sha512', 'xxhash64', 'xxhash3', 'xxhash128'] as const;
export const ALL_CHECKSUM_ALGORITHMS = [...CHECKSUM_ALGORITHMS, ...ADDED_CHECKSUM_ALGORITHMS] as const;
export type ChecksumAlgorithm = (typeof ALL_CHECKSUM_ALGORITHMS)[number];

/** Digest length in bytes: a value of another length is malformed, not merely wrong. */
export const CHECKSUM_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  crc32: 4,
  crc32c: 4,
  crc64nvme: 8,
  sha1: 20,
  sha256: 32,
  md5: 16,
  sha512: 64,
  xxhash64: 8,
  xxhash3: 8,
  xxhash128: 16,
};

export const checksumHeader = (algorithm: ChecksumAlgorithm): string => `x-amz-checksum-${algorithm}`;

/** The algorithm a header or an `x-amz-sdk-checksum-algorithm` value names (any case), if it is one of ours. */
export function checksumAlgorithmNamed(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase().replace(/^x-amz-checksum-/, '');
  return (ALL_CHECKSUM_ALGORITHMS as readonly string[]).includes(lower) ? (lower as ChecksumAlgorithm) : undefined;
}

function crc32Table(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const tables = new Map<number, Uint32Array>();

class Crc32 {
  private state = 0xffffffff;
  private readonly table: Uint32Array;

  constructor(reflectedPoly: number) {
    let table = tables.get(reflectedPoly);
    if (!table) {
      table = crc32Table(reflectedPoly);
      tables.set(reflectedPoly, table);
    }
    this.table = table;
  }

  update(data: Uint8Array): void {
    const t = this.table;
    let c = this.state;
    for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
    this.state = c;
  }

  bytes(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.state ^ 0xffffffff) >>> 0);
    return out;
  }
}

export interface ChecksumHasher {
  update(chunk: Uint8Array): void;
  /** The checksum as S3 sends it: base64 of the digest bytes. */
  digestBase64(): string;
}

export function checksumHasher(algorithm: ChecksumAlgorithm): ChecksumHasher {
  switch (algorithm) {
    case 'crc32':
    case 'crc32c': {
      const crc = new Crc32(algorithm === 'crc32' ? 0xedb88320 : 0x82f63b78);
      return { update: (chunk) => crc.update(chunk), digestBase64: () => crc.bytes().toString('base64') };
    }
    case 'crc64nvme': {
      const crc = new Crc64Nvme();
      return { update: (chunk) => void crc.update(chunk), digestBase64: () => crc.bytes().toString('base64') };
    }
    case 'sha1':
    case 'sha256':
    case 'md5':
    case 'sha512': {
      const hash = createHash(algorithm);
      return { update: (chunk) => void hash.update(chunk), digestBase64: () => hash.digest('base64') };
    }
    default:
      throw new Error(`${algorithm} hashers are made asynchronously: use createChecksumHasher`);
  }
}

const isXxhash = (algorithm: ChecksumAlgorithm): algorithm is XxhashAlgorithm => algorithm.startsWith('xxhash');

/** A hasher of any algorithm, the XXHASH ones included (made asynchronously). */
export async function createChecksumHasher(algorithm: ChecksumAlgorithm): Promise<ChecksumHasher> {
  if (!isXxhash(algorithm)) return checksumHasher(algorithm);
  const digest = await createXxhash(algorithm);
  return { update: (chunk) => digest.update(chunk), digestBase64: () => digest.bytes().toString('base64') };
}

/** checksumOf for any algorithm, the XXHASH ones included. */
export async function checksumOfAny(algorithm: ChecksumAlgorithm, data: Uint8Array | BodySpec): Promise<string> {
  const hasher = await createChecksumHasher(algorithm);
  if (data instanceof Uint8Array) hasher.update(data);
  else for (const chunk of bodyChunks(data)) hasher.update(chunk);
  return hasher.digestBase64();
}

/** The checksum of bytes in memory, or of a generated body (streamed, never held whole). */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array | BodySpec): string {
  const hasher = checksumHasher(algorithm);
  if (data instanceof Uint8Array) hasher.update(data);
  else for (const chunk of bodyChunks(data)) hasher.update(chunk);
  return hasher.digestBase64();
}

/** Well-formed: base64 (padded) of exactly the algorithm's digest length. */
export function isWellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, 'base64').length === CHECKSUM_BYTES[algorithm];
}
