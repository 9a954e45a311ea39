import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { badgeFileNames, renderBadge } from '../reports/badge.js';
import { type Comparison, compare, comparisonLine } from '../reports/comparison.js';
import { renderHtml } from '../reports/html.js';
import { renderMarkdown } from '../reports/markdown.js';
import { BaselineError, matrixFile, matrixVerdict, orderedRuns, READABLE_REPORT_FORMATS, readBaseline } from '../reports/matrix.js';
import { renderMatrixMarkdown } from '../reports/matrix-markdown.js';
import { REPORT_FORMAT, type RunReport } from '../reports/run-report.js';
import { mergeRuns, ShardMergeError } from '../reports/shard-merge.js';
import { clearReports, writeReports } from '../reports/write-reports.js';
import { prepareReportDir } from './report-dir.js';
import { UsageError } from './usage.js';

export const REPORT_HELP = `cos-conformance report DIR... — merge runs: the shards of a run into one verdict, targets side by side

Each DIR is a --report-dir of an earlier run (it holds conformance.json). The shards of one run (run --shard I/N
with one target, seed and options) become that run again, judged as a whole; several runs become a matrix: a
column per target, the versions of one server (COS_TARGET_VERSION) side by side, rows grouped by section.

Options:
  --out DIR        where the merged reports go (default reports/merged): for one run, every report "run" writes;
                   for several, index.html and conformance.md with the targets side by side. Always matrix.json
                   (the statuses, a baseline for a later merge), matrix.md (a table fit for a README) and an SVG
                   badge per target under badges/
  --baseline PATH  compare with an earlier matrix.json or conformance.json (or the directory holding it): each
                   requirement newly failing, newly passing, a stale expectation or otherwise changed, per target
  --help           this text

Exit code: as "run" would give for the merged run; for several, the first of 1 (not conformant or no verdict),
2 (a configuration error), 3 (a target not reached) and 130 (interrupted) that any run has, else 0.
`;

/** What a merge writes besides a run's own reports; an earlier merge's are removed first. */
const MATRIX_OUTPUTS = ['matrix.json', 'matrix.md', 'badges'];

export async function reportCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { out: { type: 'string' }, baseline: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    out(REPORT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('name at least one report directory (a --report-dir of an earlier run)');
  const outDir = resolve(values.out ?? 'reports/merged');
  prepareReportDir(outDir);
  const reports = positionals.map(readReport);
  let runs: RunReport[];
  let comparison: Comparison | undefined;
  try {
    runs = orderedRuns(mergeRuns(reports));
    if (values.baseline !== undefined) comparison = compare(runs, readBaseline(values.baseline));
  } catch (error) {
    if (error instanceof ShardMergeError || error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
  // Nothing of an earlier merge stays to be read as this one's: a run's reports, a matrix, its badges.
  clearReports(outDir);
  for (const name of MATRIX_OUTPUTS) rmSync(join(outDir, name), { recursive: true, force: true });
  const written: string[] = [];
  if (runs.length === 1) {
    written.push(...Object.values(writeReports(outDir, runs[0]!, comparison ? { comparison } : {})));
  } else {
    writeFileSync(join(outDir, 'index.html'), renderHtml(runs, comparison ? { comparison } : {}));
    writeFileSync(join(outDir, 'conformance.md'), renderMarkdown(runs, comparison ? { comparison } : {}));
    written.push(join(outDir, 'index.html'), join(outDir, 'conformance.md'));
  }
  const badges = badgeFileNames(runs);
  mkdirSync(join(outDir, 'badges'), { recursive: true });
  for (const [run, name] of badges) writeFileSync(join(outDir, 'badges', name), renderBadge(run));
  writeFileSync(
    join(outDir, 'matrix.json'),
    `${JSON.stringify(matrixFile(runs, { badges, ...(comparison ? { comparison } : {}) }), null, 2)}\n`,
  );
  writeFileSync(join(outDir, 'matrix.md'), renderMatrixMarkdown(runs, { badges, ...(comparison ? { comparison } : {}) }));
  written.push(join(outDir, 'matrix.json'), join(outDir, 'matrix.md'), join(outDir, 'badges/'));

  for (const r of runs) out(r.verdict.summary);
  if (comparison) {
    out(comparisonLine(comparison));
    for (const c of comparison.changes.filter((change) => change.kind === 'newly-failing'))
      out(`  newly failing: ${c.target} ${c.id} (${c.from} → ${c.to})`);
  }
  out(
    `Merged ${reports.length} report(s)${runs.length === 1 ? ' into one run' : `, ${runs.length} runs side by side`}: ${written.join(', ')}`,
  );
  return matrixVerdict(runs).exitCode;
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
  if (!READABLE_REPORT_FORMATS.includes(report.format))
    throw new UsageError(
      `${file}: format ${JSON.stringify(report.format)}, this version reads ${REPORT_FORMAT} (re-run with this version)`,
    );
  return report;
}
