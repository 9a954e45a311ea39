import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, openPage } from '../helpers/chromium.js';
import { ROOT } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schemas.js';

// A server nobody here wrote, run as its users run it: stock s3rver's own CLI in a process of its own
// (scripts/targets/s3rver/start.sh). It exits on the first Complete naming a part never uploaded, so the run has no
// verdict (exit 3, every check after the crash an error of the target); the job accepts exactly that known crash,
// and the merged report shows s3rver beside the embedded emulator.
const dir = mkdtempSync(join(tmpdir(), 's3rver-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the s3rver job', () => {
  test('stock s3rver crashes as known (the job exits 0, the run 3), and the merged report has both targets', async () => {
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_'))), COS_JOB_REPORTS: dir };
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/targets.ts'), 's3rver'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', resolve);
    });
    expect(code, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/s3rver +exit 3 .*the known crash/);
    const s3rver = readValidReport<{ verdict: { kind: string; exitCode: number; requirements: Array<{ id: string; status: string; errorKind?: string }> } }>(join(dir, 's3rver', 'conformance.json'));
    expect(s3rver.verdict).toMatchObject({ kind: 'no-verdict', exitCode: 3 });
    const errors = s3rver.verdict.requirements.filter((r) => r.status === 'error');
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.filter((r) => r.errorKind !== 'target').map((r) => r.id)).toEqual([]);
    expect(s3rver.verdict.requirements.filter((r) => ['fail', 'unexpected-pass', 'inconclusive'].includes(r.status)).map((r) => r.id)).toEqual([]);
    expect(s3rver.verdict.requirements.find((r) => r.id === 'UP-39')?.status).toBe('expected-fail');
    // The stack s3rver printed as its process ended, kept with the reports.
    expect(readFileSync(join(dir, 's3rver', 'server.log'), 'utf8')).toMatch(/Unhandled 'error' event[\s\S]*ENOENT[^\n]*\._S3rver_uploads/);
    readValidReport(join(dir, 'emulator', 'conformance.json'));
    const merged = readFileSync(join(dir, 'merged', 'index.html'), 'utf8');
    expect(merged).toContain('embedded emulator');
    expect(merged).toContain('s3rver');
    expect(existsSync(join(dir, 'merged', 'conformance.md'))).toBe(true);
    if (!CHROMIUM && !process.env.CI) return;
    const page = await openPage(pathToFileURL(join(dir, 'merged', 'index.html')).href);
    try {
      const shown = await page.evaluate<{ targets: string[]; rows: number; listed: number; errors: number }>(`({
        targets: [...document.querySelectorAll('#matrix thead th.target')].map((th) => th.childNodes[0].textContent),
        rows: document.querySelectorAll('#matrix tbody tr').length,
        listed: document.querySelectorAll('td.expected-fail').length,
        errors: document.querySelectorAll('td.error').length,
      })`);
      expect(shown.targets).toEqual(['s3rver 3.7.1', 'embedded emulator']);
      expect(shown.rows).toBeGreaterThan(25);
      expect(shown.listed).toBeGreaterThan(0);
      expect(shown.errors).toBeGreaterThan(10);
    } finally {
      await page.close();
    }
  }, 600_000);
});
