import type { ObservedRequest } from '../emulator/server.js';
import { redactAuthorization } from '../http/exchange.js';

/**
 * What a client sent, as the emulator received it: each request named by the call it is, with its headers
 * (secrets redacted), and a summary of the multipart upload: part sizes, integrity headers, framing, SSE-C
 * headers on the parts, retries, how it ended. The evidence a client grade will rest on.
 */
export type Operation =
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'ListMultipartUploads'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'GetBucketLocation'
  | 'HeadBucket'
  | 'CreateBucket'
  | 'Other';

const has = (r: ObservedRequest, name: string) => r.query.some(([n]) => n === name);
const param = (r: ObservedRequest, name: string) => r.query.find(([n]) => n === name)?.[1];

export function operationOf(r: ObservedRequest): Operation {
  if (r.key === undefined) {
    if (r.method === 'GET' && has(r, 'uploads')) return 'ListMultipartUploads';
    if (r.method === 'GET' && has(r, 'location')) return 'GetBucketLocation';
    if (r.method === 'GET' && param(r, 'list-type') === '2') return 'ListObjectsV2';
    if (r.method === 'GET') return 'ListObjects';
    if (r.method === 'HEAD') return 'HeadBucket';
    if (r.method === 'PUT') return 'CreateBucket';
    return 'Other';
  }
  const upload = has(r, 'uploadId');
  switch (r.method) {
    case 'POST':
      return has(r, 'uploads') ? 'CreateMultipartUpload' : upload ? 'CompleteMultipartUpload' : 'Other';
    case 'PUT':
      return upload || has(r, 'partNumber') ? 'UploadPart' : 'PutObject';
    case 'GET':
      return upload ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      return upload ? 'AbortMultipartUpload' : 'DeleteObject';
    default:
      return 'Other';
  }
}

const SECRET_HEADERS = new Set([
  'x-cos-security-token',
  'x-amz-security-token',
  'x-cos-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key',
]);

/** Header values safe to print: signatures, key ids, session tokens and customer keys redacted. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name === 'authorization' ? redactAuthorization(value) : SECRET_HEADERS.has(name) ? '<redacted>' : value;
  }
  return out;
}

export interface WireRequest {
  readonly operation: Operation;
  readonly method: string;
  readonly key: string | undefined;
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  readonly status: number;
  readonly code: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes of the body as the client declared them (the decoded length when framed aws-chunked). */
  readonly bodyBytes: number | undefined;
  readonly framing: 'aws-chunked' | 'chunked' | 'plain';
}

export function wireRequest(r: ObservedRequest): WireRequest {
  const h = r.headers;
  const awsChunked = /aws-chunked/i.test(h['content-encoding'] ?? '') || (h['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
  const length = h['x-amz-decoded-content-length'] ?? h['content-length'];
  return {
    operation: operationOf(r),
    method: r.method,
    key: r.key,
    query: r.query,
    status: r.status,
    code: r.code,
    headers: redactHeaders(h),
    bodyBytes: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
    framing: awsChunked ? 'aws-chunked' : /chunked/i.test(h['transfer-encoding'] ?? '') ? 'chunked' : 'plain',
  };
}

export interface PartAttempt {
  readonly partNumber: number;
  readonly bytes: number | undefined;
  readonly status: number;
}

export interface UploadSummary {
  /** Operations in order, repeats folded: `UploadPart×3`. */
  readonly sequence: string;
  /** Every Upload Part attempt in arrival order. */
  readonly parts: readonly PartAttempt[];
  /** Header names present on every Upload Part, and those on some only. */
  readonly partHeaders: { readonly all: readonly string[]; readonly some: readonly string[] };
  readonly contentMd5: 'all' | 'some' | 'none';
  /** x-amz-checksum-* headers, x-amz-trailer values and x-amz-sdk-checksum-algorithm values seen on parts. */
  readonly checksums: readonly string[];
  /** x-amz-content-sha256 on parts: a hex digest is shown as `<sha256>`. */
  readonly contentSha256: readonly string[];
  readonly framing: readonly WireRequest['framing'][];
  readonly sseCustomerOnInitiate: boolean;
  readonly sseCustomerOnParts: 'all' | 'some' | 'none';
  /** Part numbers sent more than once, with their attempt count. */
  readonly retriedParts: Readonly<Record<number, number>>;
  readonly completes: readonly number[];
  readonly aborts: readonly number[];
}

const distinct = <T>(values: Iterable<T>) => [...new Set(values)];
const share = (flags: boolean[]): 'all' | 'some' | 'none' =>
  flags.length > 0 && flags.every(Boolean) ? 'all' : flags.some(Boolean) ? 'some' : 'none';
const isSseCustomer = (name: string) => /^x-(cos|amz)-server-side-encryption-customer-/.test(name);

export function foldSequence(operations: readonly string[]): string {
  const out: Array<[string, number]> = [];
  for (const op of operations) {
    const last = out[out.length - 1];
    if (last && last[0] === op) last[1]++;
    else out.push([op, 1]);
  }
  return out.map(([op, n]) => (n > 1 ? `${op}×${n}` : op)).join(' → ');
}

export function summariseUpload(requests: readonly WireRequest[]): UploadSummary {
  const parts = requests.filter((r) => r.operation === 'UploadPart');
  const names = parts.map((p) => Object.keys(p.headers));
  const all = names.length === 0 ? [] : names.reduce((acc, list) => acc.filter((n) => list.includes(n)));
  const attempts = new Map<number, number>();
  for (const p of parts) {
    const n = Number(p.query.find(([k]) => k === 'partNumber')?.[1]);
    attempts.set(n, (attempts.get(n) ?? 0) + 1);
  }
  return {
    sequence: foldSequence(requests.map((r) => (r.status >= 300 ? `${r.operation}(${r.status})` : r.operation))),
    parts: parts.map((p) => ({ partNumber: Number(p.query.find(([k]) => k === 'partNumber')?.[1]), bytes: p.bodyBytes, status: p.status })),
    partHeaders: {
      all: [...all].sort(),
      some: distinct(names.flat())
        .filter((n) => !all.includes(n))
        .sort(),
    },
    contentMd5: share(parts.map((p) => p.headers['content-md5'] !== undefined)),
    checksums: distinct(
      parts.flatMap((p) =>
        Object.entries(p.headers).flatMap(([name, value]) =>
          name.startsWith('x-amz-checksum-')
            ? [name]
            : name === 'x-amz-trailer'
              ? [`trailer ${value}`]
              : name === 'x-amz-sdk-checksum-algorithm'
                ? [`sdk-algorithm ${value}`]
                : [],
        ),
      ),
    ),
    contentSha256: distinct(
      parts.flatMap((p) =>
        p.headers['x-amz-content-sha256'] === undefined
          ? []
          : [/^[0-9a-f]{64}$/.test(p.headers['x-amz-content-sha256']) ? '<sha256>' : p.headers['x-amz-content-sha256']],
      ),
    ),
    framing: distinct(parts.map((p) => p.framing)),
    sseCustomerOnInitiate: requests.some((r) => r.operation === 'CreateMultipartUpload' && Object.keys(r.headers).some(isSseCustomer)),
    sseCustomerOnParts: share(parts.map((p) => Object.keys(p.headers).some(isSseCustomer))),
    retriedParts: Object.fromEntries([...attempts].filter(([, n]) => n > 1)),
    completes: requests.filter((r) => r.operation === 'CompleteMultipartUpload').map((r) => r.status),
    aborts: requests.filter((r) => r.operation === 'AbortMultipartUpload').map((r) => r.status),
  };
}
