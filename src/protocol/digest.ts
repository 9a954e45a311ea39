import { createHash, type Hash } from 'node:crypto';
import { Crc64Ecma } from './crc64.js';

/** What identifies a body's bytes: its length, its MD5 (ETag and Content-MD5 forms) and its CRC-64/ECMA-182. */
export interface BodyDigest {
  readonly length: number;
  readonly md5Hex: string;
  /** The Content-MD5 form: base64 of the 16 raw bytes. */
  readonly md5Base64: string;
  /** The x-cos-hash-crc64ecma form: unsigned decimal. */
  readonly crc64: string;
}

/** MD5 and CRC-64 fed together, so a body is hashed in the same pass that sends or stores it. */
export class DigestAccumulator {
  private readonly md5: Hash = createHash('md5');
  private readonly crc = new Crc64Ecma();
  private length = 0;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.crc.update(chunk);
    this.length += chunk.length;
  }

  digest(): BodyDigest {
    const md5 = this.md5.digest();
    return { length: this.length, md5Hex: md5.toString('hex'), md5Base64: md5.toString('base64'), crc64: this.crc.digest() };
  }
}

export function digestOf(data: Uint8Array): BodyDigest {
  const accumulator = new DigestAccumulator();
  accumulator.update(data);
  return accumulator.digest();
}
