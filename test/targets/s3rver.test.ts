import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { CHROMIUM, openPage } from '../helpers/chromium.js';
import { ROOT } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schemas.js';

// A server nobody here wrote, run as its users run it: stock s3rver's own CLI in a process of its own
// (scripts/targets/s3rver/start.sh). It exits on the first Complete naming a part never uploaded; the run restarts
// it (--restart with its start.sh), runs again one at a time the checks the crash cut short, names the check that
// crashes it, and still gets a verdict against the expectation file; the merged report shows s3rver beside the
// embedded emulator.
const dir = mkdtempSync(join(tmpdir(), 's3rver-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the s3rver job', () => {
  test('stock s3rver crashes, is restarted by the run, the crashing check is named, the verdict holds; the merged report has both targets', async () => {
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_'))), COS_JOB_REPORTS: dir };
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/targets.ts'), 's3rver'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', resolve);
    });
    expect(code, output.slice(-4000)).toBe(0);
    expect(output).toMatch(/s3rver +exit 0 .*stopped answering \d+ time\(s\), restarted by the run/);
    const s3rver = readValidReport<{
      verdict: { kind: string; exitCode: number; summary: string; requirements: Array<{ id: string; status: string }> };
      targetStops: Array<{ check?: string; restarted: boolean }>;
    }>(join(dir, 's3rver', 'conformance.json'));
    expect(s3rver.verdict).toMatchObject({ kind: 'conformant', exitCode: 0 });
    expect(s3rver.targetStops.every((s) => s.restarted)).toBe(true);
    expect(s3rver.targetStops.some((s) => s.check?.startsWith('UP-25 Complete naming a part never uploaded'))).toBe(true);
    expect(s3rver.verdict.requirements.find((r) => r.id === 'UP-25')?.status).toBe('expected-fail');
    expect(
      s3rver.verdict.requirements.filter((r) => ['fail', 'unexpected-pass', 'inconclusive', 'not-run'].includes(r.status)).map((r) => r.id),
    ).toEqual([]);
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
      expect(shown.errors).toBe(0);
    } finally {
      await page.close();
    }
  }, 600_000);
});
