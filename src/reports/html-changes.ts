import { CHANGE_KINDS, CHANGE_LABEL, classify, comparisonLine, type ChangeKind, type Comparison, type StatusChange } from './comparison.js';
import { escapeHtml as e, STATUS_LABEL } from './html-text.js';
import type { RequirementStatus } from './verdict.js';

const ARROW: Record<ChangeKind, string> = { 'newly-failing': '▼', 'newly-passing': '▲', 'stale-expectation': '▲', changed: '•' };

/** The changes against a baseline, above the matrix: a line of counts and a table, the newly failing first. */
export function changesSection(comparison: Comparison): string {
  const head = '<thead><tr><th scope="col">Change</th><th scope="col">Target</th><th scope="col">Requirement</th><th scope="col">Section</th><th scope="col">Baseline</th><th scope="col">Now</th></tr></thead>';
  const row = (c: StatusChange) =>
    `<tr class="${c.kind}"><td><span class="change ${c.kind}">${ARROW[c.kind]} ${CHANGE_LABEL[c.kind]}</span></td><td>${e(c.target)}</td><td><a href="#row-${c.id}">${c.id}</a></td><td>${e(c.section)}</td><td class="status ${c.from === 'absent' ? 'not-run' : c.from}">${c.from === 'absent' ? 'not in the baseline' : STATUS_LABEL[c.from]}</td><td class="status ${c.to}">${STATUS_LABEL[c.to]}</td></tr>`;
  const table = (changes: readonly StatusChange[]) => `<div class="changes-wrap"><table class="changes">${head}<tbody>${changes.map(row).join('')}</tbody></table></div>`;
  // What a reviewer acts on stays in view; other changes (judged now and not before, say) fold away when many.
  const acted = CHANGE_KINDS.filter((kind) => kind !== 'changed').flatMap((kind) => comparison.changes.filter((c) => c.kind === kind));
  const other = comparison.changes.filter((c) => c.kind === 'changed');
  const parts = [
    acted.length ? table(acted) : '',
    other.length > 5 ? `<details class="other-changes"><summary>${other.length} other changes</summary>${table(other)}</details>` : other.length ? table(other) : '',
  ].filter(Boolean);
  return `<section id="changes" class="changes-section"><h2>Changes against the baseline</h2><p>${e(comparisonLine(comparison))}.</p>${parts.join('') || '<p>No requirement changed status.</p>'}</section>`;
}

/** A cell's change against the baseline: what it was, marked by the kind of change. */
export function baselineMarker(change: StatusChange | undefined): string {
  if (!change) return '';
  const was = change.from === 'absent' ? 'not in the baseline' : `baseline: ${STATUS_LABEL[change.from]}`;
  return `<span class="change ${change.kind}" title="${e(CHANGE_LABEL[change.kind])} against the baseline">${ARROW[change.kind]} ${e(was)}</span>`;
}

/** A cell's change against the previous version of the same server: "▲ 1.4.0: fail". */
export function versionMarker(previous: { version: string; status: RequirementStatus } | undefined, status: RequirementStatus): string {
  if (!previous) return '';
  const kind = classify(previous.status, status);
  if (!kind) return '';
  return `<span class="since ${kind}" title="${e(CHANGE_LABEL[kind])} since ${e(previous.version)}">${ARROW[kind]} ${e(previous.version)}: ${e(STATUS_LABEL[previous.status])}</span>`;
}
