import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { cli, readReport, readStatuses } from '../helpers/cli.js';
import { proxyTo } from '../helpers/fake-targets.js';

// A target that misbehaves: the emulator behind a proxy that never answers some requests, or that dies mid-run.
// The affected checks are errors with a clear message, the others still run, cleanup still runs, and the exit
// code says what happened (3: the target did not answer).
const dir = mkdtempSync(join(tmpdir(), 'misbehaving-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const credentials = { secretId: 'AKIDmisbehave', secretKey: 'misbehave-key' };

const env = (url: string) => ({
  COS_ENDPOINT: url,
  COS_BUCKET: 'misbehave-1250000000',
  COS_SECRET_ID: credentials.secretId,
  COS_SECRET_KEY: credentials.secretKey,
  COS_REQUEST_TIMEOUT_MS: '1500',
  COS_KEY_PREFIX: 'misbehave/',
});

describe('a misbehaving target', () => {
  test('a request that never gets an answer: that check is an error, the others still run, cleanup runs, exit 3', async () => {
    const emulator = await startEmulator({ bucket: 'misbehave-1250000000', credentials: [credentials] });
    const { close, url } = await proxyTo(emulator, (req) =>
      req.method === 'PUT' && /partNumber=10000(&|$)/.test(req.url ?? '') ? 'hang' : 'forward',
    );
    try {
      const reportDir = join(dir, 'hang');
      const result = await cli(['run', '--only', 'UP-07,UP-06,UP-08', '--num-runs', '3', '--report-dir', reportDir], env(url));
      expect(result.code, result.stdout + result.stderr).toBe(3);
      expect(result.stdout).toMatch(/! UP-07 .*\(error: .*no answer within/);
      expect(readStatuses(reportDir)).toEqual({ 'UP-06': 'pass', 'UP-07': 'error', 'UP-08': 'pass' });
      expect([...emulator.store.uploads.values()].filter((u) => u.key.startsWith('misbehave/'))).toEqual([]);
    } finally {
      await close();
      await emulator.close();
    }
  }, 120_000);

  test('a target that dies mid-run: the checks it cut short are not run because it stopped, never failures, and the exit code is 3', async () => {
    const emulator = await startEmulator({ bucket: 'misbehave-1250000000', credentials: [credentials] });
    const { close, url } = await proxyTo(emulator, (_req, count) => (count > 40 ? 'die' : 'forward'));
    try {
      const reportDir = join(dir, 'die');
      const result = await cli(['run', '--only', 'UP-06,UP-08,UP-07,UP-13,UP-29', '--num-runs', '5', '--report-dir', reportDir], env(url));
      expect(result.code, result.stdout + result.stderr).toBe(3);
      const report = readReport(reportDir);
      expect(report.verdict.summary).toMatch(/the target stopped answering .*: no verdict \(\d+ requirements not run because of it/);
      const statuses = report.verdict.requirements
        .filter((r) => ['UP-06', 'UP-08', 'UP-07', 'UP-13', 'UP-29'].includes(r.id))
        .map((r) => r.status);
      expect(statuses).toContain('not-run');
      expect(statuses).not.toContain('fail');
      expect(statuses).not.toContain('error');
      expect(result.stdout).toMatch(/The target stopped answering:\n\s+in flight: /);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await close();
      await emulator.close();
    }
  }, 120_000);
});
