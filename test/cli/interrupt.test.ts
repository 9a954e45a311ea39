import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { startEmulator } from '../../src/emulator/server.js';
import { ROOT, readReport } from '../helpers/cli.js';

// Ctrl-C in a terminal reaches the whole process group: the CLI and its spec workers. The workers die mid-check,
// with uploads open; the CLI must still abort them and delete what the run created before it exits.
const dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('interrupting a run', () => {
  test('Ctrl-C aborts the uploads in flight, deletes what the run created, and gives no verdict', async () => {
    const credentials = { secretId: 'AKIDinterrupt', secretKey: 'interrupt-key' };
    const emulator = await startEmulator({ bucket: 'interrupt-1250000000', credentials: [credentials] });
    try {
      const env = {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_'))),
        COS_ENDPOINT: emulator.endpoint.origin,
        COS_BUCKET: 'interrupt-1250000000',
        COS_SECRET_ID: credentials.secretId,
        COS_SECRET_KEY: credentials.secretKey,
        COS_KEY_PREFIX: 'interrupted/',
      };
      const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), 'run', '--report-dir', dir], {
        cwd: ROOT,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let sawUploads = false;
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stderr.on('data', (d) => (output += d));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d) => {
          output += d;
          // Interrupt once some checks have passed and uploads are open right now.
          const open = [...emulator.store.uploads.values()].some((u) => u.key.startsWith('interrupted/'));
          if (!sawUploads && /✓.*\n.*✓.*\n.*✓/s.test(output) && open) {
            sawUploads = true;
            process.kill(-child.pid!, 'SIGINT');
            resolve();
          }
        });
        void exited.then(() => resolve());
      });
      const code = await exited;
      expect(sawUploads, output).toBe(true);
      expect(output).toContain('Interrupted');
      expect(code).toBe(130);
      // An interrupted run gives no verdict, on the console and in the reports it writes.
      expect(output).toMatch(new RegExp(`interrupted after \\d+ of ${REQUIREMENTS.length} requirements ran: no verdict`));
      expect(output).not.toMatch(/: conformant to/);
      expect(readReport(dir).verdict.kind).toBe('interrupted');
      // The workers died with their files unfinished: what their settled checks sent is still counted.
      expect((readReport(dir) as unknown as { requests: number }).requests).toBeGreaterThan(0);
      // CI test views fail too: the verdict is a failing test case of junit.xml and ctrf.json.
      expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(
        /<testcase classname="cos-conformance" name="verdict">\s*<failure message="[^"]*interrupted after[^"]*" type="Interrupted"/,
      );
      const ctrf = JSON.parse(readFileSync(join(dir, 'ctrf.json'), 'utf8')) as {
        results: { summary: { failed: number }; tests: Array<{ name: string; status: string }> };
      };
      expect(ctrf.results.tests.find((t) => t.name === 'verdict')?.status).toBe('failed');
      expect(ctrf.results.summary.failed).toBeGreaterThanOrEqual(1);
      expect(
        [...emulator.store.uploads.values()].filter((u) => u.key.startsWith('interrupted/')).map((u) => u.key),
        output,
      ).toEqual([]);
      expect([...emulator.store.objects.keys()].filter((k) => k.startsWith('interrupted/'))).toEqual([]);
    } finally {
      await emulator.close();
    }
  }, 120_000);
});
