import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from './verdict.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';

/** Everything a run reports; conformance.json is this object. It never holds a secret. */
export interface RunReport {
  readonly tool: { readonly name: 'cos-conformance'; readonly version: string };
  readonly target: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly bytesSent: number;
  readonly requests: number;
  readonly expectations?: string;
  readonly verdict: Verdict;
}

export interface WrittenReports {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

export function writeReports(dir: string, report: RunReport): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, 'conformance.json'), markdown: join(dir, 'conformance.md'), html: join(dir, 'index.html') };
  writeFileSync(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(paths.markdown, renderMarkdown([report]));
  writeFileSync(paths.html, renderHtml([report]));
  return paths;
}
