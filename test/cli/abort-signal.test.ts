import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { ROOT, readReport } from '../helpers/cli.js';
import { proxyTo } from '../helpers/fake-targets.js';

// run()'s AbortSignal, as a tool that embeds the suite uses it: only the signal stops the run (the process gets
// no Ctrl-C, so the spec workers are not killed by the terminal), and it must stop as promptly as the CLI's Ctrl-C.
const dir = mkdtempSync(join(tmpdir(), 'abort-signal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A process that calls run() from the built package and aborts it on SIGUSR2, or during start-up: ABORT_AFTER_LINE
 * names the progress line after which, and ABORT_DELAY_MS how long after it.
 */
const SCRIPT = `
import { run } from ${JSON.stringify(join(ROOT, 'dist/src/index.js'))};
const controller = new AbortController();
process.on('SIGUSR2', () => controller.abort());
const options = JSON.parse(process.env.RUN_OPTIONS);
const report = await run({ ...options, signal: controller.signal, onProgress: (line) => {
  console.log(line);
  if (process.env.ABORT_AFTER_LINE && line.startsWith(process.env.ABORT_AFTER_LINE)) setTimeout(() => controller.abort(), Number(process.env.ABORT_DELAY_MS ?? 0));
} });
console.log('RESULT ' + JSON.stringify({ kind: report.verdict.kind, exitCode: report.verdict.exitCode }));
`;

interface Child {
  readonly stdout: () => string;
  readonly signal: () => void;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

function runInChild(options: Record<string, unknown>, env: Record<string, string> = {}): Child {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: dir,
    env: { ...base, ...env, RUN_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  return {
    stdout: () => stdout,
    signal: () => child.kill('SIGUSR2'),
    exited: new Promise((resolve) => child.on('close', (code) => resolve({ code, at: Date.now() }))),
  };
}

const until = async (condition: () => boolean, what: string, ms = 90_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("run()'s AbortSignal", () => {
  // While the emulator starts; while vitest is set up; and once its workers are starting, which vitest's own
  // cancel did not reach (the run went on and judged 16 requirements).
  test.each([
    ['Started the embedded emulator', 0],
    ['Run ', 0],
    ['Run ', 150],
  ])(
    'aborted during start-up (%j + %i ms), no check runs: the report says interrupted',
    async (line, delay) => {
      const reportDir = join(dir, `start-up-${line.length}-${delay}`);
      const child = runInChild({ env: {}, reportDir }, { ABORT_AFTER_LINE: line, ABORT_DELAY_MS: String(delay) });
      const { code } = await child.exited;
      expect(code, child.stdout()).toBe(0);
      expect(child.stdout()).toContain('RESULT {"kind":"interrupted","exitCode":130}');
      expect(child.stdout()).not.toMatch(/^\s+[✓✗?!·-] UP-/m);
      expect(readReport(reportDir).verdict.kind).toBe('interrupted');
    },
    120_000,
  );

  test('aborted mid-run while a request hangs: it stops within seconds, not after the request timeout, and cleans up', async () => {
    const credentials = { secretId: 'AKIDabortsignal', secretKey: 'abort-signal-key' };
    const emulator = await startEmulator({ bucket: 'abort-1250000000', credentials: [credentials] });
    // Upload Part with partNumber 10000 (UP-07) never gets an answer; the request timeout is a minute.
    let hanging = false;
    const proxy = await proxyTo(emulator, (req) => {
      if (req.method === 'PUT' && /partNumber=10000(&|$)/.test(req.url ?? '')) {
        hanging = true;
        return 'hang';
      }
      return 'forward';
    });
    try {
      const reportDir = join(dir, 'mid-run');
      const env = {
        COS_ENDPOINT: proxy.url,
        COS_BUCKET: 'abort-1250000000',
        COS_SECRET_ID: credentials.secretId,
        COS_SECRET_KEY: credentials.secretKey,
        COS_KEY_PREFIX: 'abort-signal/',
        COS_REQUEST_TIMEOUT_MS: '60000',
        COS_NUM_RUNS: '3',
      };
      const child = runInChild({ env, reportDir, only: ['UP-07', 'UP-06', 'UP-08', 'UP-13', 'UP-29'] });
      await until(() => hanging && /✓ UP-/.test(child.stdout()), 'the hanging request and a settled check');
      const abortedAt = Date.now();
      child.signal();
      const { code, at } = await child.exited;
      expect(code, child.stdout()).toBe(0);
      expect(child.stdout()).toContain('RESULT {"kind":"interrupted","exitCode":130}');
      // Before the fix it waited for the hanging check, up to its one-minute timeout; the CLI's Ctrl-C takes ~3 s.
      expect(at - abortedAt, child.stdout()).toBeLessThan(8_000);
      // What the settled checks sent is counted, though no spec file ended to report its whole session.
      expect((readReport(reportDir) as unknown as { requests: number }).requests).toBeGreaterThan(0);
      expect([...emulator.store.uploads.values()].filter((u) => u.key.startsWith('abort-signal/')).map((u) => u.key)).toEqual([]);
      expect([...emulator.store.objects.keys()].filter((k) => k.startsWith('abort-signal/'))).toEqual([]);
    } finally {
      await proxy.close();
      await emulator.close();
    }
  }, 180_000);
});
