import type { ChecksumAlgorithm } from './checksums.js';

/**
 * The CRC of A followed by B from the CRCs of A and B and B's length, without the bytes (zlib's crc32_combine, by
 * multiplication modulo the polynomial, in BigInt: parts are few). A multipart object's CRC is its parts' CRCs
 * combined this way, so a server need not read the parts again: COS's CRC-64/ECMA-182 (`x-cos-hash-crc64ecma`, a
 * decimal string) and the reflected CRCs S3 computes FULL_OBJECT checksums with (CRC-32, CRC-32C, CRC-64/NVME; the
 * base64 of the big-endian CRC).
 */
export const FULL_OBJECT_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme'] as const;
export type FullObjectAlgorithm = (typeof FULL_OBJECT_ALGORITHMS)[number];

interface CrcShape {
  readonly width: number;
  /** The polynomial bit-reversed, as the reflected algorithm uses it. */
  readonly poly: bigint;
}

const ECMA_182: CrcShape = { width: 64, poly: 0xc96c5795d7870f42n };

const SHAPES: Readonly<Record<FullObjectAlgorithm, CrcShape>> = {
  crc32: { width: 32, poly: 0xedb88320n },
  crc32c: { width: 32, poly: 0x82f63b78n },
  crc64nvme: { width: 64, poly: 0x9a6c9329ac4bc9b5n },
};

export const isFullObjectAlgorithm = (algorithm: ChecksumAlgorithm): algorithm is FullObjectAlgorithm =>
  (FULL_OBJECT_ALGORITHMS as readonly string[]).includes(algorithm);

/** a * b modulo the polynomial, both in reflected form (x^0 is the top bit). */
function multiply(a: bigint, b: bigint, shape: CrcShape): bigint {
  let m = 1n << BigInt(shape.width - 1);
  let product = 0n;
  for (;;) {
    if (a & m) {
      product ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ shape.poly : b >> 1n;
  }
  return product;
}

/** x^(8 * bytes) modulo the polynomial: the operator that appends `bytes` zero bytes. Parts are often of one size. */
const operators = new Map<string, bigint>();
function zeroBytes(bytes: number, shape: CrcShape): bigint {
  const cacheKey = `${shape.poly}:${bytes}`;
  const cached = operators.get(cacheKey);
  if (cached !== undefined) return cached;
  let power = 1n << BigInt(shape.width - 2); // x^1
  let result = 1n << BigInt(shape.width - 1); // x^0
  // x^(2^k) for k = 0, 1, ...; multiplied in where the bit count 8 * bytes has a one.
  let bits = BigInt(bytes) * 8n;
  while (bits > 0n) {
    if (bits & 1n) result = multiply(power, result, shape);
    power = multiply(power, power, shape);
    bits >>= 1n;
  }
  if (operators.size > 1024) operators.clear();
  operators.set(cacheKey, result);
  return result;
}

const combine = (a: bigint, b: bigint, lengthB: number, shape: CrcShape) => multiply(zeroBytes(lengthB, shape), a, shape) ^ b;

/** CRC-64/ECMA-182 of A followed by B, given both as decimal strings and B's length in bytes. */
export function combineCrc64Ecma(crcA: string, crcB: string, lengthB: number): string {
  if (lengthB === 0) return crcA;
  return combine(BigInt(crcA), BigInt(crcB), lengthB, ECMA_182).toString(10);
}

const toBigInt = (base64: string) => BigInt(`0x${Buffer.from(base64, 'base64').toString('hex') || '0'}`);
const toBase64 = (value: bigint, width: number) => Buffer.from(value.toString(16).padStart(width / 4, '0'), 'hex').toString('base64');

/** The CRC of A then B, from CRC(A), CRC(B) and B's length in bytes. */
export function combineCrc(algorithm: FullObjectAlgorithm, crcA: string, crcB: string, lengthB: number): string {
  const shape = SHAPES[algorithm];
  if (lengthB === 0) return crcA;
  return toBase64(combine(toBigInt(crcA), toBigInt(crcB), lengthB, shape), shape.width);
}

/** The CRC of the parts joined in order, from each part's CRC and size. */
export function fullObjectCrc(
  algorithm: FullObjectAlgorithm,
  parts: ReadonlyArray<{ readonly checksum: string; readonly size: number }>,
): string {
  const [first, ...rest] = parts;
  if (!first) throw new Error('a full-object checksum needs at least one part');
  return rest.reduce((acc, part) => combineCrc(algorithm, acc, part.checksum, part.size), first.checksum);
}
