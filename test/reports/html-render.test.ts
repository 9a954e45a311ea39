import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import type { Exchange } from '../../src/http/exchange.js';
import type { Evidence } from '../../src/outcomes/evidence.js';
import { renderHtml } from '../../src/reports/html.js';
import { compare, statusesOf } from '../../src/reports/comparison.js';
import { orderedRuns } from '../../src/reports/matrix.js';
import { bySection, sectionOf } from '../../src/reports/sections.js';
import { syntheticReport } from '../helpers/reports.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../../src/reports/run-report.js';
import { judgeRun } from '../../src/reports/verdict.js';
import { CHROMIUM, openPage, type Page } from '../helpers/chromium.js';
import { allPass, outcome, replace } from '../helpers/outcomes.js';
import { assertMatchesSchema } from '../helpers/schemas.js';

// The HTML report as a person sees it, in headless Chromium (Debian's chromium package; .ci/run installs it), at a
// desktop width and a phone width. COS_KEEP_SCREENSHOTS=DIR keeps the screenshots for a person to look at.
const dir = mkdtempSync(join(tmpdir(), 'html-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LONG_URL = `http://127.0.0.1:41234/cos-conformance/20261125T120000-abcdef/request-parameters/part-number-${'x'.repeat(60)}?partNumber=0&uploadId=1732536000a1b2c3d4e5f60718293a4b5c6d7e8f90`;
const exchange: Exchange = {
  id: 7,
  startedAt: new Date(0).toISOString(),
  durationMs: 3,
  request: { method: 'PUT', url: LONG_URL, headers: { authorization: 'q-sign-algorithm=sha1&q-ak=<redacted>&q-signature=<redacted>', 'content-length': '8' }, bodyBytes: 8 },
  response: {
    status: 200,
    headers: { etag: '"0123456789abcdef0123456789abcdef"', 'x-cos-request-id': 'NjVmMzQ1Njc4OWFiY2RlZg==' },
    body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><RequestId>NjVm</RequestId></Error>',
    bodyTruncated: false,
  },
};
const REPLAY = 'COS_REPLAY=UP-06/below-one:0 npx cos-conformance run --only UP-06 --seed 424242 --num-runs 100 --profile cos --signature cos --addressing virtual --max-bytes 268435456 --deviate accept-part-number-zero';
const failing: Evidence = { requirementId: 'UP-06', check: 'UP-06 check', case: 'partNumber=0', sent: 'Upload Part with partNumber="0"', expected: '400 InvalidArgument', actual: '200', exchange, replay: REPLAY };

function report(name: string, options: { failing?: boolean } = {}): RunReport {
  let checks = allPass();
  checks = replace(checks, 'UP-28', outcome('UP-28', 'recorded', { observations: { 'Upload Part with a body over 5 GiB': '400 EntityTooLarge', 'x-cos-hash-crc64ecma on Complete': 'sent' } }));
  if (options.failing) {
    checks = replace(checks, 'UP-06', outcome('UP-06', 'fail', { failures: [failing] }));
    checks = replace(checks, 'UP-20', outcome('UP-20', 'fail', { failures: [{ ...failing, requirementId: 'UP-20', check: 'UP-20 check', case: undefined, replay: undefined }] }));
    checks = replace(checks, 'UP-42', outcome('UP-42', 'not-applicable', { reason: 'does not apply under the cos profile' }));
    checks = replace(checks, 'UP-17', outcome('UP-17', 'inconclusive', { reason: 'a setup step was refused', preconditions: [{ requirementId: 'UP-17', check: 'UP-17 check', sent: 'Initiate with x-cos-server-side-encryption: AES256', expected: '200 with an UploadId', actual: '400 InvalidRequest', exchange }] }));
  }
  const expectations = options.failing ? { target: name, expectedFailures: [{ id: 'UP-20', reason: 'sends a CRC-64 of 0', link: 'https://example.invalid/issues/42' }, { id: 'UP-07', reason: 'was broken once' }] } : undefined;
  const built: RunReport = {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: '0.1.0' },
    target: { name, endpoint: `${name}.example:9000`, bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', profile: options.failing ? 's3' : 'cos', signature: options.failing ? 'sigv4' : 'cos', addressing: options.failing ? 'path' : 'virtual' },
    runId: `20261125T120000-${name}`,
    seed: 424242,
    numRuns: 100,
    options: { profile: 'cos', signature: 'cos', addressing: 'virtual', maxBytes: 268435456, deviations: [], strict: false },
    startedAt: new Date(0).toISOString(),
    durationMs: 12_345,
    bytesSent: 18_000_000,
    requests: 2412,
    ...(expectations ? { expectations: 'fixtures/expectations/server-b.json' } : {}),
    verdict: judgeRun({ checks, strict: false, targetName: name, ...(expectations ? { expectations } : {}) }),
    checks,
    // Paths and requests without a place to break a line, as a target that stopped answering leaves them.
    leftovers: options.failing ? [{ kind: 'upload', key: `cos-conformance/20261202T164727-ed20e2/feature-description/1-max-part-number-${'x'.repeat(40)}`, uploadId: 'dae9ba764333ff781d1ccaa8b5d51ea7', reason: `Abort: the target stopped answering (PUT ${LONG_URL})` }] : [],
    ...(options.failing ? { warnings: [`List Multipart Uploads (GET /conformance?uploads&prefix=cos-conformance%2F${'y'.repeat(40)}) answered 501 NotImplemented`] } : {}),
  };
  assertMatchesSchema('report', JSON.parse(JSON.stringify(built)), name);
  return built;
}

const html = renderHtml([report('emulator-a'), report('server-b', { failing: true })]);

test('the page is one self-contained file: nothing is fetched, the citations are links', () => {
  expect(html).not.toMatch(/<link\b|<script\s+src|<img\b|@import|url\(/i);
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  for (const r of REQUIREMENTS) expect(hrefs).toContain(r.source.url);
  expect(html).toContain(`<q>${REQUIREMENTS[0]!.source.quote.replace(/"/g, '&quot;')}</q>`);
});

const maybe = CHROMIUM || process.env.CI ? describe : describe.skip;

maybe('the HTML report in headless Chromium', () => {
  let page: Page;
  const shots = process.env.COS_KEEP_SCREENSHOTS ?? join(dir, 'shots');
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const file = join(dir, 'index.html');
    writeFileSync(file, html);
    page = await openPage(pathToFileURL(file).href);
    await page.resize(1400);
  }, 60_000);
  afterAll(() => page?.close());
  /** The top of the page, and UP-06 with its evidence open, as a window of this width shows them. */
  const shoot = async (width: string) => {
    await page.evaluate(`window.scrollTo(0, 0)`);
    writeFileSync(join(shots, `report-${width}-top.png`), await page.screenshot({ viewport: true }));
    await page.evaluate(`document.querySelector('tr[data-id="UP-06"]').scrollIntoView()`);
    writeFileSync(join(shots, `report-${width}-evidence.png`), await page.screenshot({ viewport: true }));
  };

  test('a card per target: the verdict, counts per level and status, and the target details', async () => {
    const cards = await page.evaluate<Array<{ name: string; summary: string; facts: Record<string, string>; counts: string[][] }>>(`[...document.querySelectorAll('.target-card')].map((card) => ({
      name: card.querySelector('.target-name').textContent,
      summary: card.querySelector('.summary').textContent,
      facts: Object.fromEntries([...card.querySelectorAll('.facts div')].map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
      counts: [...card.querySelectorAll('table.counts tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
    }))`);
    expect(cards.map((c) => c.name)).toEqual(['emulator-a', 'server-b']);
    expect(cards[1]!.summary).toMatch(/^NOT conformant to COS Upload Part \(UP-06 fails\)/);
    expect(cards[1]!.facts).toMatchObject({ Endpoint: 'server-b.example:9000', Bucket: 'examplebucket-1250000000', Profile: 's3', Signature: 'sigv4', Addressing: 'path', Seed: '424242', Duration: '12.3 s', 'Bytes sent': '17.2 MiB', Requests: '2,412' });
    const [mustCount, shouldCount, infoCount] = (['MUST', 'SHOULD', 'INFO'] as const).map((level) => REQUIREMENTS.filter((r) => r.level === level).length) as [number, number, number];
    expect(cards[1]!.counts).toEqual([
      ['status', 'MUST', 'SHOULD', 'INFO', 'all'],
      ['pass', String(mustCount - 4), String(shouldCount - 1), '·', String(mustCount + shouldCount - 5)],
      ['fail', '1', '·', '·', '1'],
      ['inconclusive', '1', '·', '·', '1'],
      ['not applicable', '1', '·', '·', '1'],
      ['recorded', '·', '·', String(infoCount), String(infoCount)],
      ['expected fail', '·', '1', '·', '1'],
      ['unexpected pass', '1', '·', '·', '1'],
      ['total', String(mustCount), String(shouldCount), String(infoCount), String(REQUIREMENTS.length)],
    ]);
  });

  test('the matrix: a row per requirement, targets as columns named with how they were spoken to, coloured by status', async () => {
    const shown = await page.evaluate<{ rows: string[]; sections: string[]; targets: string[]; dialects: string[]; colours: string[] }>(`({
      sections: [...document.querySelectorAll('#matrix tbody tr.section th')].map((th) => th.textContent),
      rows: [...document.querySelectorAll('#matrix tbody tr.requirement th.id')].map((th) => th.childNodes[0].textContent),
      targets: [...document.querySelectorAll('#matrix thead th.target')].map((th) => th.childNodes[0].textContent),
      dialects: [...document.querySelectorAll('#matrix thead th.target small')].map((s) => s.textContent),
      colours: [...document.querySelectorAll('tr[data-id="UP-06"] td.status')].map((td) => getComputedStyle(td).backgroundColor),
    })`);
    // Grouped by section, in catalogue order within each.
    expect(shown.rows).toEqual(bySection(REQUIREMENTS).flatMap((g) => g.rows.map((r) => r.id)));
    expect(shown.sections).toEqual(bySection(REQUIREMENTS).map((g) => g.section.title));
    expect(shown.targets).toEqual(['emulator-a', 'server-b']);
    expect(shown.dialects).toEqual(['COS rules · COS signature · virtual-hosted', 'S3 rules · SigV4 · path-style']);
    expect(shown.colours).toEqual(['rgb(217, 242, 217)', 'rgb(248, 208, 208)']);
  });

  test('INFO observations are in view without opening anything', async () => {
    const observed = await page.evaluate<string[]>(`[...document.querySelectorAll('tr[data-id="UP-28"] td.status')].map((td) => td.querySelector('.observations')?.checkVisibility() ? td.querySelector('.observations').innerText : '')`);
    expect(observed[0]).toContain('400 EntityTooLarge');
    expect(observed[1]).toContain('x-cos-hash-crc64ecma on Complete');
  });

  test('evidence opens in its own panel: Sent / Expected / Actual, the exchange wrapped with its XML indented, the replay line copyable', async () => {
    const before = await page.evaluate<boolean>(`document.getElementById('evidence-UP-06').checkVisibility()`);
    expect(before).toBe(false);
    const opened = await page.evaluate<{ visible: boolean; fields: Record<string, string>; exchange: string; replay: string; overflowing: number }>(`(() => {
      document.querySelector('tr[data-id="UP-06"] td.fail button.toggle').click();
      const panel = document.getElementById('evidence-UP-06');
      const fields = Object.fromEntries([...panel.querySelectorAll('dl.sea dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
      const pres = [...document.querySelectorAll('.evidence pre, .replay-line')];
      return { visible: panel.checkVisibility(), fields, exchange: panel.querySelector('.exchange pre').innerText, replay: panel.querySelector('.replay-line').textContent,
        overflowing: pres.filter((p) => p.checkVisibility() && p.scrollWidth > p.clientWidth + 1).length };
    })()`);
    expect(opened.visible).toBe(true);
    expect(opened.fields).toMatchObject({ Sent: 'Upload Part with partNumber="0"', Expected: '400 InvalidArgument', Actual: '200', Case: 'partNumber=0' });
    expect(opened.exchange).toContain(`> PUT ${LONG_URL}`);
    expect(opened.exchange).toContain('<   <Code>NoSuchUpload</Code>');
    expect(opened.replay).toBe(REPLAY);
    expect(opened.overflowing).toBe(0);
    const copied = await page.evaluate<string>(`(async () => {
      const button = document.querySelector('#evidence-UP-06 button.copy');
      button.click();
      await new Promise((r) => setTimeout(r, 200));
      return button.textContent;
    })()`);
    expect(copied).toBe('Copied');
    await shoot('1400');
  });

  test('filters: failures only, by level, by status', async () => {
    const visibleRows = () => page.evaluate<string[]>(`[...document.querySelectorAll('#matrix tr.requirement')].filter((tr) => tr.checkVisibility()).map((tr) => tr.dataset.id)`);
    const set = (expression: string) => page.evaluate(`(() => { ${expression}; document.getElementById('filters').dispatchEvent(new Event('change')); })()`);
    await set(`document.getElementById('failures-only').checked = true`);
    expect(await visibleRows()).toEqual(['UP-06', 'UP-07', 'UP-20']);
    expect(await page.evaluate<string>(`document.getElementById('shown').textContent`)).toBe(`Showing 3 of ${REQUIREMENTS.length} requirements`);
    expect(await page.evaluate<boolean>(`document.getElementById('evidence-UP-06').checkVisibility()`)).toBe(true);
    await set(`document.querySelector('input[name=level][value=MUST]').checked = false`);
    expect(await visibleRows()).toEqual(['UP-20']);
    await set(`document.getElementById('failures-only').checked = false; document.querySelector('input[name=level][value=MUST]').checked = true; document.getElementById('status-filter').value = 'inconclusive'`);
    expect(await visibleRows()).toEqual(['UP-17']);
    await set(`document.getElementById('status-filter').value = ''; for (const i of document.querySelectorAll('input[name=level]')) i.checked = i.value === 'INFO'`);
    expect(await visibleRows()).toEqual(bySection(REQUIREMENTS).flatMap((g) => g.rows).filter((r) => r.level === 'INFO').map((r) => r.id));
    // A section none of whose rows shows is hidden with them.
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#matrix tr.section')].filter((tr) => tr.checkVisibility()).map((tr) => tr.dataset.section)`)).toEqual([...new Set(REQUIREMENTS.filter((r) => r.level === 'INFO').map((r) => sectionOf(r.id).key))].sort((a, b) => bySection(REQUIREMENTS).findIndex((g) => g.section.key === a) - bySection(REQUIREMENTS).findIndex((g) => g.section.key === b)));
    await set(`for (const i of document.querySelectorAll('input[name=level]')) i.checked = true`);
    expect(await visibleRows()).toHaveLength(REQUIREMENTS.length);
  });

  test('at a phone width (360 px) each requirement is a card, its statuses labelled by target, nothing overflows sideways', async () => {
    await page.resize(360);
    await page.evaluate(`document.getElementById('expand-all').click()`);
    const layout = await page.evaluate<{ page: number; viewport: number; overflowing: number; rightmost: number; outOfCard: string[]; overflowingCells: string[]; brokenWords: string[]; labels: string[] }>(`({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      overflowing: [...document.querySelectorAll('.evidence pre, .replay-line, .sea dd')].filter((p) => p.checkVisibility() && p.scrollWidth > p.clientWidth + 1).length,
      rightmost: Math.max(...[...document.querySelectorAll('.target-card, #matrix td.status, .evidence')].map((c) => c.getBoundingClientRect().right)),
      // Everything in a card stays within it: the counts table too (it overflowed at 390 px).
      outOfCard: [...document.querySelectorAll('.target-card')].flatMap((card) => [...card.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5).map((el) => el.tagName + '.' + el.className)),
      overflowingCells: [...document.querySelectorAll('table.counts th, table.counts td, table.counts .status-chip')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
      // A status's words wrap between words, never inside one ("applicabl|e").
      brokenWords: [...document.querySelectorAll('table.counts .status-chip')].filter((chip) => { const range = document.createRange(); range.selectNodeContents(chip); return range.getClientRects().length > chip.textContent.split(' ').length; }).map((c) => c.textContent),
      labels: [...document.querySelectorAll('tr[data-id="UP-06"] td.status')].map((td) => getComputedStyle(td, '::before').content),
    })`);
    // A page wider than the phone makes Chromium widen the layout viewport to fit it: the width must stay 360.
    expect(layout.viewport).toBe(360);
    expect(layout.page).toBeLessThanOrEqual(layout.viewport);
    expect(layout.rightmost).toBeLessThanOrEqual(layout.viewport);
    expect(layout.overflowing).toBe(0);
    expect(layout.outOfCard).toEqual([]);
    expect(layout.overflowingCells).toEqual([]);
    expect(layout.brokenWords).toEqual([]);
    expect(layout.labels).toEqual(['"emulator-a"', '"server-b"']);
    await shoot('360');
    expect(readFileSync(join(shots, 'report-360-evidence.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

const matrixTarget = (name: string, version?: string) => ({ name, ...(version ? { version } : {}), endpoint: `${name}.example:9000`, bucket: 'examplebucket-1250000000', region: 'ap-guangzhou', profile: 's3', signature: 'sigv4', addressing: 'path' });
const failingOne = (id: string) => replace(allPass(), id, outcome(id, 'fail', { failures: [{ ...failing, requirementId: id, check: `${id} check` }] }));

maybe('a matrix of versions against a baseline, in headless Chromium', () => {
  let page: Page;
  const shots = process.env.COS_KEEP_SCREENSHOTS ?? join(dir, 'shots');
  const older = syntheticReport('my-emulator', allPass(), { target: matrixTarget('my-emulator', '1.4.0') });
  const newer = syntheticReport('my-emulator', failingOne('UP-06'), { target: matrixTarget('my-emulator', '1.5.0') });
  const other = syntheticReport('other-gateway', failingOne('UP-07'), { target: matrixTarget('other-gateway') });
  // The baseline: the same server at 1.5.0 passing everything, the gateway failing UP-29 instead.
  const baseline = { source: 'baseline/matrix.json', runs: [statusesOf(syntheticReport('my-emulator', allPass(), { target: matrixTarget('my-emulator', '1.5.0') })), statusesOf(syntheticReport('other-gateway', failingOne('UP-29'), { target: matrixTarget('other-gateway') }))] };
  const comparison = compare(orderedRuns([newer, other, older]), baseline);
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const file = join(dir, 'matrix.html');
    // Given out of order: the page sets versions side by side, oldest first.
    writeFileSync(file, renderHtml([newer, other, older], { comparison }));
    page = await openPage(pathToFileURL(file).href);
    await page.resize(1400);
  }, 60_000);
  afterAll(() => page?.close());

  test('a server name over its versions, each cell marked with what changed since the version before and against the baseline', async () => {
    const shown = await page.evaluate<{ servers: Array<[string, string]>; versions: string[]; up06: string[]; changes: string[][] }>(`({
      servers: [...document.querySelectorAll('#matrix thead th.server')].map((th) => [th.textContent, th.getAttribute('colspan')]),
      versions: [...document.querySelectorAll('#matrix thead th.target')].map((th) => (th.childNodes[0].nodeType === Node.TEXT_NODE ? th.childNodes[0].textContent : '')),
      up06: [...document.querySelectorAll('tr[data-id="UP-06"] td.status')].map((td) => [...td.querySelectorAll('.since, .change')].map((s) => s.textContent).join(' | ')),
      changes: [...document.querySelectorAll('#changes table.changes tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
    })`);
    expect(shown.servers).toEqual([['my-emulator', '2'], ['other-gateway', '1']]);
    expect(shown.versions).toEqual(['1.4.0', '1.5.0', '']);
    expect(shown.up06).toEqual(['', '▼ baseline: pass | ▼ 1.4.0: pass', '']);
    expect(shown.changes).toEqual([
      ['▼ newly failing', 'my-emulator 1.5.0', 'UP-06', 'Request parameters', 'pass', 'fail'],
      ['▼ newly failing', 'other-gateway', 'UP-07', 'Feature description', 'pass', 'fail'],
      ['▲ newly passing', 'other-gateway', 'UP-29', 'Detail analysis', 'fail', 'pass'],
    ]);
    await page.evaluate(`(() => { document.getElementById('changed-only').checked = true; document.getElementById('filters').dispatchEvent(new Event('change')); })()`);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('#matrix tr.requirement')].filter((tr) => tr.checkVisibility()).map((tr) => tr.dataset.id)`)).toEqual(['UP-29', 'UP-06', 'UP-07']);
    await page.evaluate(`window.scrollTo(0, 0)`);
    writeFileSync(join(shots, 'matrix-1400-top.png'), await page.screenshot({ viewport: true }));
    await page.evaluate(`(() => { document.getElementById('changed-only').checked = false; document.getElementById('filters').dispatchEvent(new Event('change')); document.querySelector('tr[data-id="UP-06"]').scrollIntoView(); })()`);
    writeFileSync(join(shots, 'matrix-1400-rows.png'), await page.screenshot({ viewport: true }));
  });

  test('at 360 px nothing overflows sideways, and each status is labelled with its target and version', async () => {
    await page.resize(360);
    const layout = await page.evaluate<{ page: number; viewport: number; labels: string[] }>(`({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      labels: [...document.querySelectorAll('tr[data-id="UP-06"] td.status')].map((td) => getComputedStyle(td, '::before').content),
    })`);
    expect(layout.viewport).toBe(360);
    expect(layout.page).toBeLessThanOrEqual(layout.viewport);
    expect(layout.labels).toEqual(['"my-emulator 1.4.0"', '"my-emulator 1.5.0"', '"other-gateway"']);
    await page.evaluate(`window.scrollTo(0, 0)`);
    writeFileSync(join(shots, 'matrix-360-top.png'), await page.screenshot({ viewport: true }));
    await page.evaluate(`document.querySelector('tr[data-id="UP-06"]').scrollIntoView()`);
    writeFileSync(join(shots, 'matrix-360-rows.png'), await page.screenshot({ viewport: true }));
  });
});
