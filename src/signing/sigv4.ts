import { createHash, createHmac } from 'node:crypto';
import type { ParseResult } from './cos-signature.js';
import { rfc3986Encode } from './url-encode.js';

/**
 * AWS Signature Version 4 for S3-compatible endpoints (and COS's S3-compatible access), written here so that
 * every input is explicit and the emulator can verify with the same code; test/signing checks it differentially
 * against @smithy/signature-v4.
 *
 * Part bodies are streamed and may be 5 GiB, so they are signed as `UNSIGNED-PAYLOAD` (the S3 rule for bodies not
 * hashed in advance); integrity comes from Content-MD5 where a check wants it. Small bodies (XML) are hashed.
 */

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

export interface SigV4Input {
  readonly method: string;
  /** The path as sent on the wire (already percent-encoded once; S3 does not encode it again). */
  readonly encodedPath: string;
  /** Decoded query parameters. */
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  /** The headers to sign (host, x-amz-date and x-amz-content-sha256 included), values as sent. */
  readonly signedHeaders: ReadonlyArray<readonly [string, string]>;
  readonly payloadHash: string;
  /** `YYYYMMDDTHHMMSSZ`, the value of x-amz-date. */
  readonly amzDate: string;
  readonly region: string;
  readonly service?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SigV4Signature {
  readonly canonicalRequest: string;
  readonly scope: string;
  readonly stringToSign: string;
  readonly signedHeaderList: string;
  readonly signature: string;
  readonly authorization: string;
}

export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export function signSigV4(input: SigV4Input): SigV4Signature {
  const service = input.service ?? 's3';
  const query = input.query
    .map(([name, value]) => [rfc3986Encode(name), rfc3986Encode(value ?? '')] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headers = new Map<string, string[]>();
  for (const [name, value] of input.signedHeaders) {
    const lower = name.toLowerCase();
    const values = headers.get(lower) ?? [];
    values.push(value.trim().replace(/\s+/g, ' '));
    headers.set(lower, values);
  }
  const names = [...headers.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${headers.get(name)!.join(',')}\n`).join('');
  const signedHeaderList = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    input.encodedPath || '/',
    query,
    canonicalHeaders,
    signedHeaderList,
    input.payloadHash,
  ].join('\n');
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${input.amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretAccessKey}`, date), input.region), service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return {
    canonicalRequest,
    scope,
    stringToSign,
    signedHeaderList,
    signature,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaderList}, Signature=${signature}`,
  };
}

export interface ParsedSigV4Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseSigV4Authorization(value: string): ParseResult<ParsedSigV4Authorization> {
  const match =
    /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9!#$%&'*+.^_`|~;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/.exec(
      value.trim(),
    );
  if (!match) return { ok: false, reason: 'Authorization is not a well-formed AWS4-HMAC-SHA256 value' };
  return {
    ok: true,
    value: {
      accessKeyId: match[1]!,
      date: match[2]!,
      region: match[3]!,
      service: match[4]!,
      signedHeaders: match[5]!.split(';'),
      signature: match[6]!,
    },
  };
}
