import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The one XML reader, writer and escaper of the project: the suite's client, the emulator and the reports all use
 * these, so a document written on one side is read on the other by the same rules.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  processEntities: true,
  // Character references (&#34;, &#x22;) are as valid as &quot; for the quotes of an ETag; some servers send them.
  htmlEntities: true,
  isArray: (_name, jpath) =>
    ['ListPartsResult.Part', 'ListMultipartUploadsResult.Upload', 'CompleteMultipartUpload.Part'].includes(String(jpath)),
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

/**
 * Writes `<name>` holding `value`: an object's entries become child elements in order, an array repeats its element,
 * undefined leaves the element out, and text is escaped (so the quotes of an ETag become `&quot;`).
 */
export function buildXml(name: string, value: unknown): string {
  return builder.build({ [name]: value }) as string;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Escapes text for XML (and HTML) content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
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
