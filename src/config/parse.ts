import { ConfigError } from './errors.js';

/** Parsers for single settings; each throws ConfigError naming the variable. */

export function parseEnum<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
}

export function parsePositiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a positive whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(name, `expected a positive whole number, got "${raw}"`);
  }
  return value;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
};

/** A byte count: a whole number, optionally with a unit (`64MiB`, `1 GiB`, `500MB`). */
export function parseByteSize(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const match = /^\s*(-?\d+)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new ConfigError(name, `expected a byte count such as 268435456 or 256MiB, got "${raw}"`);
  }
  const value = Number(match[1]) * unit;
  if (value < 0) throw new ConfigError(name, `must not be negative, got "${raw}"`);
  if (!Number.isSafeInteger(value)) throw new ConfigError(name, `is too large: "${raw}"`);
  return value;
}

/** A 32-bit seed for fast-check and the body generator. */
export function parseSeed(name: string, raw: string | undefined, fallback: () => number): number {
  if (raw === undefined || raw === '') return fallback();
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < -(2 ** 31) || value >= 2 ** 32) {
    throw new ConfigError(name, `expected a 32-bit whole number, got "${raw}"`);
  }
  return value | 0;
}

export function parseEndpoint(name: string, raw: string | undefined): URL | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(name, `expected a URL such as https://cos.ap-beijing.myqcloud.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `expected an http:// or https:// URL, got "${raw}"`);
  }
  if (url.username || url.password) {
    throw new ConfigError(name, 'must not carry credentials; use COS_SECRET_ID and COS_SECRET_KEY');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new ConfigError(name, `expected a base URL with no path or query, got "${raw}"`);
  }
  return url;
}
