import { timingSafeEqual } from 'node:crypto';
import type { Credentials, Profile } from '../config/index.js';
import { ERROR } from '../protocol/error-codes.js';
import { parseCosAuthorization, signCos } from '../signing/cos-signature.js';
import { parseSigV4Authorization, signSigV4 } from '../signing/sigv4.js';
import { cosUrlEncode, encodeKeyPath } from '../signing/url-encode.js';
import type { DeviationName } from './deviations.js';
import { refuse } from './errors.js';
import type { ParsedRequest } from './request.js';

/** A key set the emulator knows; `expired` marks temporary keys past their validity. */
export type EmulatorCredentials = Credentials & { readonly expired?: boolean };

export interface AuthSettings {
  readonly deviations?: ReadonlySet<DeviationName>;
  readonly profile: Profile;
  readonly credentials: readonly EmulatorCredentials[];
  /** Seconds a COS window may start in the future, or a SigV4 date may be off, to absorb clock skew. */
  readonly skewSeconds: number;
  readonly now?: () => number;
}

// Compared as bytes: a header value may hold octets above 0x7F, whose UTF-8 form is longer than the text.
function sameText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
/** The signature sent is the one computed (deviations: not compared at all, or on its first 16 hex digits only). */
function sameSignature(expected: string, sent: string, settings: AuthSettings): boolean {
  if (settings.deviations?.has('skip-signature-match')) return true;
  if (settings.deviations?.has('signature-compares-prefix')) return expected.slice(0, 16) === sent.slice(0, 16);
  return sameText(expected, sent);
}
const Q_PARAMS = new Set(['q-sign-algorithm', 'q-ak', 'q-sign-time', 'q-key-time', 'q-header-list', 'q-url-param-list', 'q-signature']);

// UP-22 signed, with a known key, within its window, over what arrived; UP-35 temporary keys need their token and must
// not have expired.
/**
 * Verifies the request's signature and throws the COS error a real server answers with. COS signatures are
 * accepted under the cos profile, SigV4 under both (COS takes AWS SDKs on its S3-compatible access).
 */
export function verifyRequest(request: ParsedRequest, settings: AuthSettings): Credentials | undefined {
  if (settings.deviations?.has('skip-signature-check')) return undefined;
  const authorization = request.headers.authorization;
  const queryAuth = request.query.some(([name]) => name === 'q-sign-algorithm');
  if (authorization === undefined && !queryAuth) throw refuse(ERROR.AccessDenied, 'Request has no Authorization.');
  if (authorization?.startsWith('AWS4-HMAC-SHA256')) return verifySigV4(request, authorization, settings);
  if (settings.profile === 's3') throw refuse(ERROR.AccessDenied, 'Only AWS4-HMAC-SHA256 is accepted under the s3 profile.');
  const value =
    authorization ??
    request.query
      .filter(([n]) => Q_PARAMS.has(n))
      .map(([n, v]) => `${n}=${v ?? ''}`)
      .join('&');
  return verifyCos(request, value, settings);
}

function findCredentials(settings: AuthSettings, id: string): EmulatorCredentials {
  const found = settings.credentials.find((c) => c.secretId === id);
  if (!found) throw refuse(ERROR.InvalidAccessKeyId);
  return found;
}

/** Temporary keys: the token must come with them, match, and be within its validity. */
function checkToken(credentials: EmulatorCredentials, presented: string | undefined, settings: AuthSettings): void {
  const d = settings.deviations;
  if (credentials.securityToken === undefined || d?.has('ignore-security-token')) return;
  const right = credentials.securityToken;
  const matches =
    presented !== undefined &&
    (sameText(presented, right) ||
      (d?.has('security-token-prefix-accepted') && right.startsWith(presented)) ||
      (d?.has('security-token-case-insensitive') && presented.toLowerCase() === right.toLowerCase()));
  if (!matches) {
    throw refuse(ERROR.AccessDenied, 'The security token of these temporary keys is missing or does not match.');
  }
  if (credentials.expired && !settings.deviations?.has('accept-expired-token')) throw refuse(ERROR.ExpiredToken);
}

function verifyCos(request: ParsedRequest, value: string, settings: AuthSettings): Credentials {
  const parsed = parseCosAuthorization(value);
  if (!parsed.ok) throw refuse(ERROR.AccessDenied, `Authorization is malformed: ${parsed.reason}.`);
  const auth = parsed.value;
  const credentials = findCredentials(settings, auth.secretId);
  const now = Math.floor((settings.now?.() ?? Date.now()) / 1000);
  for (const window of settings.deviations?.has('skip-expiry-check') ? [] : [auth.signTime, auth.keyTime]) {
    if (window.start > window.end) throw refuse(ERROR.AccessDenied, 'The signature window ends before it starts.');
    if (now > window.end) throw refuse(ERROR.AccessDenied, 'Request has expired');
    if (now + settings.skewSeconds < window.start) throw refuse(ERROR.AccessDenied, 'Request has expired');
  }
  if (!auth.headerList.includes('host')) throw refuse(ERROR.AccessDenied, 'The signature must sign the host header.');
  const signedHeaders = signedHeaderLines(request, auth.headerList);
  const query = signedParameters(request, auth.urlParamList);
  const expected = signCos({
    method: request.method,
    pathname: request.decodedPath,
    query,
    signedHeaders,
    keyTime: auth.keyTime,
    signTime: auth.signTime,
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
  });
  if (!sameSignature(expected.signature, auth.signature, settings)) throw refuse(ERROR.SignatureDoesNotMatch);
  checkToken(
    credentials,
    request.headers['x-cos-security-token'] ?? request.query.find(([n]) => n === 'x-cos-security-token')?.[1],
    settings,
  );
  return credentials;
}

/** How many times each name comes in a q-header-list or q-url-param-list (canonical: UrlEncoded, lower-cased). */
function countNames(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of list) counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1);
  return counts;
}

/** Entries grouped by the canonical form of their name, which is how a COS signature lists them. */
function byCanonicalName<T>(entries: Iterable<readonly [string, T]>): Map<string, Array<[string, T]>> {
  const groups = new Map<string, Array<[string, T]>>();
  for (const [name, value] of entries) {
    const canonical = cosUrlEncode(name).toLowerCase();
    const group = groups.get(canonical) ?? [];
    group.push([name, value]);
    groups.set(canonical, group);
  }
  return groups;
}

/**
 * The parameters a COS signature lists, as they arrived: a name listed k times must have arrived exactly k times,
 * and each of its values is signed. Anything else is a mismatch, so no value of a signed name rides along unsigned.
 */
function signedParameters(request: ParsedRequest, list: readonly string[]): Array<[string, string | undefined]> {
  const arrived = byCanonicalName(request.query);
  const signed: Array<[string, string | undefined]> = [];
  for (const [name, count] of countNames(list)) {
    const values = arrived.get(name) ?? [];
    if (values.length !== count) throw refuse(ERROR.SignatureDoesNotMatch);
    signed.push(...values);
  }
  return signed;
}

/**
 * The header values a COS signature lists, as the server received them. A name listed once is signed with the
 * value the handlers read (repeated lines combined, RFC 9110 §5.3); a name listed once per line (as the Go SDK
 * and this suite's client sign a repeated header) with each line. Any other count is a mismatch.
 */
function signedHeaderLines(request: ParsedRequest, list: readonly string[]): Array<[string, string]> {
  const arrived = byCanonicalName(
    Object.entries(request.headerLines).flatMap(([name, lines]) => lines.map((line) => [name, line] as const)),
  );
  const signed: Array<[string, string]> = [];
  for (const [name, count] of countNames(list)) {
    const lines = arrived.get(name) ?? [];
    const first = lines[0];
    if (first === undefined) throw refuse(ERROR.SignatureDoesNotMatch);
    if (count === 1) signed.push([first[0], request.headers[first[0]] ?? first[1]]);
    else if (count === lines.length) signed.push(...lines);
    else throw refuse(ERROR.SignatureDoesNotMatch);
  }
  return signed;
}

function parseAmzDate(value: string | undefined): number | undefined {
  const match = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  return Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!);
}

function verifySigV4(request: ParsedRequest, authorization: string, settings: AuthSettings): Credentials {
  const parsed = parseSigV4Authorization(authorization);
  if (!parsed.ok) throw refuse(ERROR.AccessDenied, parsed.reason);
  const auth = parsed.value;
  const credentials = findCredentials(settings, auth.accessKeyId);
  const when = parseAmzDate(request.headers['x-amz-date']);
  if (when === undefined) throw refuse(ERROR.AccessDenied, 'x-amz-date is missing or malformed.');
  if (Math.abs((settings.now?.() ?? Date.now()) - when) > Math.max(settings.skewSeconds, 900) * 1000) {
    throw refuse(ERROR.RequestTimeTooSkewed);
  }
  if (!auth.signedHeaders.includes('host')) throw refuse(ERROR.AccessDenied, 'The signature must sign the host header.');
  const payloadHash = request.headers['x-amz-content-sha256'];
  if (payloadHash === undefined) throw refuse(ERROR.InvalidRequest, 'x-amz-content-sha256 is required.');
  // SigV4 joins the lines of a repeated header with commas (each trimmed), so each line is handed over as it came.
  const signedHeaders: Array<[string, string]> = [];
  for (const name of auth.signedHeaders) {
    const lines = request.headerLines[name];
    if (lines === undefined || lines.length === 0) throw refuse(ERROR.SignatureDoesNotMatch);
    for (const line of lines) signedHeaders.push([name, line]);
  }
  const expected = signSigV4({
    method: request.method,
    encodedPath: encodeKeyPath(request.decodedPath.slice(1)).replace(/^/, '/'),
    query: request.query.filter(([n]) => n !== 'X-Amz-Signature'),
    signedHeaders,
    payloadHash,
    amzDate: request.headers['x-amz-date']!,
    region: auth.region,
    service: auth.service,
    accessKeyId: credentials.secretId,
    secretAccessKey: credentials.secretKey,
  });
  if (!sameSignature(expected.signature, auth.signature, settings)) throw refuse(ERROR.SignatureDoesNotMatch);
  checkToken(credentials, request.headers['x-amz-security-token'], settings);
  return credentials;
}
