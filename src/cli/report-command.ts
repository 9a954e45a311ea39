import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import type { RunReport } from '../reports/run-report.js';
import { UsageError } from './usage.js';

export const REPORT_HELP = `cos-conformance report DIR... — merge runs into one matrix, targets side by side

Each DIR is a --report-dir of an earlier run (it holds conformance.json).

Options:
  --out DIR   where index.html and conformance.md go (default reports/merged)
  --help      this text
`;

export async function reportCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    out(REPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name at least one report directory (a --report-dir of an earlier run)');
  const reports = positionals.map((dir) => {
    const file = join(dir, 'conformance.json');
    if (!existsSync(file)) throw new UsageError(`${dir}: no conformance.json here`);
    return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  });
  const outDir = resolve(values.out ?? 'reports/merged');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.html'), renderHtml(reports));
  writeFileSync(join(outDir, 'conformance.md'), renderMarkdown(reports));
  for (const r of reports) out(r.verdict.summary);
  out(`Merged ${reports.length} run(s): ${join(outDir, 'index.html')}, ${join(outDir, 'conformance.md')}`);
  return 0;
}
