import type { Addressing } from '../config/index.js';
import { cosUrlEncode, encodeKeyPath } from '../signing/url-encode.js';
import { UnsendableRequestError } from './errors.js';

export interface ResolvedLocation {
  /** Where the connection goes. */
  readonly origin: URL;
  /** The Host header. */
  readonly host: string;
  /** The request path as sent, percent-encoded. */
  readonly wirePath: string;
  /** The decoded path, as the COS signature signs it. */
  readonly decodedPath: string;
}

const LITERAL_HOST = /^(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;

/**
 * Virtual-host addressing puts the bucket in the Host. Against a named host the connection goes to that name (so
 * TLS checks the right certificate); against a loopback address it goes to the address with `Host: bucket.<addr>`.
 */
export function resolveLocation(endpoint: URL, addressing: Addressing, bucket: string, key: string | undefined): ResolvedLocation {
  const keyPath = key === undefined ? '' : key;
  if (addressing === 'path') {
    // The bucket itself is `/bucket`, as the AWS SDKs address it (`/bucket?uploads`), not `/bucket/`: servers
    // that sign the path as received disagree about the trailing slash.
    return {
      origin: new URL(endpoint.origin),
      host: endpoint.host,
      wirePath: key === undefined ? `/${bucket}` : `/${bucket}/${encodeKeyPath(keyPath)}`,
      decodedPath: key === undefined ? `/${bucket}` : `/${bucket}/${keyPath}`,
    };
  }
  const wirePath = `/${encodeKeyPath(keyPath)}`;
  const decodedPath = `/${keyPath}`;
  if (endpoint.hostname.startsWith(`${bucket}.`)) {
    return { origin: new URL(endpoint.origin), host: endpoint.host, wirePath, decodedPath };
  }
  const host = `${bucket}.${endpoint.host}`;
  if (LITERAL_HOST.test(endpoint.hostname)) return { origin: new URL(endpoint.origin), host, wirePath, decodedPath };
  return { origin: new URL(`${endpoint.protocol}//${host}`), host, wirePath, decodedPath };
}

/**
 * The query string as sent: names and values encoded, a parameter without a value as its bare name. A parameter
 * with neither name nor value would be an empty piece of the query, which no server reads as a parameter, and
 * text with a lone surrogate has no UTF-8 form: both are refused, so nothing is signed that does not arrive.
 */
export function formatQuery(query: ReadonlyArray<readonly [string, string | undefined]>): string {
  if (query.length === 0) return '';
  const enc = (text: string) => {
    try {
      return cosUrlEncode(text);
    } catch {
      throw new UnsendableRequestError(`query text ${JSON.stringify(text)} has a lone surrogate and no UTF-8 form`);
    }
  };
  return `?${query
    .map(([name, value]) => {
      if (name === '' && value === undefined)
        throw new UnsendableRequestError('a query parameter with neither a name nor a value cannot be sent');
      return value === undefined ? enc(name) : `${enc(name)}=${enc(value)}`;
    })
    .join('&')}`;
}
