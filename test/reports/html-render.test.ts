import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { renderHtml } from '../../src/reports/html.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../../src/reports/run-report.js';
import { judgeRun } from '../../src/reports/verdict.js';
import { CHROMIUM, openPage } from '../helpers/chromium.js';
import { allPass, outcome, replace } from '../helpers/outcomes.js';

// The HTML report as a person sees it, in headless Chromium (Debian's chromium package; .ci/run installs it).
const dir = mkdtempSync(join(tmpdir(), 'html-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(endpoint: string, failing?: string): RunReport {
  const exchange = { id: 1, startedAt: new Date(0).toISOString(), durationMs: 1, request: { method: 'PUT', url: 'http://t/k?partNumber=0', headers: {}, bodyBytes: 8 }, response: { status: 200, headers: {}, body: '', bodyTruncated: false } };
  const checks = failing
    ? replace(allPass(), failing, outcome(failing, 'fail', { failures: [{ requirementId: failing, check: `${failing} check`, sent: 'Upload Part with partNumber=0', expected: '400 InvalidArgument', actual: '200', exchange }] }))
    : allPass();
  return {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: '0' },
    target: { endpoint, profile: 'cos', signature: 'cos' },
    runId: `run-${endpoint}`,
    seed: 1,
    numRuns: 1,
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    bytesSent: 0,
    requests: 0,
    verdict: judgeRun({ checks, strict: false, targetName: endpoint }),
    checks,
    leftovers: [],
  };
}

const maybe = CHROMIUM || process.env.CI ? describe : describe.skip;

maybe('the HTML report in headless Chromium', () => {
  test('shows the matrix, targets side by side, coloured by status, with the evidence of a failure expandable', async () => {
    const file = join(dir, 'index.html');
    writeFileSync(file, renderHtml([report('emulator-a'), report('server-b', 'UP-06')]));
    const page = await openPage(pathToFileURL(file).href);
    try {
      const shown = await page.evaluate<{ rows: string[]; targets: string[]; verdicts: string[] }>(`({
        rows: [...document.querySelectorAll('#matrix tbody tr th.id')].map((th) => th.textContent),
        targets: [...document.querySelectorAll('#matrix thead th.target')].map((th) => th.childNodes[0].textContent),
        verdicts: [...document.querySelectorAll('#verdicts li')].map((li) => li.textContent),
      })`);
      expect(shown.rows).toEqual(REQUIREMENTS.map((r) => r.id));
      expect(shown.targets).toEqual(['emulator-a', 'server-b']);
      expect(shown.verdicts[1]).toMatch(/server-b: NOT conformant/);

      const colours = await page.evaluate<Record<string, string>>(`Object.fromEntries(
        [...document.querySelectorAll('tr[data-id="UP-06"] td.status')].map((td, i) => [i, getComputedStyle(td).backgroundColor]))`);
      expect(colours).toEqual({ 0: 'rgb(217, 242, 217)', 1: 'rgb(248, 208, 208)' });

      const before = await page.evaluate<boolean>(`document.querySelector('tr[data-id="UP-06"] td.fail pre').checkVisibility()`);
      const after = await page.evaluate<{ visible: boolean; text: string }>(`(() => {
        const cell = document.querySelector('tr[data-id="UP-06"] td.fail');
        cell.querySelector('summary').click();
        const pre = cell.querySelector('pre');
        return { visible: pre.checkVisibility(), text: pre.innerText };
      })()`);
      expect(before).toBe(false);
      expect(after.visible).toBe(true);
      expect(after.text).toContain('Expected: 400 InvalidArgument');
      expect(after.text).toContain('Actual:   200');

      const png = await page.screenshot();
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      writeFileSync(join(dir, 'index.png'), png);
      if (process.env.COS_KEEP_SCREENSHOT) writeFileSync(process.env.COS_KEEP_SCREENSHOT, png);
    } finally {
      await page.close();
    }
  }, 60_000);
});
