import { createHash, createHmac } from 'node:crypto';
import { cosUrlEncode } from './url-encode.js';

/**
 * The COS request signature, `q-sign-algorithm=sha1` (doc 436/7778). Every input is explicit, so a check can
 * sign an expired window, a wrong key, or one header set and then send another.
 */

export interface KeyTime {
  readonly start: number;
  readonly end: number;
}

export interface CosSignInput {
  readonly method: string;
  /** The decoded path: `/exampleobject(腾讯云)`, never the percent-encoded wire form. `/` for the bucket root. */
  readonly pathname: string;
  /** Decoded query parameters; a parameter without a value (`?uploads`) has value `undefined` or `''`. */
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  /** The headers to sign, with the values as sent. The caller chooses them (see `selectSignedHeaders`). */
  readonly signedHeaders: ReadonlyArray<readonly [string, string]>;
  readonly keyTime: KeyTime;
  /** Defaults to keyTime; the SDKs always keep the two equal. */
  readonly signTime?: KeyTime;
  readonly secretId: string;
  readonly secretKey: string;
}

export interface CosSignature {
  readonly keyTime: string;
  readonly signKey: string;
  readonly urlParamList: string;
  readonly httpParameters: string;
  readonly headerList: string;
  readonly httpHeaders: string;
  readonly httpString: string;
  readonly httpStringSha1: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly authorization: string;
}

export function formatKeyTime(time: KeyTime): string {
  return `${time.start};${time.end}`;
}

/**
 * Encodes and sorts name/value pairs: names UrlEncoded and lower-cased, values UrlEncoded, sorted by the encoded
 * name. The document's older text says "encode, then sort" and the Go SDK does so; the Node SDK sorts the
 * parameter string by the raw name instead. The two differ only for names no real request uses (`a1` and `a:`
 * sort one way raw and the other way encoded), and this signer follows the document (doc 436/7778).
 *
 * A name that comes more than once contributes every one of its values and is listed once per value. The document
 * is silent on repeats and the Node SDK cannot express them (it takes the query as an object); the Go SDK
 * (auth.go, valuesSignMap.Encode) sorts a name's values by their raw bytes before encoding them, and so does this
 * signer, so the order they travel in does not matter.
 */
function canonicalPairs(pairs: ReadonlyArray<readonly [string, string | undefined]>): { list: string; joined: string } {
  const encoded = pairs
    .map(([name, value]) => ({ name: cosUrlEncode(name).toLowerCase(), raw: value ?? '', value: cosUrlEncode(value ?? '') }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byRawBytes(a.raw, b.raw)));
  // A list of one empty name is the empty text, which every reader takes for "no parameters": unsignable.
  if (encoded.length === 1 && encoded[0]!.name === '') {
    throw new UnsignableRequestError('a lone parameter with an empty name cannot be signed: its q-url-param-list would read as empty');
  }
  return {
    list: encoded.map(({ name }) => name).join(';'),
    joined: encoded.map(({ name, value }) => `${name}=${value}`).join('&'),
  };
}

/** Two values of one name in the order of their UTF-8 bytes (a name rarely comes twice: the bytes are made only then). */
function byRawBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A request the signature cannot describe as the server will read it; thrown before anything is sent. */
export class UnsignableRequestError extends Error {
  override readonly name = 'UnsignableRequestError';
}

const hex = (algorithm: string, data: string) => createHash(algorithm).update(data, 'utf8').digest('hex');
const hmacHex = (key: string, data: string) => createHmac('sha1', key).update(data, 'utf8').digest('hex');

/** SignKeys by key and q-key-time: a window is shared by every request signed within the same second. */
const signKeys = new Map<string, string>();

function signKeyOf(secretKey: string, keyTime: string): string {
  const id = `${keyTime}\n${secretKey}`;
  let signKey = signKeys.get(id);
  if (signKey === undefined) {
    signKey = hmacHex(secretKey, keyTime);
    if (signKeys.size >= 64) signKeys.clear();
    signKeys.set(id, signKey);
  }
  return signKey;
}

export function signCos(input: CosSignInput): CosSignature {
  const keyTime = formatKeyTime(input.keyTime);
  const signTime = formatKeyTime(input.signTime ?? input.keyTime);
  const signKey = signKeyOf(input.secretKey, keyTime);
  const params = canonicalPairs(input.query);
  const headers = canonicalPairs(input.signedHeaders);
  const httpString = `${input.method.toLowerCase()}\n${input.pathname}\n${params.joined}\n${headers.joined}\n`;
  const httpStringSha1 = hex('sha1', httpString);
  const stringToSign = `sha1\n${signTime}\n${httpStringSha1}\n`;
  // The HMAC key is the 40-character hex text of SignKey, not its raw bytes ("a non-raw binary string").
  const signature = hmacHex(signKey, stringToSign);
  const authorization = [
    'q-sign-algorithm=sha1',
    `q-ak=${input.secretId}`,
    `q-sign-time=${signTime}`,
    `q-key-time=${keyTime}`,
    `q-header-list=${headers.list}`,
    `q-url-param-list=${params.list}`,
    `q-signature=${signature}`,
  ].join('&');
  return {
    keyTime,
    signKey,
    urlParamList: params.list,
    httpParameters: params.joined,
    headerList: headers.list,
    httpHeaders: headers.joined,
    httpString,
    httpStringSha1,
    stringToSign,
    signature,
    authorization,
  };
}

/** The headers the official Node SDK signs (cos-nodejs-sdk-v5, sdk/util.js getSignHeaderObj): any name containing x-cos- or x-ci-, plus these. */
const SDK_SIGNED_HEADERS = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-length',
  'content-md5',
  'content-type',
  'expect',
  'expires',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'range',
  'transfer-encoding',
  'pic-operations',
]);

/**
 * Picks the headers to sign the way the SDK does: empty values are left out (but still sent), and
 * `x-cos-security-token` is never signed because the SDK adds it after signing. A header sent on several lines is
 * signed line by line, empty lines included, as the Go SDK signs it: the server counts every line it receives.
 */
export function selectSignedHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const lines = new Map<string, number>();
  for (const [name] of headers) lines.set(name.toLowerCase(), (lines.get(name.toLowerCase()) ?? 0) + 1);
  return headers
    .filter(([name, value]) => {
      const lower = name.toLowerCase();
      if ((value === '' && lines.get(lower) === 1) || lower === 'x-cos-security-token') return false;
      return lower.includes('x-cos-') || lower.includes('x-ci-') || SDK_SIGNED_HEADERS.has(lower);
    })
    .map(([name, value]) => [name, value]);
}

export interface ParsedCosAuthorization {
  readonly secretId: string;
  readonly signTime: KeyTime;
  readonly keyTime: KeyTime;
  readonly headerList: readonly string[];
  readonly urlParamList: readonly string[];
  readonly signature: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const Q_FIELDS = ['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature'];

/** Parses a COS Authorization value (header or the q-* query form, already decoded). */
export function parseCosAuthorization(value: string): ParseResult<ParsedCosAuthorization> {
  const fields = new Map<string, string>();
  for (const part of value.trim().split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, reason: `malformed field "${part}"` };
    fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  for (const name of Q_FIELDS) if (!fields.has(name)) return { ok: false, reason: `${name} is missing` };
  if (fields.get('q-sign-algorithm') !== 'sha1') return { ok: false, reason: 'q-sign-algorithm must be sha1' };
  const signTime = parseKeyTime(fields.get('q-sign-time')!);
  const keyTime = parseKeyTime(fields.get('q-key-time')!);
  if (!signTime || !keyTime) return { ok: false, reason: 'q-sign-time and q-key-time must be start;end in Unix seconds' };
  const list = (raw: string) => (raw === '' ? [] : raw.split(';'));
  return {
    ok: true,
    value: {
      secretId: fields.get('q-ak')!,
      signTime,
      keyTime,
      headerList: list(fields.get('q-header-list')!),
      urlParamList: list(fields.get('q-url-param-list')!),
      signature: fields.get('q-signature')!,
    },
  };
}

function parseKeyTime(raw: string): KeyTime | undefined {
  const match = /^(\d{1,12});(\d{1,12})$/.exec(raw);
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]) };
}
