import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { startEmulator } from '../../src/emulator/server.js';
import { cli, readReport, readStatuses } from '../helpers/cli.js';
import { answeringEverything, proxyTo } from '../helpers/fake-targets.js';

// A requirement's status comes only from the checks that judge it: against servers that break everything, or
// refuse a feature at setup, the reports claim nothing that was not judged.
const dir = mkdtempSync(join(tmpdir(), 'honest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const target = (url: string) => ({
  COS_ENDPOINT: url,
  COS_BUCKET: 'honest-1250000000',
  COS_SECRET_ID: 'AKIDhonest',
  COS_SECRET_KEY: 'honest-key',
  COS_KEY_PREFIX: 'honest/',
  COS_REQUEST_TIMEOUT_MS: '3000',
});

describe('a server that answers HTTP 500 to every request', () => {
  test('no requirement passes; exit 1 without an expectation file, with one, and with --strict', async () => {
    const server = await answeringEverything(500, 'InternalError');
    const expectations = join(dir, 'listed.json');
    writeFileSync(
      expectations,
      JSON.stringify({ target: '500 server', expectedFailures: ['UP-05', 'UP-24', 'UP-30'].map((id) => ({ id, reason: 'answers 500' })) }),
    );
    try {
      for (const extra of [[], ['--expectations', expectations], ['--expectations', expectations, '--strict']]) {
        const reportDir = join(dir, `500-${extra.length}`);
        const result = await cli(['run', '--num-runs', '3', '--report-dir', reportDir, ...extra], target(server.url));
        expect(result.code, result.stdout.slice(-3000)).toBe(1);
        const statuses = readStatuses(reportDir);
        expect(
          Object.entries(statuses).filter(([, s]) => s === 'pass' || s === 'unexpected-pass'),
          JSON.stringify(statuses),
        ).toEqual([]);
        expect(statuses['UP-30']).toBe(extra.length ? 'expected-fail' : 'fail');
        expect(statuses['UP-01']).toBe('inconclusive');
        expect(result.stdout).not.toMatch(/: conformant to/);
        const report = readReport(reportDir);
        expect(report.verdict.kind).not.toBe('conformant');
        // Each inconclusive check names the step that was refused, and what came back.
        expect(report.verdict.requirements.find((r) => r.id === 'UP-01')?.reason).toMatch(
          /setup step Initiate .* answered 500 InternalError/,
        );
      }
    } finally {
      await server.close();
    }
  }, 180_000);
});

describe('a server that refuses SSE at Initiate', () => {
  test('UP-17 is inconclusive, naming the refused step; UP-30 passes', async () => {
    const emulator = await startEmulator({
      bucket: 'honest-1250000000',
      credentials: [{ secretId: 'AKIDhonest', secretKey: 'honest-key' }],
    });
    const proxy = await proxyTo(emulator, (req) =>
      req.method === 'POST' && /[?&]uploads/.test(req.url ?? '') && req.headers['x-cos-server-side-encryption']
        ? { status: 400, code: 'InvalidRequest' }
        : 'forward',
    );
    try {
      const reportDir = join(dir, 'sse');
      const result = await cli(['run', '--only', 'UP-17,UP-30', '--report-dir', reportDir], target(proxy.url));
      expect(result.code, result.stdout).toBe(1);
      expect(readStatuses(reportDir)).toEqual({ 'UP-17': 'inconclusive', 'UP-30': 'pass' });
      expect(result.stdout).toMatch(
        /\? UP-17 .*inconclusive: setup step Initiate .* with x-cos-server-side-encryption: AES256 answered 400 InvalidRequest/,
      );
      const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
      expect(junit).toMatch(
        /<testcase classname="specs\/response-headers.spec.ts" name="UP-17[^"]*"[^>]*>\s*<skipped message="inconclusive: setup step Initiate/,
      );
    } finally {
      await proxy.close();
      await emulator.close();
    }
  }, 120_000);
});

describe('runs that claim only what ran', () => {
  test('--only never prints an unqualified "conformant": it is a partial run', async () => {
    const result = await cli(['run', '--only', 'UP-06', '--num-runs', '3', '--report-dir', join(dir, 'only')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `embedded emulator: partial run, no verdict on COS Upload Part as a whole (1 of ${REQUIREMENTS.length} requirements, --only UP-06`,
    );
    expect(result.stdout).not.toMatch(/: conformant to/);
    const mustCount = REQUIREMENTS.filter((r) => r.level === 'MUST').length;
    expect(readReport(join(dir, 'only')).verdict.counts.MUST).toEqual({ pass: 1, 'not-run': mustCount - 1 });
  }, 60_000);

  test('a run that stops with exit 2 or 3 replaces the reports of an earlier run with reports saying why there is no verdict', async () => {
    for (const [env, code, reason] of [
      [{ COS_ENDPOINT: 'http://127.0.0.1:9' }, 2, /configuration error: COS_BUCKET: is not set/],
      [target('http://127.0.0.1:9'), 3, /could not be reached/],
    ] as const) {
      const reportDir = join(dir, `stale-${code}`);
      mkdirSync(reportDir, { recursive: true });
      for (const name of ['conformance.json', 'conformance.md', 'index.html', 'junit.xml'])
        writeFileSync(join(reportDir, name), 'an earlier run: conformant');
      const result = await cli(['run', '--report-dir', reportDir], env);
      expect(result.code).toBe(code);
      const report = readReport(reportDir);
      expect(report.verdict.kind).toBe('no-verdict');
      expect(report.verdict.summary).toMatch(reason);
      for (const name of ['conformance.md', 'index.html', 'junit.xml'])
        expect(readFileSync(join(reportDir, name), 'utf8')).not.toContain('an earlier run');
      expect(readFileSync(join(reportDir, 'junit.xml'), 'utf8')).toMatch(/<error message="[^"]*no verdict/);
      expect(existsSync(join(reportDir, 'conformance.json'))).toBe(true);
    }
  }, 60_000);
});

describe('every case runs to its end', () => {
  test('a server that stores the aws-chunked framing and so checks no trailer: both failures are reported, each with its evidence', async () => {
    const reportDir = join(dir, 'both-failures');
    const result = await cli([
      'run',
      '--profile',
      's3',
      '--only',
      'UP-44',
      '--deviate',
      'aws-chunked-stored-encoded',
      '--seed',
      '20261202',
      '--num-runs',
      '3',
      '--report-dir',
      reportDir,
    ]);
    expect(result.code, result.stdout.slice(-2000)).toBe(1);
    const report = readReport(reportDir) as unknown as {
      checks: Array<{ requirementId: string; judgements: Record<string, { failures: Array<{ case?: string; expected: string }> }> }>;
    };
    const failures = report.checks.filter((c) => c.requirementId === 'UP-44').flatMap((c) => c.judgements['UP-44']!.failures);
    expect(failures.map((f) => f.case)).toEqual(
      expect.arrayContaining(['stored as the decoded bytes', 'a wrong trailer checksum refused']),
    );
    const refusal = failures.find((f) => f.case === 'a wrong trailer checksum refused');
    expect(refusal?.expected).toBe('400 (any code)');
  }, 120_000);
});
