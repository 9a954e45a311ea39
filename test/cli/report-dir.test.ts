import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSuite } from '../../src/cli/run-command.js';
import { cli } from '../helpers/cli.js';

// A report directory that cannot take the reports is said before the run sends anything: one line, exit 2. It was a
// Node stack trace after the whole run, and exit 1.
const dir = mkdtempSync(join(tmpdir(), 'report-dir-'));
afterAll(() => {
  chmodSync(join(dir, 'read-only'), 0o755);
  rmSync(dir, { recursive: true, force: true });
});
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'not a directory');
mkdirSync(join(dir, 'read-only'));
chmodSync(join(dir, 'read-only'), 0o555);
// root writes into a mode-555 directory; nobody creates a directory in sysfs.
const unwritable = process.getuid?.() === 0 ? '/sys/cos-conformance-reports' : join(dir, 'read-only', 'reports');

describe('a report directory that cannot be written', () => {
  test.each([
    ['below a regular file', join(aFile, 'reports'), /cannot be written: a part of its path is a file, not a directory \(ENOTDIR\)/],
    ['a regular file', aFile, /cannot be written: it is a file, not a directory \(EEXIST\)/],
    ['unwritable', unwritable, /cannot be written: (permission denied \(EACCES\)|operation not permitted \(EPERM\))/],
  ])('run --report-dir %s: exit 2 with one line, before any check runs', async (_what, reportDir, message) => {
    const began = Date.now();
    const result = await cli(['run', '--report-dir', reportDir]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(`^cos-conformance run: the report directory ${reportDir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${message.source}`),
    );
    expect(result.stdout).not.toMatch(/Started the embedded emulator|✓/);
    expect(Date.now() - began).toBeLessThan(20_000);
  });

  test('report --out below a regular file: exit 2 with one line', async () => {
    const result = await cli(['report', dir, '--out', join(aFile, 'merged')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/the report directory .* cannot be written: a part of its path is a file/);
  });

  test('run() rejects with the same one-line message, and starts nothing', async () => {
    const progress: string[] = [];
    await expect(runSuite({ env: {}, reportDir: join(aFile, 'reports'), onProgress: (line) => progress.push(line) })).rejects.toThrow(
      /^the report directory .* cannot be written: a part of its path is a file, not a directory \(ENOTDIR\)$/,
    );
    expect(progress).toEqual([]);
  });
});
