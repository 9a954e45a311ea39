import { outcomeById, requirementRows } from './rows.js';
import type { RunReport } from './run-report.js';
import type { Status } from './verdict.js';

const ICON: Record<Status, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '⚠️ error',
  skipped: '⏭️ skipped',
  'expected-fail': '🟡 expected fail',
  'unexpected-pass': '🔵 unexpected pass',
  'not-run': '· not run',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The summary a person reads on a CI job page (fits $GITHUB_STEP_SUMMARY); several runs become columns. */
export function renderMarkdown(reports: readonly RunReport[]): string {
  const lines: string[] = ['# COS Upload Part conformance', ''];
  for (const report of reports) lines.push(`**${report.verdict.conformant ? '✅' : '❌'} ${report.verdict.summary}**`, '');
  if (reports.length === 1) {
    const r = reports[0]!;
    lines.push(
      `Target: ${Object.entries(r.target).map(([k, v]) => `${k} \`${v}\``).join(', ')}  `,
      `Run \`${r.runId}\`, seed \`${r.seed}\` (replay with \`COS_SEED=${r.seed}\`), ${r.numRuns} cases per property, ${(r.durationMs / 1000).toFixed(1)} s, ${r.requests} requests, ${(r.bytesSent / 1024 / 1024).toFixed(1)} MiB sent${r.verdict.strict ? ', strict' : ''}${r.expectations ? `, expectations \`${r.expectations}\`` : ''}.`,
      '',
      '| Level | ' + (['pass', 'fail', 'error', 'skipped', 'expected-fail', 'unexpected-pass'] as Status[]).join(' | ') + ' |',
      '|---|---|---|---|---|---|---|',
    );
    for (const level of ['MUST', 'SHOULD', 'INFO'] as const) {
      const c = r.verdict.counts[level];
      lines.push(`| ${level} | ${(['pass', 'fail', 'error', 'skipped', 'expected-fail', 'unexpected-pass'] as Status[]).map((s) => c[s] ?? 0).join(' | ')} |`);
    }
    lines.push('');
  }
  const targets = reports.map((r) => r.target.name ?? r.target.endpoint ?? r.runId);
  lines.push(`| ID | Level | Requirement | ${targets.map(cell).join(' | ')} |`, `|---|---|---|${targets.map(() => '---').join('|')}|`);
  for (const outcome of requirementRows(reports)) {
    const statuses = reports.map((r) => ICON[outcomeById(r, outcome).status]);
    lines.push(`| ${outcome.id} | ${outcome.level} | ${cell(outcome.sentence)} | ${statuses.join(' | ')} |`);
  }
  for (const report of reports) {
    const shown = report.verdict.requirements.filter((o) => o.evidence || o.error || o.observations || o.expectation);
    if (shown.length === 0) continue;
    lines.push('', `## Details${reports.length > 1 ? `: ${report.target.endpoint}` : ''}`);
    for (const o of shown) {
      lines.push('', `### ${o.id} — ${ICON[o.status]}`, '', `> ${o.sentence}  `, `> Source: ${o.source.document}, ${o.source.section}`, '');
      if (o.expectation) lines.push(`Listed deviation: ${o.expectation.reason}${o.expectation.link ? ` (${o.expectation.link})` : ''}`, '');
      if (o.evidence) {
        lines.push('```text', `Check:    ${o.evidence.check}`, `Sent:     ${o.evidence.sent}`, `Expected: ${o.evidence.expected}`, `Actual:   ${o.evidence.actual}`);
        if (o.evidence.replay) lines.push(`Replay:   ${o.evidence.replay}`);
        if (o.evidence.exchange) lines.push('', o.evidence.exchange);
        lines.push('```');
      }
      if (o.error) lines.push('```text', `Error: ${o.error}`, '```');
      if (o.observations) for (const [k, v] of Object.entries(o.observations)) lines.push(`- ${k}: \`${v}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}
