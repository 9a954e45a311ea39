import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, openPage } from '../helpers/chromium.js';
import { ROOT } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schemas.js';

// A server nobody here wrote: s3rver must match its expectation file, and the merged report shows it beside the
// embedded emulator.
const dir = mkdtempSync(join(tmpdir(), 's3rver-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the s3rver job', () => {
  test('s3rver matches fixtures/expectations/s3rver.json (exit 0), and the merged report has both targets', async () => {
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_'))), COS_JOB_REPORTS: dir };
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/targets.ts'), 's3rver'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', resolve);
    });
    expect(code, output.slice(-4000)).toBe(0);
    const s3rver = readValidReport<{ verdict: { requirements: Array<{ id: string; status: string }> } }>(join(dir, 's3rver', 'conformance.json'));
    expect(s3rver.verdict.requirements.filter((r) => r.status === 'unexpected-pass').map((r) => r.id)).toEqual([]);
    expect(s3rver.verdict.requirements.some((r) => r.status === 'expected-fail')).toBe(true);
    readValidReport(join(dir, 'emulator', 'conformance.json'));
    const merged = readFileSync(join(dir, 'merged', 'index.html'), 'utf8');
    expect(merged).toContain('embedded emulator');
    expect(merged).toContain('s3rver');
    expect(existsSync(join(dir, 'merged', 'conformance.md'))).toBe(true);
    if (!CHROMIUM && !process.env.CI) return;
    const page = await openPage(pathToFileURL(join(dir, 'merged', 'index.html')).href);
    try {
      const shown = await page.evaluate<{ targets: string[]; rows: number; listed: number }>(`({
        targets: [...document.querySelectorAll('#matrix thead th.target')].map((th) => th.childNodes[0].textContent),
        rows: document.querySelectorAll('#matrix tbody tr').length,
        listed: document.querySelectorAll('td.expected-fail').length,
      })`);
      expect(shown.targets).toEqual(['s3rver 3.7.1', 'embedded emulator']);
      expect(shown.rows).toBeGreaterThan(25);
      expect(shown.listed).toBeGreaterThan(10);
    } finally {
      await page.close();
    }
  }, 600_000);
});
