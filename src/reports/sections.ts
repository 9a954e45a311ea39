import { REQUIREMENTS } from '../catalogue/requirements.js';

/**
 * The sections of the Upload Part document the suite follows, one spec file each (as h2spec keeps a file per
 * section): the matrix groups its rows by them, so a reader finds "Request headers" together.
 */
const TITLES: Record<string, string> = {
  'detail-analysis': 'Detail analysis',
  'request-parameters': 'Request parameters',
  'feature-description': 'Feature description',
  'request-headers': 'Request headers',
  'response-headers': 'Response headers',
  'server-side-encryption': 'Server-side encryption',
  's3-checksums': 'S3 checksums',
  'error-codes': 'Error codes',
  'request-signature': 'Request signature',
  'complete-multipart-upload': 'Complete Multipart Upload',
  'list-parts': 'List Parts',
  'complete-request-headers': 'Complete Multipart Upload: request headers',
  'complete-part-numbers': 'Complete Multipart Upload: part numbers',
  'high-performance-buckets': 'High-performance buckets',
  's3-checksum-types': 'S3 checksum types',
  's3-signed-streaming': 'S3 signed streaming',
  's3-bucket-defaults': 'S3 bucket defaults',
  informational: 'Informational (INFO)',
  'model-based': 'Model-based sequences',
};

export interface Section {
  /** The spec file's name, e.g. `request-headers`. */
  readonly key: string;
  readonly title: string;
}

const OTHER: Section = { key: 'other', title: 'Other requirements' };
const BY_ID = new Map(REQUIREMENTS.map((r) => [r.id, r.specs.find((s) => s !== 'model-based') ?? r.specs[0]]));

/** A requirement's section: its own spec file (the model-based sequences only cross-check what another file owns). */
export function sectionOf(requirementId: string): Section {
  const key = BY_ID.get(requirementId);
  if (!key) return OTHER;
  return { key, title: TITLES[key] ?? key.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()) };
}

/** Rows in sections, each section where its first row is and the rows in the order given (the catalogue's). */
export function bySection<T extends { readonly id: string }>(rows: readonly T[]): Array<{ section: Section; rows: T[] }> {
  const groups = new Map<string, { section: Section; rows: T[] }>();
  for (const row of rows) {
    const section = sectionOf(row.id);
    const group = groups.get(section.key) ?? { section, rows: [] };
    group.rows.push(row);
    groups.set(section.key, group);
  }
  return [...groups.values()];
}
