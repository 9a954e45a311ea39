import type { RunReport } from './run-report.js';
import { outcomeById, requirementRows } from './rows.js';
import type { RequirementOutcome } from './verdict.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function details(o: RequirementOutcome): string {
  const parts: string[] = [];
  if (o.expectation) parts.push(`Listed deviation: ${o.expectation.reason}${o.expectation.link ? ` (${o.expectation.link})` : ''}`);
  if (o.evidence) {
    parts.push(`Check:    ${o.evidence.check}\nSent:     ${o.evidence.sent}\nExpected: ${o.evidence.expected}\nActual:   ${o.evidence.actual}`);
    if (o.evidence.replay) parts.push(`Replay:   ${o.evidence.replay}`);
    if (o.evidence.exchange) parts.push(o.evidence.exchange);
  }
  if (o.error) parts.push(`Error: ${o.error}`);
  if (o.observations) parts.push(Object.entries(o.observations).map(([k, v]) => `${k}: ${v}`).join('\n'));
  for (const c of o.checks) if (c.note) parts.push(`${c.title}: ${c.note}`);
  return parts.join('\n\n');
}

/** One self-contained page (no network): the requirement matrix, targets as columns, evidence expandable. */
export function renderHtml(reports: readonly RunReport[]): string {
  const head = reports
    .map((r) => `<th class="target" title="${escape(JSON.stringify(r.target))}">${escape(r.target.name ?? r.target.endpoint ?? r.runId)}<br><small>${escape(r.target.profile ?? '')} · ${escape(r.target.signature ?? '')}</small></th>`)
    .join('');
  const rows = requirementRows(reports)
    .map((outcome) => {
      const cells = reports
        .map((r) => {
          const o = outcomeById(r, outcome);
          const more = details(o);
          return `<td class="status ${o.status}" data-status="${o.status}">${more ? `<details><summary>${o.status}</summary><pre>${escape(more)}</pre></details>` : o.status}</td>`;
        })
        .join('');
      return `<tr data-id="${outcome.id}"><th class="id">${outcome.id}</th><td class="level ${outcome.level}">${outcome.level}</td><td class="sentence">${escape(outcome.sentence)}<br><small>${escape(outcome.source.document)} — ${escape(outcome.source.section)}</small></td>${cells}</tr>`;
    })
    .join('\n');
  const verdicts = reports.map((r) => `<li class="${r.verdict.conformant ? 'ok' : 'bad'}">${escape(r.verdict.summary)} <small>(run ${escape(r.runId)}, seed ${r.seed}, ${r.requests} requests, ${(r.bytesSent / 1048576).toFixed(1)} MiB)</small></li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>COS Upload Part conformance</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th.id{white-space:nowrap}td.level{font-weight:600}td.sentence small{color:#666}
.status{white-space:nowrap;font-weight:600}.pass{background:#d9f2d9}.fail{background:#f8d0d0}.error{background:#fbe3b5}
.skipped,.not-run{background:#eee;color:#666}.expected-fail{background:#fff3b0}.unexpected-pass{background:#cfe3ff}
pre{white-space:pre-wrap;font-size:12px;max-width:70ch}li.ok{color:#176317}li.bad{color:#a01010}
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
