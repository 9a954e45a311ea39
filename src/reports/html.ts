import { PAGE_SCRIPT, PAGE_STYLE } from './html-assets.js';
import { evidencePanel, observationList } from './html-evidence.js';
import { escapeHtml as e, FAILING_STATUSES, STATUS_LABEL } from './html-text.js';
import type { Comparison } from './comparison.js';
import { baselineMarker, changesSection, versionMarker } from './html-changes.js';
import { serverGroups, type ServerGroup } from './matrix.js';
import { outcomeById, requirementRows, targetName } from './rows.js';
import { catalogueCommand, reportTitle } from './report-kind.js';
import { bySection } from './sections.js';
import type { RunReport } from './run-report.js';
import { STATUS_ORDER, type RequirementOutcome, type RequirementStatus, type VerdictKind } from './verdict.js';

const VERDICT_LABEL: Record<VerdictKind, string> = { conformant: 'Conformant', 'not-conformant': 'NOT conformant', partial: 'Partial run', 'no-verdict': 'No verdict', interrupted: 'Interrupted' };
const LEVELS = ['MUST', 'SHOULD', 'INFO'] as const;

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const seconds = (ms: number) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** How a run talked to its target, in words: the column header under the target's name. */
function dialect(report: RunReport): string {
  const t = report.target;
  const parts = [
    t.profile ? `${t.profile.toUpperCase()} rules` : '',
    t.signature ? (t.signature === 'sigv4' ? 'SigV4' : 'COS signature') : '',
    t.addressing ? (t.addressing === 'path' ? 'path-style' : 'virtual-hosted') : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** An interrupted run counts what its settled checks sent; what the checks in flight sent is not known. */
const atLeast = (report: RunReport) => (report.verdict.kind === 'interrupted' ? 'at least ' : '');

/** The verdict line without the target's name, which the card's heading already gives. */
const withoutName = (summary: string, name: string) => (summary.startsWith(`${name}: `) ? summary.slice(name.length + 2).replace(/^./, (c) => c.toUpperCase()) : summary);

/** The facts of one run: its target, its settings and what it cost. */
function targetCard(report: RunReport, index: number): string {
  const t = report.target;
  const facts: Array<[string, string | undefined]> = [
    ['Client command', t.command],
    ['Endpoint', t.endpoint],
    ['Bucket', t.bucket],
    ['Region', t.region],
    ['Profile', t.profile],
    ['Signature', t.signature],
    ['Addressing', t.addressing],
    ['Seed', report.seed?.toString()],
    ['Cases per property', report.numRuns?.toString()],
    ['Duration', seconds(report.durationMs) + (report.shards ? ` (sum of ${report.shards.length} shards)` : '')],
    ['Bytes sent', atLeast(report) + mib(report.bytesSent)],
    ['Requests', atLeast(report) + report.requests.toLocaleString('en')],
    ['Expectations', report.expectations],
    ['Filter', report.options?.filter],
    ['Deviations', report.options?.deviations.length ? report.options.deviations.join(', ') : undefined],
    ['Strict', report.verdict.strict ? 'yes' : undefined],
    ['Run', report.runId],
    ['Started', report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')],
    ['cos-conformance', report.tool.version],
  ];
  const shards = report.shards ? `<p class="shards">Merged from shards ${report.shards.map((s) => `${s.index}/${s.count} (${seconds(s.durationMs)})`).join(', ')}</p>` : '';
  const notices = [
    ...(report.warnings ?? []).map((w) => `<li>Warning: ${e(w)}</li>`),
    ...report.leftovers.map((l) => `<li>Left behind: ${e(l.kind)} <code>${e(l.key)}</code>${l.uploadId ? ` (UploadId <code>${e(l.uploadId)}</code>)` : ''}: ${e(l.reason)}</li>`),
  ];
  return `<article class="target-card ${report.verdict.kind}" data-target="${index}">
<h2><span class="target-name">${e(targetName(report))}</span> <span class="verdict-badge ${report.verdict.kind}">${VERDICT_LABEL[report.verdict.kind]}</span></h2>
<p class="summary">${e(withoutName(report.verdict.summary, targetName(report)))}</p>
${countsTable(report)}
<dl class="facts">${facts.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `<div><dt>${k}</dt><dd>${e(v!)}</dd></div>`).join('')}</dl>
${shards}${notices.length ? `<ul class="notices">${notices.join('')}</ul>` : ''}
</article>`;
}

/** Requirements per status and level: a row for each status this run has, a column per level. */
function countsTable(report: RunReport): string {
  const { counts } = report.verdict;
  const present = STATUS_ORDER.filter((s) => LEVELS.some((level) => counts[level][s]));
  const cell = (n: number | undefined) => `<td>${n ?? '·'}</td>`;
  const sum = (s: RequirementStatus) => LEVELS.reduce((total, level) => total + (counts[level][s] ?? 0), 0);
  const rows = present.map((s) => `<tr><th scope="row"><span class="status-chip ${s}">${STATUS_LABEL[s]}</span></th>${LEVELS.map((level) => cell(counts[level][s])).join('')}<td>${sum(s)}</td></tr>`);
  const totals = LEVELS.map((level) => present.reduce((total, s) => total + (counts[level][s] ?? 0), 0));
  rows.push(`<tr class="total"><th scope="row">total</th>${totals.map((n) => `<td>${n}</td>`).join('')}<td>${totals.reduce((a, b) => a + b, 0)}</td></tr>`);
  return `<table class="counts"><caption>Requirements by status and level</caption><thead><tr><th scope="col">status</th>${LEVELS.map((level) => `<th scope="col">${level}</th>`).join('')}<th scope="col">all</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The filters: what the rows offer, and how many of them show. */
function filterBar(statuses: readonly RequirementStatus[], comparing: boolean): string {
  const levels = LEVELS.map((level) => `<label><input type="checkbox" name="level" value="${level}" checked> ${level}</label>`).join('');
  const options = statuses.map((s) => `<option value="${s}">${STATUS_LABEL[s]}</option>`).join('');
  return `<form id="filters" class="filters" onsubmit="return false">
<label class="failures"><input type="checkbox" id="failures-only" data-statuses="${FAILING_STATUSES.join(' ')}"> Failures only</label>${comparing ? '\n<label class="changed"><input type="checkbox" id="changed-only"> Changed only</label>' : ''}
<fieldset><legend>Level</legend>${levels}</fieldset>
<label>Status <select id="status-filter"><option value="">any</option>${options}</select></label>
<span class="actions"><button type="button" id="expand-all">Open all evidence</button> <button type="button" id="collapse-all">Close all</button></span>
<output id="shown" aria-live="polite"></output>
</form>`;
}

/** The column headers: a row of targets, or, when a server ran in several versions, its name over its versions. */
function columnHeads(groups: readonly ServerGroup[]): { rows: string; grouped: boolean } {
  const grouped = groups.some((g) => g.runs.length > 1);
  const target = (r: RunReport, text: string) => `<th class="target" scope="col">${e(text)}<small>${e(dialect(r))}</small></th>`;
  if (!grouped) return { grouped, rows: `<tr><th scope="col">ID</th><th scope="col">Requirement</th>${groups.flatMap((g) => g.runs).map((r) => target(r, targetName(r))).join('')}</tr>` };
  const servers = groups.map((g) => `<th class="server" scope="colgroup" colspan="${g.runs.length}">${e(g.server)}</th>`).join('');
  const versions = groups.flatMap((g) => g.runs.map((r) => target(r, r.target.version ?? (g.runs.length > 1 ? 'no version' : '')))).join('');
  return { grouped, rows: `<tr><th scope="col" rowspan="2">ID</th><th scope="col" rowspan="2">Requirement</th>${servers}</tr><tr>${versions}</tr>` };
}

/**
 * One self-contained page (no network): each run's target and counts, the changes against a baseline, filters, and
 * the requirement matrix, its rows grouped by section and the versions of one server side by side.
 */
export function renderHtml(given: readonly RunReport[], options: { comparison?: Comparison } = {}): string {
  const groups = serverGroups(given);
  const reports = groups.flatMap((g) => g.runs);
  // The run before each in its server's versions, spoken to the same way: what a cell changed since.
  const previous = new Map<RunReport, RunReport>();
  for (const g of groups) g.runs.forEach((r, i) => {
    const before = g.runs.slice(0, i).reverse().find((p) => dialect(p) === dialect(r) && p.target.version && r.target.version);
    if (before) previous.set(r, before);
  });
  const changed = new Map((options.comparison?.changes ?? []).map((c) => [`${c.target}\u0000${c.id}`, c]));
  const heads = columnHeads(groups);
  const seen = new Set<RequirementStatus>();
  const row = (row: RequirementOutcome, section: string) => {
    const outcomes = reports.map((r) => outcomeById(r, row));
    for (const o of outcomes) seen.add(o.status);
    const panels = reports.map((r, i) => evidencePanel(r, outcomes[i]!, targetName(r), { observationsInCell: row.level === 'INFO' }));
    const evidenceId = `evidence-${row.id}`;
    let anyChange = false;
    const cells = outcomes
      .map((o, i) => {
        const run = reports[i]!;
        const label = STATUS_LABEL[o.status];
        const status = panels[i] ? `<button type="button" class="toggle" aria-expanded="false" aria-controls="${evidenceId}">${label}</button>` : `<span>${label}</span>`;
        const observed = o.level === 'INFO' && o.observations ? observationList(o.observations) : '';
        const before = previous.get(run);
        const change = changed.get(`${targetName(run)}\u0000${row.id}`);
        if (change) anyChange = true;
        const markers = baselineMarker(change) + versionMarker(before ? { version: before.target.version!, status: outcomeById(before, row).status } : undefined, o.status);
        return `<td class="status ${o.status}" data-status="${o.status}" data-target="${e(targetName(run))}">${status}${markers}${observed}</td>`;
      })
      .join('');
    const source = `<a href="${e(row.source.url)}">${e(row.source.document)}</a>${row.source.revision ? ` (revision ${e(row.source.revision)})` : ''}, ${e(row.source.section)}: <q>${e(row.source.quote)}</q>`;
    const statuses = [...new Set(outcomes.map((o) => o.status))].join(' ');
    const main = `<tr class="requirement" id="row-${row.id}" data-id="${row.id}" data-level="${row.level}" data-section="${section}" data-statuses="${statuses}"${anyChange ? ' data-changed="true"' : ''}><th class="id" scope="row">${row.id}<span class="level ${row.level}">${row.level}</span></th><td class="sentence">${e(row.sentence)}<div class="source">${source}</div></td>${cells}</tr>`;
    const evidence = panels.some(Boolean) ? `\n<tr class="evidence-row" id="${evidenceId}" data-for="${row.id}"><td colspan="${2 + reports.length}">${panels.join('')}</td></tr>` : '';
    return main + evidence;
  };
  const body = bySection(requirementRows(reports))
    .map(({ section, rows }) => [`<tr class="section" data-section="${section.key}"><th scope="colgroup" colspan="${2 + reports.length}">${e(section.title)}</th></tr>`, ...rows.map((r) => row(r, section.key))].join('\n'))
    .join('\n');
  const statuses = STATUS_ORDER.filter((s) => seen.has(s));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${reportTitle(reports)}${reports.length === 1 ? `: ${e(targetName(reports[0]!))}` : ''}</title>
<style>${PAGE_STYLE}</style></head><body>
<header><h1>${reportTitle(reports)}</h1><p class="about">Requirements cite the public COS documents; <code>${catalogueCommand(reports)}</code> prints the catalogue.</p></header>
${options.comparison ? changesSection(options.comparison) : ''}
<section id="verdicts" class="targets">${reports.map(targetCard).join('\n')}</section>
${filterBar(statuses, options.comparison !== undefined)}
<div class="matrix-wrap"><table id="matrix" class="${reports.length === 1 ? 'one-target' : 'several-targets'}${heads.grouped ? ' grouped' : ''}"><thead>${heads.rows}</thead>
<tbody>
${body}
</tbody></table></div>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}
