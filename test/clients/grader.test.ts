import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CLIENT_REQUIREMENTS } from '../../src/catalogue/client-requirements.js';
import { cli, ROOT } from '../helpers/cli.js';
import { readValidReport } from '../helpers/schemas.js';

// The grader against clients written for it (test/fixtures/clients/mini-client.mjs): a faithful one passes every
// requirement it exercises, under both profiles; each deliberately wrong one fails exactly the requirement its
// mistake breaks, with that requirement's ID; a client that sends nothing has no verdict. Every report is checked
// against its schema by the cli helper.
const MINI = join(ROOT, 'test/fixtures/clients/mini-client.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Report {
  verdict: {
    kind: string;
    summary: string;
    exitCode: number;
    requirements: Array<{ id: string; status: string; level: string; reason?: string; observations?: Record<string, string> }>;
  };
  checks: Array<{
    requirementId: string;
    judgements: Record<
      string,
      { failures: Array<{ case?: string; sent: string; expected: string; actual: string; exchange?: unknown; replay?: string }> }
    >;
  }>;
  client: { scenarios: Array<{ name: string; exitCode: number }> };
}

async function grade(options: string[], client: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'client-grade-'));
  dirs.push(dir);
  const run = await cli(['client', '--report-dir', dir, '--timeout', '60', ...options, '--', process.execPath, MINI, ...client]);
  const report = readValidReport<Report>(join(dir, 'conformance.json'));
  const status = (id: string) => report.verdict.requirements.find((r) => r.id === id)?.status;
  const failing = report.verdict.requirements.filter((r) => r.status === 'fail').map((r) => r.id);
  return { run, report, status, failing };
}

describe('a faithful client passes what it exercises', () => {
  test('COS signature over HTTPS with a customer key, every scenario: conformant, SSE-C judged, nothing passed vacuously', async () => {
    const { run, report, status } = await grade(['--tls'], ['--sse-c']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report.verdict.kind).toBe('conformant');
    expect(report.client.scenarios.map((s) => s.name)).toEqual([
      'plain',
      'slowdown-on-part=2',
      'reset-on-part=2',
      'complete-error',
      'wrong-etag-on-part=2',
      'wrong-crc64-on-part=2',
      'deny-part=2',
      'slow-complete=3',
      'slow-parts=1500',
    ]);
    for (const id of ['CL-01', 'CL-02', 'CL-03', 'CL-04', 'CL-05', 'CL-07', 'CL-08', 'CL-10', 'CL-13', 'CL-14', 'CL-15', 'CL-17', 'CL-18'])
      expect(status(id), id).toBe('pass');
    // It sends no x-amz checksum under the COS signature; CL-09 is S3's.
    expect([status('CL-06'), status('CL-09')]).toEqual(['not-applicable', 'not-applicable']);
    for (const id of ['CL-11', 'CL-12', 'CL-16', 'CL-19']) expect(status(id), id).toBe('recorded');
    const observed = (id: string) => Object.values(report.verdict.requirements.find((r) => r.id === id)!.observations ?? {}).join(' ');
    // It compares the CRC-64 answered with its own and sends the part again; under SSE-C an ETag is not the MD5.
    expect(observed('CL-12')).toMatch(/sent part 2 again before Complete/);
    expect(observed('CL-11')).toMatch(/completed naming the wrong ETag \(answered 400 InvalidPart\)/);
    expect(observed('CL-16')).toMatch(/2 attempt\(s\) at part 2; sent again \d+ ms after the fault/);
  });

  test('SigV4 over HTTP under the s3 profile: the checksums are judged, CL-12 (COS only) does not apply', async () => {
    const { run, report, status } = await grade(['--profile', 's3'], ['--sigv4']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report.verdict.kind).toBe('conformant');
    expect(report.client.scenarios.map((s) => s.name)).not.toContain('wrong-crc64-on-part=2');
    expect([status('CL-06'), status('CL-07'), status('CL-09'), status('CL-12')]).toEqual(['pass', 'pass', 'pass', 'not-applicable']);
    expect(status('CL-08')).toBe('not-applicable');
  });
});

// Each mistake of the test client, the scenario that shows it, and the one requirement it must fail.
const WRONG: Array<[mistake: string, id: string, options: string[], flags: string[]]> = [
  ['chunked-part', 'CL-01', ['--fault', 'plain'], []],
  ['part-number-zero', 'CL-02', ['--fault', 'plain'], []],
  ['small-parts', 'CL-03', ['--fault', 'plain'], []],
  ['wrong-md5', 'CL-04', ['--fault', 'plain'], []],
  ['wrong-crc64', 'CL-05', ['--fault', 'plain'], []],
  ['wrong-checksum', 'CL-06', ['--fault', 'plain', '--profile', 's3'], ['--sigv4']],
  ['unsigned-header', 'CL-07', ['--fault', 'plain', '--profile', 's3'], ['--sigv4']],
  ['sse-c-dropped', 'CL-08', ['--fault', 'plain', '--tls'], ['--sse-c']],
  ['other-checksum', 'CL-09', ['--fault', 'plain', '--profile', 's3'], ['--sigv4']],
  ['unordered-complete', 'CL-10', ['--fault', 'plain'], []],
  ['no-abort', 'CL-13', ['--fault', 'deny-part=2'], []],
  ['no-retry-5xx', 'CL-14', ['--fault', 'slowdown-on-part=2'], []],
  ['no-retry-reset', 'CL-15', ['--fault', 'reset-on-part=2'], []],
  ['trusting-complete', 'CL-17', ['--fault', 'complete-error'], []],
  ['impatient-complete', 'CL-18', ['--fault', 'slow-complete=3'], []],
];

describe('a client that breaks one rule fails that requirement, with its evidence', () => {
  test('every MUST and SHOULD requirement has a wrong client here', () => {
    const judged = CLIENT_REQUIREMENTS.filter((r) => r.level !== 'INFO').map((r) => r.id);
    expect(WRONG.map(([, id]) => id)).toEqual(judged);
  });

  test.each(WRONG)('%s fails %s', async (mistake, id, options, flags) => {
    const { run, report, failing } = await grade(options, [mistake, ...flags]);
    expect(failing, `${run.stdout}\n${run.stderr}`).toEqual([id]);
    // A MUST failure makes the client not conformant; a SHOULD one is reported (and the partial run of one fault
    // scenario may have no verdict on what that scenario does not exercise).
    if (CLIENT_REQUIREMENTS.find((r) => r.id === id)!.level === 'MUST') {
      expect(run.code).toBe(1);
      expect(report.verdict.summary).toMatch(new RegExp(`NOT conformant .*${id} fails`));
    }
    const failures = report.checks.flatMap((c) => c.judgements[id]?.failures ?? []);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.case).toMatch(/^scenario /);
      expect(f.expected).not.toBe(f.actual);
      expect(f.replay).toMatch(/^npx cos-conformance client .*--fault .* -- /);
    }
    // The evidence never carries the key pair or a customer key.
    expect(JSON.stringify(report)).not.toMatch(/x-(cos|amz)-server-side-encryption-customer-key":"(?!<redacted>)/);
    expect(run.stdout).toContain(`✗ ${id}`);
  });
});

describe('serve mode: the emulator waits for clients started elsewhere, which pick faults by key', () => {
  test('a client uploading to a key with fault-slowdown-on-part-2 is graded on its retry when the emulator stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-serve-'));
    dirs.push(dir);
    let settings: Record<string, string> | undefined;
    let clientRun: Promise<number | null> | undefined;
    const run = await cli(['client', '--report-dir', dir, '--name', 'served mini client'], {}, (child) => {
      let printed = '';
      child.stdout!.on('data', (chunk) => {
        printed += chunk;
        if (settings || !/COS_SECRET_KEY=.*\n[\s\S]*Stop with Ctrl-C/.test(printed)) return;
        settings = Object.fromEntries([...printed.matchAll(/^((?:COS|AWS)_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
        const mini = spawn(process.execPath, [MINI], {
          env: { PATH: process.env.PATH, ...settings, CLIENT_KEY: 'served/fault-slowdown-on-part-2/file.bin' },
          stdio: 'ignore',
        });
        clientRun = new Promise((done) => mini.on('close', (code) => done(code)));
        void clientRun.then(() => child.kill('SIGTERM'));
      });
    });
    expect(await clientRun).toBe(0);
    expect(settings!.COS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.code, run.stdout).toBe(0);
    const report = readValidReport<Report>(join(dir, 'conformance.json'));
    expect(report.verdict.kind).toBe('partial');
    const status = (id: string) => report.verdict.requirements.find((r) => r.id === id)?.status;
    expect([status('CL-01'), status('CL-10'), status('CL-14')]).toEqual(['pass', 'pass', 'pass']);
    // Faults nobody asked for by key are not run: nothing is said of them.
    expect([status('CL-15'), status('CL-17')]).toEqual(['not-run', 'not-run']);
  });
});

describe('what the client mode says when there is nothing to grade', () => {
  test('a client that sends nothing: no verdict, exit 3, as a server that cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-grade-'));
    dirs.push(dir);
    const run = await cli([
      'client',
      '--report-dir',
      dir,
      '--fault',
      'plain',
      '--name',
      'silent',
      '--',
      process.execPath,
      '-e',
      'process.exit(4)',
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('silent: no verdict: the client sent no request to the emulator in any scenario (exit 4)');
    expect(readValidReport<Report>(join(dir, 'conformance.json')).verdict.requirements.every((r) => r.status === 'not-run')).toBe(true);
  });

  test('Ctrl-C stops the client in flight (its process group is out of the terminal reach): exit 130, the reports say interrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-grade-'));
    dirs.push(dir);
    const pidFile = join(dir, 'client.pid');
    const hang = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`;
    const run = await cli(['client', '--report-dir', dir, '--name', 'hanging', '--', process.execPath, '-e', hang], {}, (child) => {
      const wait = setInterval(() => {
        if (!existsSync(pidFile)) return;
        clearInterval(wait);
        child.kill('SIGINT');
      }, 50);
    });
    expect(run.code, run.stdout + run.stderr).toBe(130);
    expect(readValidReport<Report>(join(dir, 'conformance.json')).verdict.kind).toBe('interrupted');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  test.each([
    [['client', '--', 'no-such-client-program'], /cannot run the client command "no-such-client-program": not found/],
    [['client', 'node', 'x.mjs'], /put the client command after --/],
    [['client', '--fault', 'slowdown', '--', 'node'], /--fault: unknown fault "slowdown"/],
    [['client', '--profile', 'gcs', '--', 'node'], /--profile: expected cos or s3/],
  ])('%j: one line, exit 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
