import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { REPORT_FORMAT, type RunReport } from '../reports/run-report.js';
import { mergeRuns, ShardMergeError } from '../reports/shard-merge.js';
import { clearReports, writeReports } from '../reports/write-reports.js';
import { prepareReportDir } from './report-dir.js';
import { EXIT, UsageError } from './usage.js';

export const REPORT_HELP = `cos-conformance report DIR... — merge runs: the shards of a run into one verdict, targets side by side

Each DIR is a --report-dir of an earlier run (it holds conformance.json). The shards of one run (run --shard I/N
with one target, seed and options) become that run again, judged as a whole; several runs become a matrix.

Options:
  --out DIR   where the merged reports go (default reports/merged): for one run, every report "run" writes;
              for several, index.html and conformance.md with the targets side by side
  --help      this text

Exit code: as "run" would give for the merged run; for several, the first of 1 (not conformant or no verdict),
2 (a configuration error), 3 (a target not reached) and 130 (interrupted) that any run has, else 0.
`;

export async function reportCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    out(REPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name at least one report directory (a --report-dir of an earlier run)');
  const outDir = resolve(values.out ?? 'reports/merged');
  prepareReportDir(outDir);
  const reports = positionals.map(readReport);
  let runs: RunReport[];
  try {
    runs = mergeRuns(reports);
  } catch (error) {
    if (error instanceof ShardMergeError) throw new UsageError(error.message);
    throw error;
  }
  if (runs.length === 1) {
    clearReports(outDir);
    const paths = writeReports(outDir, runs[0]!);
    out(runs[0]!.verdict.summary);
    out(`Merged ${reports.length} report(s) into one run: ${Object.values(paths).join(', ')}`);
  } else {
    writeFileSync(join(outDir, 'index.html'), renderHtml(runs));
    writeFileSync(join(outDir, 'conformance.md'), renderMarkdown(runs));
    for (const r of runs) out(r.verdict.summary);
    out(`Merged ${reports.length} report(s), ${runs.length} runs side by side: ${join(outDir, 'index.html')}, ${join(outDir, 'conformance.md')}`);
  }
  return worstExitCode(runs.map((r) => r.verdict.exitCode));
}

function readReport(dir: string): RunReport {
  const file = join(dir, 'conformance.json');
  if (!existsSync(file)) throw new UsageError(`${dir}: no conformance.json here`);
  let report: RunReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (report.format !== REPORT_FORMAT) throw new UsageError(`${file}: format ${JSON.stringify(report.format)}, this version reads ${REPORT_FORMAT} (re-run with this version)`);
  return report;
}

/** A regression anywhere fails the merge; an unreachable target next; an interruption last. */
function worstExitCode(codes: readonly number[]): number {
  for (const code of [EXIT.notConformant, EXIT.usage, EXIT.unreachable, EXIT.interrupted]) if (codes.includes(code)) return code;
  return 0;
}
