import type { Source } from './sources.js';

/**
 * The revision of the page each clause was read from. The documents move (doc 7742 dropped EntityTooSmall in 2026,
 * doc 436/139736 contradicts it on gaps), so an expectation file names the revision a deviation was judged
 * against, and `list` and the reports show it beside every source.
 *
 * A revision is the date the page shows ("Last updated", "最近更新时间"): `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a
 * range of years for a set of archived revisions; a page that shows no date is `undated, read YYYY-MM`, the month
 * the catalogue was reviewed against it. A source states its revision, or its document's name carries it
 * ("..., 2024-09-26 revision"), or it is one of the pages listed below, read before revisions were recorded.
 */
export type RevisedSource = Source & { readonly revision: string };

export const REVISION_FORM = /^(\d{4}(-\d{2}){0,2}|\d{4}-\d{4}|undated, read \d{4}-\d{2})$/;

/** Pages the catalogue cited before it recorded revisions, by the document name it gives them. */
const READ_BEFORE_REVISIONS: Readonly<Record<string, string>> = {
  'Upload Part (COS API, doc 436/7750)': 'undated, read 2026-11',
  'Complete Multipart Upload (COS API, doc 436/7742)': 'undated, read 2026-11',
  'Error Codes (COS API, doc 436/7730)': 'undated, read 2026-11',
  'Common Response Headers (COS API, doc 436/7729)': 'undated, read 2026-11',
  'Common Response Headers (COS API, doc 436/7729), Chinese': 'undated, read 2026-11',
  'UploadPart for high-performance buckets (COS API, doc 436/139727, Chinese)': '2026-10',
  'CRC64 Check (COS, doc 436/45260)': 'undated, read 2026-11',
  '403 Error for COS Access (COS, doc 436/40105)': 'undated, read 2026-11',
  'List Parts (COS API, doc 436/7747)': 'undated, read 2026-11',
  'Abort Multipart Upload (COS API, doc 436/7740)': 'undated, read 2026-11',
  'Initiate Multipart Upload (COS API, doc 436/7746)': 'undated, read 2026-11',
  'COS FAQ (doc 436/40947)': 'undated, read 2026-11',
  'Server-Side Encryption (COS JavaScript SDK, doc 436/38122)': 'undated, read 2026-11',
  'Using server-side encryption with customer-provided keys (Amazon S3 User Guide)': 'undated, read 2026-11',
  'UploadPart (Amazon S3 API Reference)': 'undated, read 2026-11',
  'Checking object integrity for data uploads in Amazon S3 (Amazon S3 User Guide)': 'undated, read 2026-11',
  'Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)': 'undated, read 2026-11',
  'Transferring Payload in Multiple Chunks (AWS Signature Version 4)': 'undated, read 2026-11',
  'Including Trailing Headers (AWS Signature Version 4)': 'undated, read 2026-11',
  'CompleteMultipartUpload (Amazon S3 API Reference)': 'undated, read 2026-11',
};

/** The revision a source was read at; an error names the source when none is known, so none is ever guessed. */
export function revisionOf(source: Source): string {
  const revision =
    source.revision ??
    /, (\d{4}(?:-\d{2}){0,2}|\d{4}-\d{4}) revisions?$/.exec(source.document)?.[1] ??
    READ_BEFORE_REVISIONS[source.document];
  if (revision === undefined || !REVISION_FORM.test(revision)) {
    throw new Error(
      `the catalogue cites "${source.document}" (${source.url}) with ${revision === undefined ? 'no revision' : `a revision of another form, "${revision}"`}: give its Source a revision`,
    );
  }
  return revision;
}

const revised = (source: Source): RevisedSource => ({ ...source, revision: revisionOf(source) });

/** Every source of every requirement with its revision filled in. */
export function withRevisions<R extends { readonly source: Source; readonly also?: readonly Source[] }>(
  drafts: readonly R[],
): Array<Omit<R, 'source' | 'also'> & { readonly source: RevisedSource; readonly also?: readonly RevisedSource[] }> {
  return drafts.map((draft) => ({ ...draft, source: revised(draft.source), ...(draft.also ? { also: draft.also.map(revised) } : {}) }));
}
