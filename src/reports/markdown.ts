import { comparisonMarkdown } from './comparison-text.js';
import type { Comparison } from './comparison.js';
import { stopLines } from './console.js';
import { errorText, evidenceText, preconditionText } from './evidence-text.js';
import { evidenceOf, outcomeById, requirementRows, sizesLine, targetName } from './rows.js';
import { reportTitle } from './report-kind.js';
import type { RunReport } from './run-report.js';
import { bySection } from './sections.js';
import { STATUS_ORDER, type RequirementStatus, type VerdictKind } from './verdict.js';

const ICON: Record<RequirementStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '⚠️ error',
  inconclusive: '❔ inconclusive',
  skipped: '⏭️ skipped',
  'not-applicable': '➖ not applicable',
  recorded: '📝 recorded',
  'not-run': '· not run',
  'expected-fail': '🟡 expected fail',
  'unexpected-pass': '🔵 unexpected pass',
};

const VERDICT_ICON: Record<VerdictKind, string> = { conformant: '✅', 'not-conformant': '❌', partial: 'ℹ️', 'no-verdict': '⚠️', interrupted: '⏹️' };

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fence = (text: string) => ['```text', text, '```'];

/**
 * The summary a person reads on a CI job page (fits $GITHUB_STEP_SUMMARY); several runs become columns, rows are
 * grouped by section, and the changes against a baseline come right after the verdicts.
 */
export function renderMarkdown(reports: readonly RunReport[], options: { comparison?: Comparison } = {}): string {
  const lines: string[] = [`# ${reportTitle(reports)}`, ''];
  for (const report of reports) {
    lines.push(`**${VERDICT_ICON[report.verdict.kind]} ${report.verdict.summary}**`, '');
    for (const warning of report.warnings ?? []) lines.push(`> Warning: ${warning}`, '');
  }
  if (options.comparison) lines.push(...comparisonMarkdown(options.comparison), '');
  if (reports.length === 1) {
    const r = reports[0]!;
    lines.push(
      `Target: ${Object.entries(r.target).map(([k, v]) => `${k} \`${v}\``).join(', ')}  `,
      `Run \`${r.runId}\`${r.shard ? ` (shard ${r.shard.index}/${r.shard.count})` : ''}${r.shards ? ` (merged from ${r.shards.length} shards)` : ''}${r.seed !== undefined ? `, seed \`${r.seed}\`, ${r.numRuns} cases per property` : ''}, ${(r.durationMs / 1000).toFixed(1)} s, ${r.verdict.kind === 'interrupted' ? 'at least ' : ''}${r.requests} requests, ${(r.bytesSent / 1024 / 1024).toFixed(1)} MiB sent${r.verdict.strict ? ', strict' : ''}${r.options?.filter ? `, filtered: \`${r.options.filter}\`` : ''}${r.expectations ? `, expectations \`${r.expectations}\`` : ''}.`,
      '',
      `| Level | ${STATUS_ORDER.join(' | ')} |`,
      `|---|${STATUS_ORDER.map(() => '---').join('|')}|`,
    );
    for (const level of ['MUST', 'SHOULD', 'INFO'] as const) lines.push(`| ${level} | ${STATUS_ORDER.map((s) => r.verdict.counts[level][s] ?? 0).join(' | ')} |`);
    lines.push('');
  }
  const names = reports.map(targetName);
  lines.push(`| ID | Level | Requirement | ${names.map(cell).join(' | ')} |`, `|---|---|---|${names.map(() => '---').join('|')}|`);
  for (const { section, rows } of bySection(requirementRows(reports))) {
    lines.push(`| | | **${cell(section.title)}** |${reports.map(() => ' |').join('')}`);
    for (const row of rows) lines.push(`| ${row.id} | ${row.level} | ${cell(row.sentence)} | ${reports.map((r) => ICON[outcomeById(r, row).status]).join(' | ')} |`);
  }
  for (const report of reports) {
    const shown = report.verdict.requirements.filter((o) => (o.status !== 'pass' && o.status !== 'not-run') || o.notes?.length);
    if (shown.length > 0) lines.push('', `## Details${reports.length > 1 ? `: ${targetName(report)}` : ''}`);
    for (const o of shown) {
      lines.push('', `### ${o.id} — ${ICON[o.status]}`, '', `> ${o.sentence}  `, `> Source: [${o.source.document}](${o.source.url})${o.source.revision ? ` (revision ${o.source.revision})` : ''}, ${o.source.section}: "${o.source.quote}"`, '');
      if (o.expectation) lines.push(`Listed deviation (${o.expectation.status}${o.expectation.revision ? `, judged against revision ${o.expectation.revision}` : ''}): ${o.expectation.reason}${o.expectation.link ? ` (${o.expectation.link})` : ''}`, '');
      if (o.reason && o.status !== 'fail') lines.push(`Why: ${o.reason}`, '');
      const { failures, preconditions, errors } = evidenceOf(report, o.id);
      for (const failure of failures) lines.push(...fence(evidenceText(failure)), '');
      for (const step of preconditions) lines.push(...fence(preconditionText(step)), '');
      for (const error of errors) lines.push(...fence(errorText(error)), '');
      for (const note of o.notes ?? []) lines.push(`- note: ${note}`);
      for (const [k, v] of Object.entries(o.observations ?? {})) lines.push(`- ${k}: \`${v}\``);
    }
    const sized = report.checks.filter((c) => c.sizesCovered?.length);
    if (sized.length > 0) {
      lines.push('', `## Body sizes judged${reports.length > 1 ? `: ${targetName(report)}` : ''}`, '', '| Check | Sizes |', '|---|---|');
      for (const c of sized) lines.push(`| ${cell(c.title)} | ${sizesLine(c.sizesCovered!)} |`);
    }
    for (const stop of report.targetStops ?? []) lines.push('', `## Target stopped${reports.length > 1 ? `: ${targetName(report)}` : ''}`, '', ...fence(stopLines(stop).join('\n')));
    if (report.leftovers.length > 0) {
      lines.push('', `## Left behind${reports.length > 1 ? `: ${targetName(report)}` : ''}`, '', 'The run could not remove these; `cos-conformance sweep` retries.', '');
      for (const l of report.leftovers) lines.push(`- ${l.kind} \`${l.key}\`${l.uploadId ? ` (UploadId \`${l.uploadId}\`)` : ''}: ${l.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
