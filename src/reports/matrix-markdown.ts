import { PACKAGE_VERSION } from '../package-info.js';
import { comparisonMarkdown } from './comparison-text.js';
import type { Comparison } from './comparison.js';
import { badgeMessage } from './badge.js';
import { outcomeById, requirementRows, targetName } from './rows.js';
import type { RunReport } from './run-report.js';
import { bySection } from './sections.js';
import type { RequirementStatus } from './verdict.js';

/** A status in one symbol, so that a table of many targets fits a README. */
export const SYMBOL: Record<RequirementStatus, string> = {
  pass: '✅',
  fail: '❌',
  error: '⚠️',
  inconclusive: '❔',
  skipped: '⏭️',
  'not-applicable': '➖',
  recorded: '📝',
  'not-run': '·',
  'expected-fail': '🟡',
  'unexpected-pass': '🔵',
};

const LEGEND = '✅ pass · ❌ fail · ⚠️ error (stopped answering) · ❔ inconclusive · ⏭️ skipped (byte budget) · ➖ not applicable · 📝 recorded (INFO) · · not run · 🟡 expected fail (listed deviation) · 🔵 unexpected pass (stale entry)';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (text: string, max = 72) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/**
 * matrix.md: the compatibility matrix as a Markdown table fit for a README or a pull request: the badges, a verdict
 * row, then a row per requirement under its section, a column per target; the changes against a baseline after it.
 */
export function renderMatrixMarkdown(runs: readonly RunReport[], options: { comparison?: Comparison; badges?: ReadonlyMap<RunReport, string> } = {}): string {
  const names = runs.map(targetName);
  const lines: string[] = ['## COS Upload Part compatibility', ''];
  const badges = runs.filter((r) => options.badges?.has(r)).map((r) => `![${cell(`${targetName(r)}: ${badgeMessage(r)}`)}](badges/${options.badges!.get(r)})`);
  if (badges.length) lines.push(badges.join(' '), '');
  lines.push(`| Requirement | Level | ${names.map(cell).join(' | ')} |`, `|---|---|${names.map(() => ':---:').join('|')}|`);
  lines.push(`| **Verdict** | | ${runs.map((r) => `${SYMBOL[r.verdict.kind === 'conformant' ? 'pass' : r.verdict.kind === 'partial' ? 'not-run' : 'fail']} ${cell(badgeMessage(r))}`).join(' | ')} |`);
  for (const { section, rows } of bySection(requirementRows(runs))) {
    lines.push(`| **${cell(section.title)}** | |${runs.map(() => ' |').join('')}`);
    for (const row of rows) lines.push(`| [${row.id}](${row.source.url}) ${cell(short(row.sentence))} | ${row.level} | ${runs.map((r) => SYMBOL[outcomeById(r, row).status]).join(' | ')} |`);
  }
  const seeds = [...new Set(runs.map((r) => r.seed).filter((s) => s !== undefined))];
  lines.push('', `${LEGEND}.`, '', `cos-conformance ${PACKAGE_VERSION}${seeds.length ? `, seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}` : ''}; each run's reports hold the evidence of every status.`);
  if (options.comparison) lines.push('', ...comparisonMarkdown(options.comparison));
  return `${lines.join('\n')}\n`;
}
