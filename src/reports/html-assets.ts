/**
 * The report page's style and behaviour, inlined into the one file: it opens from a CI artifact or a mail with no
 * network. Without the script every row and all the evidence show; the script folds the evidence under each status,
 * and adds the filters and the copy buttons.
 */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--accent:#0969da;
--pass:#d9f2d9;--fail:#f8d0d0;--error:#fbe3b5;--inconclusive:#efe3f7;--grey:#eeeeee;--recorded:#e8f0fb;--expected-fail:#fff3b0;--unexpected-pass:#cfe3ff}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:1.25rem;max-width:96rem;color:var(--fg)}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:0 0 .5rem}h3{font-size:1rem;margin:0 0 .5rem}h4{font-size:.9rem;margin:0 0 .4rem;color:var(--muted)}
.about{margin:0 0 1rem;color:var(--muted)}
a{color:var(--accent)}code{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.targets{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem;margin-bottom:1rem}
.target-card{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:1rem;background:#fff;min-width:0}
.target-card.conformant{border-left-color:#2da44e}.target-card.not-conformant,.target-card.no-verdict,.target-card.interrupted{border-left-color:#cf222e}.target-card.partial{border-left-color:#9a6700}
.target-name{overflow-wrap:anywhere}
.verdict-badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:1rem;vertical-align:middle;background:var(--grey)}
.verdict-badge.conformant{background:var(--pass)}.verdict-badge.not-conformant,.verdict-badge.no-verdict,.verdict-badge.interrupted{background:var(--fail)}.verdict-badge.partial{background:var(--expected-fail)}
.summary{margin:0 0 .75rem}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.35rem 1rem;margin:.75rem 0 0}
.facts div{min-width:0}.facts dt{font-size:.75rem;color:var(--muted)}.facts dd{margin:0;overflow-wrap:anywhere}
.shards,.notices{margin:.5rem 0 0;color:var(--muted);font-size:.9rem}
.summary,.shards,.notices{overflow-wrap:anywhere}
.counts{border-collapse:collapse;font-size:.85rem}.counts caption{text-align:left;font-size:.75rem;color:var(--muted);padding-bottom:.15rem}
.counts th,.counts td{border:1px solid var(--line);padding:.15rem .55rem;text-align:right}.counts th[scope=row]{text-align:left}.counts thead th{text-align:right}.counts thead th:first-child{text-align:left}.counts tr.total>*{font-weight:600}
.status-chip{display:inline-block;padding:0 .35rem;border-radius:4px;white-space:nowrap;font-weight:600;font-size:.8rem}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding:.6rem .75rem;margin:0 0 .5rem;background:var(--panel);border:1px solid var(--line);border-radius:6px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:.6rem;align-items:center}.filters legend{float:left;margin-right:.4rem;color:var(--muted)}
.filters .actions{display:flex;gap:.4rem}.filters output{color:var(--muted);margin-left:auto}
button{font:inherit;font-size:.85rem;border:1px solid var(--line);border-radius:4px;background:#fff;padding:.1rem .5rem;cursor:pointer}
.matrix-wrap{overflow-x:auto}
table#matrix{border-collapse:collapse;width:100%}
#matrix th,#matrix td{border:1px solid var(--line);padding:.4rem .5rem;vertical-align:top;text-align:left}
#matrix thead th{background:var(--panel)}
#matrix tr{scroll-margin-top:4.5rem}
#matrix th.target small{display:block;font-weight:400;color:var(--muted)}
#matrix th.id{white-space:nowrap;width:5.5rem}
.level{display:block;width:max-content;margin-top:.2rem;font-size:.7rem;font-weight:600;padding:0 .3rem;border-radius:3px;background:var(--grey)}
.level.MUST{background:#ffd8d3}.level.SHOULD{background:#fff1c2}.level.INFO{background:#dbeafe}
td.sentence{min-width:14rem}.source{margin-top:.25rem;font-size:.8rem;color:var(--muted)}
td.status{min-width:8rem;width:13rem}
#matrix th.target{overflow-wrap:anywhere}
td.status button.toggle,td.status>span{font-weight:600}
td.status button.toggle{background:transparent;border-color:rgba(0,0,0,.25)}
td.status button.toggle::after{content:" ▸"}td.status button.toggle[aria-expanded=true]::after{content:" ▾"}
.pass{background:var(--pass)}.fail{background:var(--fail)}.error{background:var(--error)}.inconclusive{background:var(--inconclusive)}
.skipped,.not-run,.not-applicable{background:var(--grey);color:var(--muted)}.recorded{background:var(--recorded)}
.expected-fail{background:var(--expected-fail)}.unexpected-pass{background:var(--unexpected-pass)}
.observations{margin:.35rem 0 0;font-size:.8rem;font-weight:400}.observations dt{color:var(--muted)}.observations dd{margin:0 0 .25rem;overflow-wrap:anywhere}
tr.evidence-row>td{background:var(--panel);padding:.75rem}
.evidence{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:0 0 .75rem;max-width:72rem}
.evidence:last-child{margin-bottom:0}
.evidence p,.evidence ul{margin:.25rem 0 .5rem}
.evidence-case{border-top:1px solid var(--line);padding-top:.6rem;margin-top:.6rem}
.sea{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:0}
.sea dt{color:var(--muted)}.sea dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.sea dd.field-expected,.sea dd.field-needed{color:#116329}.sea dd.field-actual,.sea dd.field-answered{color:#a40e26}
.replay{display:flex;gap:.5rem;align-items:flex-start;margin:.6rem 0 0;padding:.4rem .5rem;background:var(--panel);border:1px solid var(--line);border-radius:4px}
.replay-label{color:var(--muted);font-size:.8rem;padding-top:.1rem}
.replay-line{flex:1;min-width:0}.replay-line .word{display:inline-block;max-width:100%;overflow-wrap:anywhere}
.exchange{margin-top:.6rem}.exchange summary{cursor:pointer;color:var(--muted);font-size:.85rem}
.exchange pre{margin:.3rem 0 0;padding:.5rem .6rem;background:var(--panel);border:1px solid var(--line);border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:32rem;overflow-y:auto}
.check-title{font-style:italic}
#matrix tr.section>th{background:#eaeef2;font-size:.85rem;letter-spacing:.02em;padding:.3rem .5rem}
#matrix th.server{text-align:center;overflow-wrap:anywhere}
.change,.since{display:block;width:max-content;max-width:100%;margin-top:.2rem;font-size:.75rem;font-weight:600;padding:0 .3rem;border-radius:3px;background:rgba(255,255,255,.75);overflow-wrap:anywhere}
.change.newly-failing,.since.newly-failing{color:#a40e26}.change.newly-passing,.since.newly-passing{color:#116329}.change.stale-expectation{color:#0550ae}.change.changed,.since.changed,.since.stale-expectation{color:var(--muted)}
.changes-section{margin:0 0 1rem}.changes-section h2{margin-bottom:.25rem}.changes-section p{margin:.25rem 0 .5rem}
.changes-wrap{overflow-x:auto}.changes{border-collapse:collapse;font-size:.85rem}.changes th,.changes td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left}
.changes td .change{margin:0;background:transparent;padding:0}
.other-changes{margin-top:.5rem}.other-changes summary{cursor:pointer;color:var(--muted)}
[hidden]{display:none!important}
@media (max-width:40rem){
body{padding:.6rem;font-size:14px}.target-card{padding:.75rem}.facts{grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr))}
.counts{width:100%;table-layout:fixed;font-size:.75rem}.counts th,.counts td{padding:.15rem .2rem}.counts thead th{font-size:.68rem}.counts thead th:first-child,.counts th[scope=row]{width:32%}.counts thead th:last-child{width:12%}
.counts .status-chip{white-space:normal;font-size:.7rem;padding:0 .25rem}
.filters{position:static}.filters output{margin-left:0;width:100%}
#matrix,#matrix tbody,tr.evidence-row,tr.evidence-row>td{display:block}#matrix thead{display:none}
#matrix tr.section{display:block;margin:.75rem 0 .4rem}#matrix tr.section>th{display:block;border:0;border-radius:4px}
#matrix tr.requirement{display:grid;grid-template-columns:1fr;border:1px solid var(--line);border-radius:6px;margin:0 0 .5rem;overflow:hidden}
#matrix tr.requirement>*{border:0;border-top:1px solid var(--line);width:auto;min-width:0}#matrix tr.requirement>:first-child{border-top:0}
#matrix th.id{display:flex;gap:.5rem;align-items:center;background:var(--panel)}.level{margin:0}
#matrix.one-target td.status::before{content:none}
td.status::before{content:attr(data-target);display:block;font-size:.75rem;font-weight:400;color:var(--muted);overflow-wrap:anywhere}
tr.evidence-row{margin:-.5rem 0 .5rem}tr.evidence-row>td{border:1px solid var(--line);border-top:0;border-radius:0 0 6px 6px;padding:.4rem}
.sea{grid-template-columns:1fr}.sea dt{margin-top:.25rem}.evidence{padding:.6rem}
.replay{flex-wrap:wrap}.replay-line{order:3;flex-basis:100%}.replay .copy{margin-left:auto}}
@media print{.filters,.toggle::after,.copy{display:none}tr.evidence-row{display:table-row!important}}
`;

export const PAGE_SCRIPT = `
(() => {
  const rows = [...document.querySelectorAll('#matrix tr.requirement')];
  const evidenceOf = (row) => document.getElementById('evidence-' + row.dataset.id);
  const failures = document.getElementById('failures-only');
  const changedOnly = document.getElementById('changed-only');
  const sections = [...document.querySelectorAll('#matrix tr.section')];
  const status = document.getElementById('status-filter');
  const shown = document.getElementById('shown');
  const failing = failures.dataset.statuses.split(' ');
  const apply = () => {
    const levels = new Set([...document.querySelectorAll('input[name=level]:checked')].map((i) => i.value));
    let count = 0;
    for (const row of rows) {
      const statuses = row.dataset.statuses.split(' ');
      const visible = levels.has(row.dataset.level) && (!status.value || statuses.includes(status.value)) && (!failures.checked || statuses.some((s) => failing.includes(s))) && (!changedOnly || !changedOnly.checked || row.dataset.changed === 'true');
      row.hidden = !visible;
      const evidence = evidenceOf(row);
      if (evidence) evidence.hidden = !visible || row.querySelector('button.toggle[aria-expanded=true]') === null;
      if (visible) count++;
    }
    for (const section of sections) section.hidden = !rows.some((row) => !row.hidden && row.dataset.section === section.dataset.section);
    shown.textContent = 'Showing ' + count + ' of ' + rows.length + ' requirements';
  };
  const toggle = (row, open) => {
    const evidence = evidenceOf(row);
    if (!evidence) return;
    for (const button of row.querySelectorAll('button.toggle')) button.setAttribute('aria-expanded', String(open));
    evidence.hidden = !open || row.hidden;
  };
  document.getElementById('matrix').addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.classList.contains('toggle')) toggle(button.closest('tr'), button.getAttribute('aria-expanded') !== 'true');
    if (button.classList.contains('copy')) {
      const text = button.dataset.copy;
      const done = () => { button.textContent = 'Copied'; setTimeout(() => (button.textContent = 'Copy'), 1500); };
      const select = () => { const range = document.createRange(); range.selectNodeContents(button.previousElementSibling); const s = getSelection(); s.removeAllRanges(); s.addRange(range); document.execCommand('copy'); done(); };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, select); else select();
    }
  });
  document.getElementById('expand-all').addEventListener('click', () => rows.forEach((row) => toggle(row, true)));
  document.getElementById('collapse-all').addEventListener('click', () => rows.forEach((row) => toggle(row, false)));
  document.getElementById('filters').addEventListener('change', apply);
  apply();
})();
`;
