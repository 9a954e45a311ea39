import type { IncomingMessage } from 'node:http';
import { ERROR } from '../protocol/error-codes.js';
import { refuse } from './errors.js';

/** What the emulator needs to know of an incoming request, decoded once. */
export interface ParsedRequest {
  readonly method: string;
  readonly bucket: string;
  /** The object key, or undefined for the bucket itself. */
  readonly key: string | undefined;
  /** The decoded path as the client addressed it (`/key` or `/bucket/key`): what a COS signature signs. */
  readonly decodedPath: string;
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  /** Each header as the handlers read it: repeated lines combined with `, ` (RFC 9110 §5.3), or the first line of a field Node keeps one of. */
  readonly headers: Readonly<Record<string, string>>;
  /** Every line of every header, trimmed by the parser, in arrival order: what a signature over repeated lines counts. */
  readonly headerLines: Readonly<Record<string, readonly string[]>>;
  readonly host: string;
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    throw refuse(ERROR.InvalidURI, 'The request URI is not valid (bad percent-encoding).');
  }
}

export function parseQuery(search: string): Array<[string, string | undefined]> {
  if (search === '') return [];
  return search
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [decode(part), undefined] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
    });
}

export function queryValue(query: ParsedRequest['query'], name: string): string | undefined {
  return query.find(([n]) => n === name)?.[1];
}

export function hasQuery(query: ParsedRequest['query'], name: string): boolean {
  return query.some(([n]) => n === name);
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function lineHeaders(req: IncomingMessage): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [name, lines] of Object.entries(req.headersDistinct)) if (lines !== undefined) out[name] = lines;
  return out;
}

/**
 * Finds bucket and key: virtual-host style when the Host starts with `<bucket>.`, otherwise path style with the
 * bucket as the first path segment.
 */
export function parseRequest(req: IncomingMessage, bucket: string): ParsedRequest {
  // A request through a proxy carries the absolute form (`http://host/path`); RFC 9112 asks servers to accept it.
  const raw = (req.url ?? '/').replace(/^https?:\/\/[^/?#]*/i, '') || '/';
  const questionMark = raw.indexOf('?');
  const rawPath = questionMark < 0 ? raw : raw.slice(0, questionMark);
  const search = questionMark < 0 ? '' : raw.slice(questionMark + 1);
  if (!rawPath.startsWith('/')) throw refuse(ERROR.InvalidURI, 'The request URI is not valid (bad percent-encoding).');
  const decodedPath = decode(rawPath);
  const headers = flatHeaders(req);
  const headerLines = lineHeaders(req);
  if ((headerLines.host?.length ?? 0) > 1) throw refuse(ERROR.InvalidRequest, 'A request carries one Host header (RFC 9112 §3.2).');
  const host = headers.host ?? '';
  const query = parseQuery(search);
  const method = (req.method ?? 'GET').toUpperCase();
  if (host.toLowerCase().startsWith(`${bucket.toLowerCase()}.`)) {
    return { method, bucket, key: decodedPath === '/' ? undefined : decodedPath.slice(1), decodedPath, query, headers, headerLines, host };
  }
  const slash = decodedPath.indexOf('/', 1);
  const pathBucket = slash < 0 ? decodedPath.slice(1) : decodedPath.slice(1, slash);
  if (pathBucket !== bucket) throw refuse(ERROR.NoSuchBucket);
  const key = slash < 0 || slash === decodedPath.length - 1 ? undefined : decodedPath.slice(slash + 1);
  return { method, bucket, key, decodedPath, query, headers, headerLines, host };
}
