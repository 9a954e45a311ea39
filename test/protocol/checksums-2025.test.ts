import { createHash } from 'node:crypto';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { Sha512 } from '@aws-sdk/checksums/sha';
import { Xxh3_64, Xxh3_128, Xxh64 } from '@aws-sdk/checksums/xxh';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checksumOf, checksumOfAny, createChecksumHasher, isWellFormedChecksum } from '../../src/protocol/checksums.js';
import { combineCrc, fullObjectCrc } from '../../src/protocol/crc-combine.js';

type Digest = new () => { update(data: Uint8Array): void; digest(): Promise<Uint8Array> };
const sdk = async (Impl: Digest, data: Uint8Array) => {
  const hash = new Impl();
  hash.update(data);
  return Buffer.from(await hash.digest()).toString('base64');
};

describe('the checksums S3 added in 2025', () => {
  // Published values for the empty input (the xxHash reference implementation, seed 0).
  test('XXHASH64, XXHASH3 and XXHASH128 of nothing are the reference values, big-endian', async () => {
    const hex = async (algorithm: 'xxhash64' | 'xxhash3' | 'xxhash128') =>
      Buffer.from(await checksumOfAny(algorithm, new Uint8Array(0)), 'base64').toString('hex');
    expect(await hex('xxhash64')).toBe('ef46db3751d8e999');
    expect(await hex('xxhash3')).toBe('2d06800538d394c2');
    expect(await hex('xxhash128')).toBe('99aa06d3014798d86001c324468d497f');
    expect(await checksumOfAny('md5', new Uint8Array(0))).toBe(createHash('md5').update('').digest('base64'));
  });

  // The AWS SDK's own implementations (@aws-sdk/checksums), used only as oracles; bodies fed in generated pieces.
  test("each agrees with the AWS SDK's implementation over generated bodies cut in generated pieces", async () => {
    const oracles = [
      ['xxhash64', Xxh64],
      ['xxhash3', Xxh3_64],
      ['xxhash128', Xxh3_128],
      ['sha512', Sha512],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat({ max: 5000 }), { maxLength: 4 }), async (data, cuts) => {
        for (const [algorithm, Impl] of oracles) {
          const hasher = await createChecksumHasher(algorithm);
          let offset = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            hasher.update(data.subarray(offset, Math.max(offset, cut)));
            offset = Math.max(offset, cut);
          }
          hasher.update(data.subarray(offset));
          const value = hasher.digestBase64();
          expect(value, algorithm).toBe(await sdk(Impl, data));
          expect(isWellFormedChecksum(algorithm, value)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("full-object CRCs from the parts' CRCs", () => {
  test('combining CRC-32, CRC-32C and CRC-64/NVME of generated parts gives the CRC of the parts joined, as the AWS SDK computes it', async () => {
    const oracles = [
      ['crc32', Crc32],
      ['crc32c', Crc32c],
      ['crc64nvme', Crc64Nvme],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 3000 }), { minLength: 1, maxLength: 4 }), async (parts) => {
        const whole = Buffer.concat(parts);
        for (const [algorithm, Impl] of oracles) {
          const combined = fullObjectCrc(
            algorithm,
            parts.map((p) => ({ checksum: checksumOf(algorithm, p), size: p.length })),
          );
          expect(combined, algorithm).toBe(await sdk(Impl, whole));
        }
      }),
      { numRuns: 60 },
    );
    // A long part moves the CRC by its length alone (the operator for 1 MiB of zeros and a CRC of other bytes).
    const long = Buffer.alloc(1024 * 1024, 7);
    expect(combineCrc('crc64nvme', checksumOf('crc64nvme', Buffer.from('head')), checksumOf('crc64nvme', long), long.length)).toBe(
      await sdk(Crc64Nvme, Buffer.concat([Buffer.from('head'), long])),
    );
  });
});
