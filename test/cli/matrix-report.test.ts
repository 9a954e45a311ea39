import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli, readReport } from '../helpers/cli.js';
import { readValidMatrix } from '../helpers/schemas.js';

// The matrix people publish, from real runs of the embedded emulator: two versions of one server (the second breaking
// UP-06, as the deviation accept-part-number-zero does), compared with the first as the baseline of a pull request.
const dir = mkdtempSync(join(tmpdir(), 'matrix-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = (name: string) => join(dir, name);
const common = ['--only', 'UP-06,UP-07', '--num-runs', '3', '--seed', '11', '--target-name', 'my-emulator'];

type Matrix = {
  verdict: { kind: string; exitCode: number };
  runs: Array<{ target: Record<string, string>; statuses: Record<string, string>; badge: string }>;
  comparison?: { changes: Array<Record<string, string>>; added: string[]; pairs: Array<Record<string, string>> };
};

describe('cos-conformance report: a matrix with a baseline', () => {
  beforeAll(async () => {
    const runs = await Promise.all([
      cli(['run', ...common, '--target-version', '1.4.0', '--report-dir', at('v1.4.0')]),
      cli(['run', ...common, '--target-version', '1.5.0', '--deviate', 'accept-part-number-zero', '--report-dir', at('v1.5.0')]),
    ]);
    expect(
      runs.map((r) => r.code),
      runs.map((r) => r.stdout + r.stderr).join('\n'),
    ).toEqual([0, 1]);
    const expectations = at('stale.json');
    writeFileSync(
      expectations,
      JSON.stringify({ target: 'my-emulator', version: '1.4.0', expectedFailures: [{ id: 'UP-07', reason: 'was broken once' }] }),
    );
    const stale = await cli(
      [
        'run',
        '--only',
        'UP-06,UP-07',
        '--num-runs',
        '3',
        '--seed',
        '11',
        '--target-name',
        'my-emulator',
        '--expectations',
        expectations,
        '--report-dir',
        at('stale'),
      ],
      {},
    );
    expect(stale.code, stale.stdout).toBe(0);
    const baseline = await cli(['report', at('v1.4.0'), '--out', at('baseline')]);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
  }, 180_000);

  test('the version and the name reach the report and the verdict line', () => {
    const report = readReport(at('v1.5.0')) as unknown as { target: Record<string, string>; verdict: { summary: string } };
    expect(report.target).toMatchObject({ name: 'my-emulator', version: '1.5.0' });
    expect(report.verdict.summary).toMatch(/^my-emulator 1\.5\.0: NOT conformant to COS Upload Part \(UP-06 fails/);
  });

  test('a changed status shows in the difference: newly failing on the console, in matrix.json, conformance.md and matrix.md', async () => {
    const result = await cli(['report', at('v1.5.0'), '--out', at('pr'), '--baseline', at('baseline')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `Against the baseline ${at('baseline')}: 1 newly failing, 0 newly passing, 0 stale expectations, 0 changed`,
    );
    expect(result.stdout).toContain('  newly failing: my-emulator 1.5.0 UP-06 (pass → fail)');
    const matrix = readValidMatrix<Matrix>(join(at('pr'), 'matrix.json'));
    expect(matrix.comparison?.pairs).toEqual([{ target: 'my-emulator 1.5.0', baseline: 'my-emulator 1.4.0' }]);
    expect(matrix.comparison?.changes).toEqual([
      { target: 'my-emulator 1.5.0', id: 'UP-06', section: 'Request parameters', from: 'pass', to: 'fail', kind: 'newly-failing' },
    ]);
    for (const file of ['conformance.md', 'matrix.md'])
      expect(readFileSync(join(at('pr'), file), 'utf8'), file).toContain(
        '| newly failing | my-emulator 1.5.0 | UP-06 | Request parameters | pass | fail |',
      );
    expect(readFileSync(join(at('pr'), 'index.html'), 'utf8')).toContain('▼ baseline: pass');
    // The other way round: what 1.5.0 broke, 1.4.0 passes again; a passing entry in an expectation file is stale.
    const back = await cli(['report', at('v1.4.0'), '--out', at('back'), '--baseline', join(at('pr'), 'matrix.json')]);
    expect(back.stdout).toContain('1 newly passing');
    const stale = await cli(['report', at('stale'), '--out', at('stale-pr'), '--baseline', at('baseline')]);
    expect(stale.stdout).toMatch(/0 newly failing, 0 newly passing, 1 stale expectation, 0 changed/);
  }, 60_000);

  test('versions side by side, a badge each, a README table, and no file of an earlier merge left', async () => {
    writeFileSync(join(dir, 'leftover.txt'), '');
    const first = await cli(['report', at('v1.4.0'), '--out', at('matrix')]);
    expect(existsSync(join(at('matrix'), 'conformance.json'))).toBe(true);
    expect(first.code).toBe(0);
    const result = await cli(['report', at('v1.5.0'), at('v1.4.0'), '--out', at('matrix')]);
    expect(result.code).toBe(1);
    // Several runs: the single run's conformance.json of the earlier merge is gone, matrix.json says it all.
    expect(existsSync(join(at('matrix'), 'conformance.json'))).toBe(false);
    const matrix = readValidMatrix<Matrix>(join(at('matrix'), 'matrix.json'));
    expect(matrix.runs.map((r) => r.target.version)).toEqual(['1.4.0', '1.5.0']);
    expect(matrix.verdict).toMatchObject({ kind: 'not-conformant', exitCode: 1 });
    expect(matrix.runs.map((r) => r.badge)).toEqual(['my-emulator-1-4-0.svg', 'my-emulator-1-5-0.svg']);
    for (const r of matrix.runs)
      expect(readFileSync(join(at('matrix'), 'badges', r.badge), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const md = readFileSync(join(at('matrix'), 'matrix.md'), 'utf8');
    expect(md).toContain('| Requirement | Level | my-emulator 1.4.0 | my-emulator 1.5.0 |');
    expect(md).toMatch(/\| \[UP-06\]\([^)]+\) .* \| MUST \| ✅ \| ❌ \|/);
    const html = readFileSync(join(at('matrix'), 'index.html'), 'utf8');
    expect(html).toContain('<th class="server" scope="colgroup" colspan="2">my-emulator</th>');
    expect(html).toContain('▼ 1.4.0: pass');
  }, 60_000);

  test('a baseline that is not one, or a report of a format this version cannot read: exit 2 with one line', async () => {
    writeFileSync(at('not-a-baseline.json'), '{"format": "x"}');
    const result = await cli(['report', at('v1.4.0'), '--out', at('bad'), '--baseline', at('not-a-baseline.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--baseline .*: format "x", expected cos-conformance-matrix\/1/);
  });
});
