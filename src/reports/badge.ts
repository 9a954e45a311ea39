import { escapeXml } from '../protocol/xml.js';
import type { RunReport } from './run-report.js';
import { targetName } from './rows.js';
import type { VerdictKind } from './verdict.js';

const COLOUR: Record<VerdictKind, string> = { conformant: '#2da44e', 'not-conformant': '#cf222e', partial: '#9a6700', 'no-verdict': '#6e7781', interrupted: '#6e7781' };
const LABEL = 'COS Upload Part';


/** Width of text in Verdana 11px, near enough for a badge: no font is measured, nothing is fetched. */
function textWidth(text: string): number {
  let width = 0;
  for (const c of text) {
    if (/[ilj.,:;|!'I()[\]]/.test(c)) width += 3.6;
    else if (/[mwMW]/.test(c)) width += 10.5;
    else if (c === ' ') width += 3.9;
    else if (/[A-Z]/.test(c)) width += 7.6;
    else if (/[0-9]/.test(c)) width += 7;
    else width += 6.6;
  }
  return Math.ceil(width);
}

/** What the badge says of a run: its verdict, with the listed deviations or the failing count. */
export function badgeMessage(report: RunReport): string {
  const { verdict } = report;
  const count = (status: string) => verdict.requirements.filter((o) => o.status === status && o.level !== 'INFO').length;
  switch (verdict.kind) {
    case 'conformant': {
      const listed = count('expected-fail');
      return listed ? `conformant, ${listed} listed deviation${listed === 1 ? '' : 's'}` : 'conformant';
    }
    case 'not-conformant':
      return `NOT conformant, ${count('fail') || 1} failing`;
    case 'partial':
      return 'partial run';
    case 'no-verdict':
      return 'no verdict';
    case 'interrupted':
      return 'interrupted';
  }
}

/**
 * An SVG badge of a run's verdict, for a README: "COS Upload Part | conformant, 2 listed deviations", coloured by the
 * verdict, titled with the target and the whole verdict line. Self-contained: no font or image is fetched.
 */
export function renderBadge(report: RunReport): string {
  const message = `${targetName(report)}: ${badgeMessage(report)}`;
  const [left, right] = [textWidth(LABEL) + 12, textWidth(message) + 12];
  const width = left + right;
  const colour = COLOUR[report.verdict.kind];
  const text = (x: number, value: string) =>
    `<text x="${x}" y="15" fill="#010101" fill-opacity=".3">${escapeXml(value)}</text><text x="${x}" y="14">${escapeXml(value)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${escapeXml(`${LABEL}: ${message}`)}">
<title>${escapeXml(report.verdict.summary)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${colour}"/><rect width="${width}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(left / 2, LABEL)}${text(left + right / 2, message)}</g>
</svg>
`;
}

/** A file name for each run's badge, from its target and version, unique within the matrix. */
export function badgeFileNames(runs: readonly RunReport[]): Map<RunReport, string> {
  const names = new Map<RunReport, string>();
  const taken = new Set<string>();
  for (const run of runs) {
    const base = targetName(run).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'target';
    const dialect = [run.target.profile, run.target.signature, run.target.addressing].filter(Boolean).join('-');
    let name = `${base}.svg`;
    if (taken.has(name) && dialect) name = `${base}-${dialect}.svg`;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}.svg`;
    taken.add(name);
    names.set(run, name);
  }
  return names;
}
