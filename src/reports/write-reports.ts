import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './comparison.js';
import { renderCtrf } from './ctrf.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { RunReport } from './run-report.js';

export const REPORT_FILES = { json: 'conformance.json', markdown: 'conformance.md', html: 'index.html', junit: 'junit.xml', ctrf: 'ctrf.json' } as const;

export type WrittenReports = Record<keyof typeof REPORT_FILES, string>;

/** Removes an earlier run's reports, so the directory never shows a verdict this run did not reach. */
export function clearReports(dir: string): void {
  for (const name of Object.values(REPORT_FILES)) rmSync(join(dir, name), { force: true });
}

export function reportPaths(dir: string): WrittenReports {
  return Object.fromEntries(Object.entries(REPORT_FILES).map(([k, name]) => [k, join(dir, name)])) as WrittenReports;
}

export function writeReports(dir: string, report: RunReport, options: { comparison?: Comparison } = {}): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const paths = reportPaths(dir);
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown([report], options));
  writeFileSync(paths.html, renderHtml([report], options));
  writeFileSync(paths.junit, renderJunit(report));
  writeFileSync(paths.ctrf, renderCtrf(report));
  return paths;
}
