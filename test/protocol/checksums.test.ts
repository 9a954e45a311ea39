import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bodyBytes } from '../../src/protocol/body.js';
import { CHECKSUM_ALGORITHMS, checksumHasher, checksumOf, isWellFormedChecksum } from '../../src/protocol/checksums.js';
import { combineCrc64Ecma } from '../../src/protocol/crc-combine.js';
import { crc64Ecma } from '../../src/protocol/crc64.js';

// The published check values: each algorithm over the ASCII bytes "123456789" (CRC catalogue; SHA test vectors).
const CHECK = {
  crc32: 'cbf43926',
  crc32c: 'e3069283',
  crc64nvme: 'ae8b14860a799888',
  sha1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  sha256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
} as const;

describe('S3 checksums', () => {
  test.each(CHECKSUM_ALGORITHMS)('%s of "123456789" is its published check value, base64 of the big-endian digest', (algorithm) => {
    expect(Buffer.from(checksumOf(algorithm, Buffer.from('123456789')), 'base64').toString('hex')).toBe(CHECK[algorithm]);
  });

  test.each(CHECKSUM_ALGORITHMS)('%s fed in chunks equals %s of the whole, and a generated body equals its bytes', (algorithm) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(3000), { maxLength: 5 }), (data, cuts) => {
        const hasher = checksumHasher(algorithm);
        let start = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          hasher.update(data.subarray(start, Math.max(start, cut)));
          start = Math.max(start, cut);
        }
        hasher.update(data.subarray(start));
        expect(hasher.digestBase64()).toBe(checksumOf(algorithm, data));
      }),
    );
    const spec = { seed: 5, length: 300_000 };
    expect(checksumOf(algorithm, spec)).toBe(checksumOf(algorithm, bodyBytes(spec)));
  });

  test('well-formed means padded base64 of the digest length', () => {
    expect(isWellFormedChecksum('crc32', checksumOf('crc32', Buffer.from('x')))).toBe(true);
    expect(isWellFormedChecksum('crc32', 'AAAAAAA=')).toBe(false); // 5 bytes
    expect(isWellFormedChecksum('crc32', 'cbf43926')).toBe(false); // hex, not base64 of 4 bytes
    expect(isWellFormedChecksum('sha256', checksumOf('sha1', Buffer.from('x')))).toBe(false);
    expect(isWellFormedChecksum('crc64nvme', 'not base64!')).toBe(false);
  });
});

describe('CRC-64/ECMA-182 combination', () => {
  test('the CRC of A then B, from the CRCs of A and B and the length of B, is the CRC of the bytes joined', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.uint8Array({ maxLength: 5000 }), (a, b) => {
        expect(combineCrc64Ecma(crc64Ecma(a), crc64Ecma(b), b.length)).toBe(crc64Ecma(Buffer.concat([a, b])));
      }),
    );
  });

  test('across parts of a MiB, folded left to right as Complete does', () => {
    const parts = [randomBytes(1024 * 1024), randomBytes(1024 * 1024), randomBytes(12345)];
    const folded = parts.reduce((crc, part) => combineCrc64Ecma(crc, crc64Ecma(part), part.length), '0');
    expect(folded).toBe(crc64Ecma(Buffer.concat(parts)));
  });
});
