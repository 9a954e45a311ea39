import { XMLBuilder, XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  // Character references (&#34;, &#x22;) are as valid as &quot; for the quotes of an ETag; some servers send them.
  htmlEntities: true,
  isArray: (name, jpath) => ['ListPartsResult.Part', 'ListMultipartUploadsResult.Upload', 'CompleteMultipartUpload.Part'].includes(String(jpath)),
});

/** Parses an XML document into plain objects; every leaf stays a string. Undefined when it is not XML. */
export function parseXml(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<')) return undefined;
  try {
    const parsed = parser.parse(trimmed, true) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const builder = new XMLBuilder({ processEntities: true, suppressEmptyNode: false });

export function buildXml(document: Record<string, unknown>): string {
  return builder.build(document) as string;
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
