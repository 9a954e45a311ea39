import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { type CliOutcome, cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET_ID = 'AKIDsecretid0123456789abcdef';
const SECRET_KEY = 'secret-key-that-must-never-appear';

describe('cos-conformance run against the embedded emulator', () => {
  let outcome: CliOutcome;
  const reportDir = join(dir, 'full');
  beforeAll(async () => {
    outcome = await cli(['run', '--report-dir', reportDir, '--num-runs', '5'], { COS_SECRET_ID: SECRET_ID, COS_SECRET_KEY: SECRET_KEY });
  }, 300_000);

  test('exits 0 with a verdict line and the paths of the four reports', () => {
    expect(outcome.code, outcome.stdout + outcome.stderr).toBe(0);
    // Every MUST and SHOULD requirement passes, or does not apply under the cos profile (the S3 checksum rules).
    const judged = REQUIREMENTS.filter((r) => r.level !== 'INFO').length;
    const line =
      /embedded emulator: conformant to COS Upload Part \((\d+)\/(\d+) MUST and SHOULD requirements pass, (\d+) not applicable\)/.exec(
        outcome.stdout,
      );
    expect(line, outcome.stdout.slice(-500)).not.toBeNull();
    const [passed, of, notApplicable] = line!.slice(1).map(Number);
    expect([passed, passed! + notApplicable!]).toEqual([of, judged]);
    for (const name of ['junit.xml', 'conformance.json', 'conformance.md', 'index.html'])
      expect(outcome.stdout).toContain(join(reportDir, name));
  });

  test('junit.xml is what JUnit consumers expect, and its counts add up', () => {
    const xml = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        errors: string;
        testsuite: Array<{
          name: string;
          tests: string;
          failures: string;
          skipped: string;
          testcase: Array<{ classname: string; name: string; failure?: unknown }>;
        }>;
      };
    };
    const suites = doc.testsuites.testsuite;
    const cases = suites.flatMap((s) => s.testcase);
    expect(cases.length).toBeGreaterThan(30);
    expect(Number(doc.testsuites.tests)).toBe(cases.length);
    for (const suite of suites) expect(Number(suite.tests)).toBe(suite.testcase.length);
    // A testcase per check, named after its requirement, then the verdict's, which passes on a conformant run.
    const verdict = cases.pop()!;
    expect(verdict).toMatchObject({ classname: 'cos-conformance', name: 'verdict' });
    expect(verdict.failure).toBeUndefined();
    for (const c of cases) {
      expect(c.classname).toBeTruthy();
      expect(c.name).toMatch(/^UP-\d{2} /);
    }
    expect(Number(doc.testsuites.failures)).toBe(cases.filter((c) => c.failure !== undefined).length);
  });

  test('conformance.json: the target without secrets, usage figures, and a status per requirement', () => {
    const text = readFileSync(join(reportDir, 'conformance.json'), 'utf8');
    const report = JSON.parse(text) as {
      target: Record<string, string>;
      bytesSent: number;
      requests: number;
      seed: number;
      verdict: { requirements: Array<{ id: string; status: string }> };
    };
    expect(report.target).toMatchObject({ endpoint: 'embedded emulator', profile: 'cos', signature: 'cos' });
    expect(report.bytesSent).toBeGreaterThan(0);
    expect(report.requests).toBeGreaterThan(100);
    expect(new Set(report.verdict.requirements.map((r) => r.status))).toEqual(new Set(['pass', 'recorded', 'not-applicable']));
    for (const file of ['conformance.json', 'conformance.md', 'index.html', 'junit.xml']) {
      const content = readFileSync(join(reportDir, file), 'utf8');
      expect(content).not.toContain(SECRET_ID);
      expect(content).not.toContain(SECRET_KEY);
    }
    expect(outcome.stdout + outcome.stderr).not.toContain(SECRET_KEY);
  });
});

describe('the faithful emulator passes in every configuration', () => {
  test.each([
    [['--signature', 'sigv4'], {}],
    [['--profile', 's3'], {}],
    [[], { COS_ADDRESSING: 'path' }],
    [[], { COS_SECURITY_TOKEN: 'temporary-session-token' }],
  ])(
    'run %j %j exits 0',
    async (args, env) => {
      const result = await cli(
        ['run', '--num-runs', '3', '--report-dir', join(dir, `config-${args.join('')}${Object.keys(env).join('')}`), ...args],
        env,
      );
      expect(
        result.code,
        result.stdout
          .split('\n')
          .filter((l) => /[✗!]/.test(l))
          .join('\n'),
      ).toBe(0);
    },
    300_000,
  );
});

describe('the byte budget', () => {
  test('--max-bytes 1MiB: the run stays within it; checks that need more are skipped before they send, never passed; no verdict', async () => {
    const reportDir = join(dir, 'budget');
    const result = await cli(['run', '--max-bytes', '1MiB', '--num-runs', '5', '--seed', '20261125', '--report-dir', reportDir]);
    expect(result.code, result.stdout).toBe(1);
    const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as {
      bytesSent: number;
      verdict: { summary: string; requirements: Array<{ id: string; status: string }> };
    };
    expect(report.bytesSent).toBeLessThanOrEqual(1024 * 1024);
    const skipped = report.verdict.requirements.filter((r) => r.status === 'skipped').map((r) => r.id);
    // A check the budget stopped before all its fixed examples ran is skipped too (UP-13, UP-16, UP-20: their
    // boundary sizes), never passed on the cases it reached.
    expect(skipped).toEqual([
      'UP-03',
      'UP-04',
      'UP-09',
      'UP-10',
      'UP-13',
      'UP-14',
      'UP-16',
      'UP-20',
      'UP-23',
      'UP-25',
      'UP-28',
      'UP-31',
      'UP-33',
      'UP-37',
      'UP-38',
      'UP-39',
      'UP-40',
      'UP-41',
      'UP-45',
      'UP-48',
      'UP-50',
      'UP-51',
      'UP-52',
    ]);
    expect(report.verdict.requirements.filter((r) => !['pass', 'skipped', 'recorded', 'not-applicable'].includes(r.status))).toEqual([]);
    expect(report.verdict.summary).toMatch(
      /no verdict on COS Upload Part \(UP-03, UP-04, UP-09, UP-10, UP-13, UP-23, UP-25, UP-31, UP-37, UP-39, UP-41, UP-45, UP-50, UP-52 skipped \(byte budget\)\)/,
    );
    expect(result.stdout).toMatch(/- UP-03 .*skipped: COS_MAX_BYTES budget exhausted/);

    // Each check spends a fixed share, so one check at a time skips exactly what checks side by side skip.
    const alone = await cli(
      ['run', '--max-bytes', '1MiB', '--num-runs', '5', '--seed', '20261125', '--report-dir', join(dir, 'budget-alone')],
      { COS_CONCURRENCY: '1' },
    );
    expect(alone.code, alone.stdout).toBe(1);
    const statuses = (path: string) =>
      (JSON.parse(readFileSync(path, 'utf8')) as { checks: Array<{ title: string; status: string }> }).checks.map(
        (c) => `${c.status} ${c.title}`,
      );
    expect(statuses(join(dir, 'budget-alone', 'conformance.json'))).toEqual(statuses(join(reportDir, 'conformance.json')));
  }, 300_000);
});

describe('verdicts through the command line', () => {
  test('an unlisted MUST failure exits 1; listed in an expectation file it exits 0', async () => {
    const failing = await cli([
      'run',
      '--deviate',
      'accept-part-number-zero',
      '--only',
      'UP-06',
      '--num-runs',
      '3',
      '--report-dir',
      join(dir, 'unlisted'),
    ]);
    expect(failing.code, failing.stdout).toBe(1);
    expect(failing.stdout).toContain('NOT conformant');
    const expectations = join(dir, 'expect-up06.json');
    writeFileSync(
      expectations,
      JSON.stringify({
        target: 'deviating emulator',
        expectedFailures: [{ id: 'UP-06', reason: 'accepts partNumber 0', link: 'https://example.invalid/issue/1' }],
      }),
    );
    const listed = await cli([
      'run',
      '--deviate',
      'accept-part-number-zero',
      '--only',
      'UP-06',
      '--num-runs',
      '3',
      '--expectations',
      expectations,
      '--report-dir',
      join(dir, 'listed'),
    ]);
    expect(listed.code, listed.stdout).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'listed', 'conformance.json'), 'utf8')) as {
      verdict: { requirements: Array<{ id: string; status: string }> };
    };
    expect(report.verdict.requirements.find((r) => r.id === 'UP-06')?.status).toBe('expected-fail');
  }, 120_000);

  test('a stale expectation entry is reported, and fails the run with --strict', async () => {
    const expectations = join(dir, 'stale.json');
    writeFileSync(
      expectations,
      JSON.stringify({ target: 'faithful emulator', expectedFailures: [{ id: 'UP-06', reason: 'was broken once' }] }),
    );
    const lax = await cli([
      'run',
      '--only',
      'UP-06',
      '--num-runs',
      '3',
      '--expectations',
      expectations,
      '--report-dir',
      join(dir, 'stale'),
    ]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toContain('Stale expectation: UP-06');
    const strict = await cli([
      'run',
      '--only',
      'UP-06',
      '--num-runs',
      '3',
      '--expectations',
      expectations,
      '--strict',
      '--report-dir',
      join(dir, 'stale-strict'),
    ]);
    expect(strict.code).toBe(1);
  }, 120_000);

  test('an unreachable endpoint exits 3 with one line saying so', async () => {
    const result = await cli(['run', '--report-dir', join(dir, 'unreachable')], {
      COS_ENDPOINT: 'http://127.0.0.1:9',
      COS_BUCKET: 'b-1250000000',
      COS_SECRET_ID: 'x',
      COS_SECRET_KEY: 'y',
    });
    expect(result.code).toBe(3);
    expect(result.stdout + result.stderr).toMatch(/could not be reached/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [['run', '--bogus'], /Unknown option '--bogus'/],
    [['run', '--only', 'UP-99'], /unknown requirement UP-99/],
    [['run', '--deviate', 'nonsense'], /unknown deviation nonsense/],
    [['run', '--expectations', '/nonexistent.json'], /cannot read/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['sweep'], /sweep needs COS_ENDPOINT/],
    [['report'], /at least one report directory/],
  ])('%j exits 2 with one clear line', async (args, message) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  test('credentials or a bucket the target refuses: exit 2, naming the setting, before any check runs', async () => {
    const { startEmulator } = await import('../../src/emulator/server.js');
    const emulator = await startEmulator({ bucket: 'right-1250000000', credentials: [{ secretId: 'AKIDright', secretKey: 'right' }] });
    try {
      const base = {
        COS_ENDPOINT: emulator.endpoint.origin,
        COS_BUCKET: 'right-1250000000',
        COS_SECRET_ID: 'AKIDright',
        COS_SECRET_KEY: 'right',
      };
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ COS_SECRET_ID: 'AKIDwrong' }, /InvalidAccessKeyId\): COS_SECRET_ID/],
        [{ COS_SECRET_KEY: 'wrong' }, /SignatureDoesNotMatch\): .*COS_SECRET_KEY/],
        [{ COS_BUCKET: 'wrong-1250000000', COS_ADDRESSING: 'path' }, /NoSuchBucket\): COS_BUCKET/],
      ];
      for (const [override, message] of cases) {
        const result = await cli(['run', '--report-dir', join(dir, 'refused')], { ...base, ...override });
        expect(result.code, result.stdout + result.stderr).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stdout).not.toMatch(/✗/);
      }
    } finally {
      await emulator.close();
    }
  }, 60_000);

  test('a missing setting names the variable and exits 2', async () => {
    const result = await cli(['run'], { COS_ENDPOINT: 'http://127.0.0.1:9' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/COS_BUCKET: is not set/);
  });

  test('--help works on every command', async () => {
    for (const command of ['run', 'list', 'emulator', 'sweep', 'report']) {
      const result = await cli([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`cos-conformance ${command}`);
    }
  });
});
