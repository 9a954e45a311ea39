/**
 * CRC-64/ECMA-182 as COS reports it in `x-cos-hash-crc64ecma` (the reflected form also known as CRC-64/XZ:
 * polynomial 0x42F0E1EBA9EA3693, init and xorout all ones), as a decimal string.
 *
 * BigInt arithmetic is two orders of magnitude too slow for multi-GiB parts, so the 64-bit state is kept as two
 * unsigned 32-bit halves and the input is consumed eight bytes at a time with slicing-by-8 tables.
 */

const REFLECTED_POLY_HI = 0xc96c5795;
const REFLECTED_POLY_LO = 0xd7870f42;

function buildTables(): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(8 * 256);
  const lo = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let bit = 0; bit < 8; bit++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        h = (h ^ REFLECTED_POLY_HI) >>> 0;
        l = (l ^ REFLECTED_POLY_LO) >>> 0;
      }
    }
    hi[n] = h;
    lo[n] = l;
  }
  for (let t = 1; t < 8; t++) {
    for (let n = 0; n < 256; n++) {
      const ph = hi[(t - 1) * 256 + n]!;
      const pl = lo[(t - 1) * 256 + n]!;
      const idx = pl & 0xff;
      // shift the previous entry right by 8 bits and fold in the table entry of the byte shifted out
      hi[t * 256 + n] = ((ph >>> 8) ^ hi[idx]!) >>> 0;
      lo[t * 256 + n] = (((pl >>> 8) | ((ph & 0xff) << 24)) ^ lo[idx]!) >>> 0;
    }
  }
  return { hi, lo };
}

const { hi: TH, lo: TL } = buildTables();

/** Incremental CRC-64/ECMA-182; feed it chunks with `update`, read it with `digest`. */
export class Crc64Ecma {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): this {
    let h = this.hi;
    let l = this.lo;
    const len = data.length;
    let i = 0;
    const end8 = len - (len % 8);
    while (i < end8) {
      const l0 = (l ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
      const h0 = (h ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
      const a = 7 * 256 + (l0 & 0xff);
      const b = 6 * 256 + ((l0 >>> 8) & 0xff);
      const c = 5 * 256 + ((l0 >>> 16) & 0xff);
      const d = 4 * 256 + (l0 >>> 24);
      const e = 3 * 256 + (h0 & 0xff);
      const f = 2 * 256 + ((h0 >>> 8) & 0xff);
      const g = 256 + ((h0 >>> 16) & 0xff);
      const k = h0 >>> 24;
      h = (TH[a]! ^ TH[b]! ^ TH[c]! ^ TH[d]! ^ TH[e]! ^ TH[f]! ^ TH[g]! ^ TH[k]!) >>> 0;
      l = (TL[a]! ^ TL[b]! ^ TL[c]! ^ TL[d]! ^ TL[e]! ^ TL[f]! ^ TL[g]! ^ TL[k]!) >>> 0;
      i += 8;
    }
    while (i < len) {
      const idx = (l ^ data[i]!) & 0xff;
      l = (((l >>> 8) | ((h & 0xff) << 24)) ^ TL[idx]!) >>> 0;
      h = ((h >>> 8) ^ TH[idx]!) >>> 0;
      i++;
    }
    this.hi = h;
    this.lo = l;
    return this;
  }

  /** The checksum as an unsigned decimal string, the form of `x-cos-hash-crc64ecma`. */
  digest(): string {
    const h = (this.hi ^ 0xffffffff) >>> 0;
    const l = (this.lo ^ 0xffffffff) >>> 0;
    return ((BigInt(h) << 32n) | BigInt(l)).toString(10);
  }
}

export function crc64Ecma(data: Uint8Array): string {
  return new Crc64Ecma().update(data).digest();
}
