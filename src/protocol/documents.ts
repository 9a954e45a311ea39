import type { ErrorRow } from './error-codes.js';
import { asArray, buildXml, parseXml, text } from './xml.js';

/** The XML documents both sides of a multipart upload write and read: the error body, and Complete's part list. */

/** The error body of doc 7730 ("Error response, response body"): Code, Message, Resource, RequestId, TraceId. */
export interface ErrorDocument {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly resource: string | undefined;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
}

export function renderErrorDocument(error: ErrorRow, message: string, resource: string, requestId: string, traceId: string): string {
  const body = buildXml('Error', { Code: error.code, Message: message, Resource: resource, RequestId: requestId, TraceId: traceId });
  // The declaration as doc 7730 prints it.
  return `<?xml version='1.0' encoding='utf-8' ?>\n${body}`;
}

/** The <Error> document of a body, or undefined when the body holds none. */
export function readErrorDocument(body: string): ErrorDocument | undefined {
  const error = parseXml(body)?.Error as Record<string, unknown> | undefined;
  if (error === undefined) return undefined;
  return {
    code: text(error.Code),
    message: text(error.Message),
    resource: text(error.Resource),
    requestId: text(error.RequestId),
    traceId: text(error.TraceId),
  };
}

/** A <Part> of Complete's request body (doc 7742). `partNumber` is a string when a check sends a malformed one. */
export interface CompletePartEntry {
  readonly partNumber: number | string;
  readonly etag: string;
  /** S3: the part's checksums by element name (ChecksumCRC32, ...), as the SDKs list them. */
  readonly checksums?: Readonly<Record<string, string>>;
}

export function renderCompleteRequest(parts: readonly CompletePartEntry[]): string {
  return buildXml('CompleteMultipartUpload', {
    Part: parts.map((p) => ({ PartNumber: String(p.partNumber), ETag: p.etag, ...(p.checksums ?? {}) })),
  });
}

/**
 * Reads Complete's request body: its <Part> entries (PartNumber trimmed, ETag as sent), `empty` for a
 * CompleteMultipartUpload without parts, `malformed` for anything else.
 */
export function readCompleteRequest(
  body: string,
): { readonly parts: Array<{ partNumber: string; etag: string; checksums?: Record<string, string> }> } | 'empty' | 'malformed' {
  const document = parseXml(body);
  if (!document) return 'malformed';
  const root = document.CompleteMultipartUpload as { Part?: unknown } | '' | undefined;
  if (root === '' || (typeof root === 'object' && root !== null && root.Part === undefined)) return 'empty';
  if (!root || typeof root !== 'object') return 'malformed';
  const entries = asArray(root.Part as Array<Record<string, unknown>> | undefined);
  if (entries.length === 0) return 'empty';
  const parts: Array<{ partNumber: string; etag: string; checksums?: Record<string, string> }> = [];
  for (const part of entries) {
    if (typeof part !== 'object' || part === null || typeof part.PartNumber !== 'string' || typeof part.ETag !== 'string')
      return 'malformed';
    const checksums = Object.fromEntries(
      Object.entries(part).filter(([name, value]) => name.startsWith('Checksum') && typeof value === 'string'),
    ) as Record<string, string>;
    parts.push({ partNumber: part.PartNumber.trim(), etag: part.ETag, ...(Object.keys(checksums).length ? { checksums } : {}) });
  }
  return { parts };
}
