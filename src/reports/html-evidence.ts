import type { Evidence } from '../outcomes/evidence.js';
import { exchangeText } from './evidence-text.js';
import { escapeHtml as e, STATUS_LABEL } from './html-text.js';
import { evidenceOf, sizesLine } from './rows.js';
import type { RunReport } from './run-report.js';
import type { RequirementOutcome } from './verdict.js';

/**
 * What one run shows of one requirement, beyond its status, as a panel of its own: why it has that status, each
 * failing case with Sent / Expected / Actual, its replay line (copyable) and its exchange (wrapped, XML indented),
 * each setup step that left a check inconclusive, INFO observations, notes and the body sizes judged.
 * Empty when there is nothing to add to the status.
 */
export function evidencePanel(report: RunReport, o: RequirementOutcome, targetName: string, options: { observationsInCell?: boolean } = {}): string {
  const parts: string[] = [];
  if (o.expectation) {
    const link = o.expectation.link ? ` <a href="${e(o.expectation.link)}">${e(o.expectation.link)}</a>` : '';
    parts.push(`<p class="listed"><strong>Listed deviation</strong> (expected ${e(o.expectation.status)}): ${e(o.expectation.reason)}${link}</p>`);
  }
  if (o.reason && o.status !== 'fail') parts.push(`<p class="why"><strong>Why:</strong> ${e(o.reason)}</p>`);
  const { failures, preconditions, errors } = evidenceOf(report, o.id);
  parts.push(...failures.map((f) => caseBlock(f, 'failure')), ...preconditions.map((p) => caseBlock(p, 'precondition')), ...errors.map((x) => caseBlock(x, 'error')));
  if (o.observations && Object.keys(o.observations).length > 0 && !options.observationsInCell) parts.push(observationList(o.observations));
  if (o.notes?.length) parts.push(`<ul class="notes">${o.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>`);
  const sized = report.checks.filter((c) => c.requirementId === o.id && c.sizesCovered?.length);
  if (sized.length) parts.push(`<ul class="sizes">${sized.map((c) => `<li><span class="check-title">${e(c.title)}</span>: ${e(sizesLine(c.sizesCovered!))}</li>`).join('')}</ul>`);
  const others = o.checks.filter((c) => c.reason && c.status !== o.status && !o.reason?.endsWith(c.reason));
  if (others.length) parts.push(`<ul class="other-checks">${others.map((c) => `<li><span class="check-title">${e(c.title)}</span>: ${e(c.status)}: ${e(c.reason!)}</li>`).join('')}</ul>`);
  if (parts.length === 0) return '';
  return `<section class="evidence"><h3><span class="status-chip ${o.status}">${e(STATUS_LABEL[o.status])}</span> ${e(o.id)} on ${e(targetName)}</h3>${parts.join('')}</section>`;
}

/** INFO observations, shown where the status is: recording them is the point of an INFO requirement. */
export function observationList(observations: Readonly<Record<string, string>>): string {
  return `<dl class="observations">${Object.entries(observations).map(([k, v]) => `<dt>${e(k)}</dt><dd><code>${e(v)}</code></dd>`).join('')}</dl>`;
}

/**
 * A replay line that wraps between its options (each with its value), never inside one such as --addressing
 * virtual; selected by hand, it copies as written.
 */
const replayWords = (line: string) =>
  line
    .split(/ (?=--|npx )/)
    .map((words) => `<span class="word">${e(words)}</span>`)
    .join(' ');

/** One failing case (Sent / Expected / Actual), one setup step (Step / Needed / Answered), or one case that errored. */
function caseBlock(evidence: Evidence, kind: 'failure' | 'precondition' | 'error'): string {
  const [sent, expected, actual] = kind === 'precondition' ? ['Step', 'Needed', 'Answered'] : ['Sent', 'Expected', 'Actual'];
  const heading =
    kind === 'failure'
      ? 'Failing case'
      : kind === 'precondition'
        ? 'Setup step that did not do what the check needed'
        : evidence.errorKind === 'suite'
          ? 'Error of the suite itself (cos-conformance broke, not the target)'
          : 'A request that got no answer';
  const rows = [
    ['Check', evidence.check],
    ...(evidence.case ? [['Case', evidence.case]] : []),
    [sent, evidence.sent],
    [expected, evidence.expected],
    [actual, evidence.actual],
  ] as Array<[string, string]>;
  const replay = evidence.replay
    ? `<div class="replay"><span class="replay-label">Replay</span><code class="replay-line">${replayWords(evidence.replay)}</code><button type="button" class="copy" data-copy="${e(evidence.replay)}">Copy</button></div>`
    : '';
  const exchange = evidence.exchange ? `<details class="exchange" open><summary>Exchange</summary><pre>${e(exchangeText(evidence.exchange))}</pre></details>` : '';
  const stack = evidence.stack ? `<details class="exchange"><summary>Stack</summary><pre>${e(evidence.stack)}</pre></details>` : '';
  return `<div class="evidence-case ${kind}"><h4>${heading}</h4><dl class="sea">${rows.map(([k, v]) => `<dt>${k}</dt><dd class="field-${k.toLowerCase()}">${e(v ?? '')}</dd>`).join('')}</dl>${replay}${exchange}${stack}</div>`;
}
