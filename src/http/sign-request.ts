import type { Config, Credentials } from '../config/index.js';
import { type KeyTime, selectSignedHeaders, signCos } from '../signing/cos-signature.js';
import { amzDate, signSigV4, UNSIGNED_PAYLOAD } from '../signing/sigv4.js';
import { fieldLines } from './header-fields.js';

const SIGV4_UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);

/** How a request is authenticated; the defaults sign as the official SDK would. */
export interface AuthOptions {
  /** 'none' sends no Authorization at all. */
  readonly mode?: 'sign' | 'none';
  /** Sign with other keys (a wrong secret, an unknown SecretId). */
  readonly credentials?: Credentials;
  /** COS: the q-key-time window (an expired one, say). */
  readonly keyTime?: KeyTime;
  /** SigV4: the signing time. */
  readonly date?: Date;
  /** Sign exactly these header names instead of the SDK's selection. */
  readonly signedHeaderNames?: readonly string[];
  /** Changes the headers after signing: a header altered after the signature was computed. */
  readonly tamper?: (headers: Array<[string, string]>) => Array<[string, string]>;
}

export interface SignableRequest {
  readonly method: string;
  readonly wirePath: string;
  readonly decodedPath: string;
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  readonly headers: Array<[string, string]>;
  /** SigV4 payload hash: hex SHA-256 of small bodies, UNSIGNED-PAYLOAD for streamed ones. */
  readonly payloadHash?: string;
}

/**
 * Returns the headers to send, with Authorization (and the security token) added as the mode requires. The
 * headers are signed and sent as a server will read them (trimmed; see fieldLines), so the two cannot disagree.
 */
export function authenticate(config: Config, request: SignableRequest, auth: AuthOptions = {}): Array<[string, string]> {
  const credentials = auth.credentials ?? config.credentials;
  let headers = fieldLines(request.headers);
  if (auth.mode === 'none') return auth.tamper ? auth.tamper(headers) : headers;
  const pick = (all: Array<[string, string]>) =>
    auth.signedHeaderNames
      ? all.filter(([name]) => auth.signedHeaderNames!.some((n) => n.toLowerCase() === name.toLowerCase()))
      : undefined;

  if (config.signature === 'sigv4') {
    const when = amzDate(auth.date ?? new Date());
    const payloadHash = request.payloadHash ?? UNSIGNED_PAYLOAD;
    headers.push(['x-amz-date', when], ['x-amz-content-sha256', payloadHash]);
    if (credentials.securityToken) headers.push(['x-amz-security-token', credentials.securityToken]);
    // As the AWS SDKs do: every header but those a proxy may change or drop (@smithy/signature-v4's list).
    const signed = pick(headers) ?? headers.filter(([name]) => !SIGV4_UNSIGNABLE.has(name.toLowerCase()));
    const signature = signSigV4({
      method: request.method,
      encodedPath: request.wirePath,
      query: request.query,
      signedHeaders: signed,
      payloadHash,
      amzDate: when,
      region: config.region,
      accessKeyId: credentials.secretId,
      secretAccessKey: credentials.secretKey,
    });
    headers.push(['Authorization', signature.authorization]);
  } else {
    const now = Math.round(Date.now() / 1000) - 1;
    const keyTime = auth.keyTime ?? { start: now, end: now + 900 };
    const signature = signCos({
      method: request.method,
      pathname: request.decodedPath,
      query: request.query,
      signedHeaders: pick(headers) ?? selectSignedHeaders(headers),
      keyTime,
      secretId: credentials.secretId,
      secretKey: credentials.secretKey,
    });
    headers.push(['Authorization', signature.authorization]);
    // As the SDK does: the token is added after signing, so it is not part of the signature.
    if (credentials.securityToken) headers.push(['x-cos-security-token', credentials.securityToken]);
  }
  if (auth.tamper) headers = auth.tamper(headers);
  return headers;
}
