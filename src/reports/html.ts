import { evidenceText, preconditionText } from './evidence-text.js';
import { evidenceOf, outcomeById, requirementRows, sizesLine, targetName } from './rows.js';
import type { RunReport } from './run-report.js';
import type { RequirementOutcome } from './verdict.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function details(report: RunReport, o: RequirementOutcome): string {
  const parts: string[] = [];
  if (o.expectation) parts.push(`Listed deviation (${o.expectation.status}): ${o.expectation.reason}${o.expectation.link ? ` (${o.expectation.link})` : ''}`);
  if (o.reason && o.status !== 'fail') parts.push(`Why: ${o.reason}`);
  const { failures, preconditions } = evidenceOf(report, o.id);
  parts.push(...failures.map((f) => evidenceText(f)), ...preconditions.map((p) => preconditionText(p)));
  if (o.observations) parts.push(Object.entries(o.observations).map(([k, v]) => `${k}: ${v}`).join('\n'));
  if (o.notes?.length) parts.push(o.notes.map((n) => `note: ${n}`).join('\n'));
  for (const c of report.checks.filter((c) => c.requirementId === o.id && c.sizesCovered?.length)) parts.push(`${c.title}: ${sizesLine(c.sizesCovered!)}`);
  for (const c of o.checks) if (c.reason && c.status !== o.status) parts.push(`${c.title}: ${c.status}: ${c.reason}`);
  return parts.join('\n\n');
}

/** One self-contained page (no network): the requirement matrix, targets as columns, evidence expandable. */
export function renderHtml(reports: readonly RunReport[]): string {
  const head = reports
    .map((r) => `<th class="target" title="${escape(JSON.stringify(r.target))}">${escape(targetName(r))}<br><small>${escape(r.target.profile ?? '')} · ${escape(r.target.signature ?? '')}</small></th>`)
    .join('');
  const rows = requirementRows(reports)
    .map((outcome) => {
      const cells = reports
        .map((r) => {
          const o = outcomeById(r, outcome);
          const more = details(r, o);
          return `<td class="status ${o.status}" data-status="${o.status}">${more ? `<details><summary>${o.status}</summary><pre>${escape(more)}</pre></details>` : o.status}</td>`;
        })
        .join('');
      return `<tr data-id="${outcome.id}"><th class="id">${outcome.id}</th><td class="level ${outcome.level}">${outcome.level}</td><td class="sentence">${escape(outcome.sentence)}<br><small><a href="${escape(outcome.source.url)}">${escape(outcome.source.document)}</a> — ${escape(outcome.source.section)}: “${escape(outcome.source.quote)}”</small></td>${cells}</tr>`;
    })
    .join('\n');
  const verdicts = reports
    .map((r) => `<li class="${r.verdict.kind}">${escape(r.verdict.summary)} <small>(run ${escape(r.runId)}${r.seed !== undefined ? `, seed ${r.seed}` : ''}, ${r.requests} requests, ${(r.bytesSent / 1048576).toFixed(1)} MiB)</small></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>COS Upload Part conformance</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th.id{white-space:nowrap}td.level{font-weight:600}td.sentence small{color:#666}
.status{white-space:nowrap;font-weight:600}.pass{background:#d9f2d9}.fail{background:#f8d0d0}.error{background:#fbe3b5}
.inconclusive{background:#efe3f7}.skipped,.not-run,.not-applicable{background:#eee;color:#666}.recorded{background:#e8f0fb}
.expected-fail{background:#fff3b0}.unexpected-pass{background:#cfe3ff}
pre{white-space:pre-wrap;font-size:12px;max-width:70ch}li.conformant{color:#176317}li.not-conformant,li.no-verdict,li.interrupted{color:#a01010}
</style></head><body>
<h1>COS Upload Part conformance</h1>
<ul id="verdicts">${verdicts}</ul>
<table id="matrix"><thead><tr><th>ID</th><th>Level</th><th>Requirement</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
