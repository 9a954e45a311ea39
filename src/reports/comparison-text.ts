import { CHANGE_KINDS, CHANGE_LABEL, comparisonLine, type Comparison } from './comparison.js';
import { STATUS_LABEL } from './html-text.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The comparison with a baseline in Markdown: a line of counts, then every change, the newly failing first. */
export function comparisonMarkdown(comparison: Comparison): string[] {
  const lines = ['## Changes against the baseline', '', `${comparisonLine(comparison)}.`, ''];
  if (comparison.pairs.some((p) => p.target !== p.baseline)) {
    lines.push(`Compared: ${comparison.pairs.filter((p) => p.target !== p.baseline).map((p) => `${p.target} with ${p.baseline}`).join(', ')}.`, '');
  }
  const changes = CHANGE_KINDS.flatMap((kind) => comparison.changes.filter((c) => c.kind === kind));
  if (changes.length === 0) return [...lines, 'No requirement changed status.'];
  lines.push('| Change | Target | Requirement | Section | Baseline | Now |', '|---|---|---|---|---|---|');
  for (const c of changes) {
    lines.push(`| ${CHANGE_LABEL[c.kind]} | ${cell(c.target)} | ${c.id} | ${cell(c.section)} | ${c.from === 'absent' ? 'not in the baseline' : STATUS_LABEL[c.from]} | ${STATUS_LABEL[c.to]} |`);
  }
  return lines;
}
