import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { startEmulator } from '../src/emulator/server.js';
import { generateCertificate } from '../src/emulator/tls.js';
import { ROOT } from './helpers/cli.js';
import { loadAction, runCompositeAction } from './helpers/composite-action.js';
import { assertValidCtrf, readValidReport } from './helpers/schemas.js';

// action.yml's steps run here as a runner would run them, against the embedded emulator: no network.
const dir = mkdtempSync(join(tmpdir(), 'action-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const action = loadAction(join(ROOT, 'action.yml'));
const SECRET = 'action-secret-key-never-shown';

const step = (result: Awaited<ReturnType<typeof runCompositeAction>>, name: string) => result.steps.find((s) => s.name === name)!;

describe('the GitHub Action (action.yml)', () => {
  test('its scripts take inputs from the environment only, never pasted into the script', () => {
    for (const s of action.runs.steps) if (s.run) expect(s.run, s.name).not.toContain('${{');
  });

  test('examples/github-actions.yml gives the action only inputs it has, and merges in a job that always runs', () => {
    const workflow = parse(readFileSync(join(ROOT, 'examples/github-actions.yml'), 'utf8')) as {
      jobs: Record<string, { if?: string; needs?: string; steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => s.uses?.includes('/cos-conformance@')));
    expect(uses).toHaveLength(2);
    for (const s of uses) expect(Object.keys(s.with ?? {}).filter((name) => !(name in action.inputs))).toEqual([]);
    expect(workflow.jobs.verdict).toMatchObject({ needs: 'shard', if: 'always()' });
  });

  test('a failing run: the summary is written, the reports are kept, and the job fails on the verdict', async () => {
    const reportDir = join(dir, 'failing');
    const result = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        'report-dir': reportDir,
        seed: '7',
        'num-runs': '3',
        'secret-key': SECRET,
        'artifact-name': 'reports-failing',
        args: '--only UP-06 --deviate accept-part-number-zero',
      },
    });
    expect(step(result, 'Run cos-conformance').code, step(result, 'Run cos-conformance').stdout).toBe(0);
    expect(step(result, 'Run cos-conformance').stdout).toContain(`::add-mask::${SECRET}`);
    expect(result.summary).toMatch(/^# COS Upload Part conformance/);
    expect(result.summary).toContain('NOT conformant to COS Upload Part (UP-06 fails');
    expect(result.summary).toContain('Expected: 400 InvalidArgument');
    expect(result.summary).not.toContain(SECRET);
    expect(step(result, 'Keep the reports')).toMatchObject({ code: 'uses', with: { name: 'reports-failing', path: reportDir } });
    expect(step(result, 'Fail on the verdict').code).toBe(1);
    expect(step(result, 'Fail on the verdict').stdout).toContain('::error::cos-conformance exited 1');
    expect(result.failed).toBe(true);
    readValidReport(join(reportDir, 'conformance.json'));
    assertValidCtrf(join(reportDir, 'ctrf.json'));
  }, 120_000);

  test('a passing run passes the job, with the summary; with fail-on-verdict false a failing one does too', async () => {
    const passing = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { 'report-dir': join(dir, 'passing'), seed: '7', 'num-runs': '3', args: '--only UP-06' },
    });
    expect(passing.failed, passing.steps.map((s) => s.stdout).join('\n')).toBe(false);
    expect(passing.summary).toContain('partial run');
    const tolerated = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        'report-dir': join(dir, 'tolerated'),
        seed: '7',
        'num-runs': '3',
        'fail-on-verdict': 'false',
        args: '--only UP-06 --deviate accept-part-number-zero',
      },
    });
    expect(tolerated.failed).toBe(false);
    expect(tolerated.summary).toContain('NOT conformant');
  }, 120_000);

  test('shards share a seed drawn from the workflow run; the merge input merges them into one verdict', async () => {
    for (const shard of ['1/2', '2/2']) {
      const result = await runCompositeAction(action, {
        actionPath: ROOT,
        inputs: { 'report-dir': join(dir, 'shards', shard.replace('/', '-of-')), shard, 'num-runs': '3', 'fail-on-verdict': 'false' },
      });
      expect(result.failed).toBe(false);
    }
    const seeds = ['1-of-2', '2-of-2'].map((name) => readValidReport<{ seed: number }>(join(dir, 'shards', name, 'conformance.json')).seed);
    expect(seeds).toEqual([12345678901 % 2147483648, 12345678901 % 2147483648]);
    const merged = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { merge: join(dir, 'shards', '*'), 'report-dir': join(dir, 'merged') },
    });
    expect(merged.failed, merged.steps.map((s) => s.stdout).join('\n')).toBe(false);
    expect(merged.summary).toContain('embedded emulator: conformant to COS Upload Part');
    expect(existsSync(join(dir, 'merged', 'index.html'))).toBe(true);
  }, 180_000);

  test('args are split as a shell splits words, quotes grouping them, and never run; the verdict is an output', async () => {
    const quoted = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        'report-dir': join(dir, 'quoted'),
        seed: '7',
        'num-runs': '3',
        args: `--grep "Upload Part with partNumber 0" --only 'UP-06'`,
      },
    });
    expect(step(quoted, 'Run cos-conformance').stdout).toContain('partial: --only UP-06 --grep Upload Part with partNumber 0');
    expect(quoted.failed, step(quoted, 'Run cos-conformance').stdout).toBe(false);
    expect(quoted.outputs).toMatchObject({ 'exit-code': '0', verdict: 'partial' });
    expect(quoted.outputs.summary).toMatch(
      /^embedded emulator: partial run, no verdict on COS Upload Part as a whole \(1 of \d+ requirements/,
    );

    const failing = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        'report-dir': join(dir, 'quoted-failing'),
        seed: '7',
        'num-runs': '3',
        'fail-on-verdict': 'false',
        args: `--only UP-06 --deviate "accept-part-number-zero"`,
      },
    });
    expect(failing.outputs).toMatchObject({ 'exit-code': '1', verdict: 'not-conformant' });
    expect(failing.outputs.summary).toContain('NOT conformant to COS Upload Part (UP-06 fails');

    // Nothing in the input is run by a shell.
    const marker = join(dir, 'never-created');
    const hostile = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { 'report-dir': join(dir, 'hostile'), args: `--only UP-06 $(touch ${marker}) \`touch ${marker}\`` },
    });
    expect(step(hostile, 'Run cos-conformance').stdout).toMatch(/unknown requirement|Unexpected argument|Unknown option/);
    expect(existsSync(marker)).toBe(false);

    const unmatched = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { 'report-dir': join(dir, 'unmatched'), args: '--grep "Upload Part' },
    });
    expect(step(unmatched, 'Run cos-conformance').stdout).toContain('the args input is not a list of words (an unmatched quote?)');
    expect(step(unmatched, 'Fail on the verdict').code).toBe(2);
  }, 180_000);

  test('ca-file trusts the CA of an https endpoint', async () => {
    const tls = await generateCertificate();
    const emulator = await startEmulator({
      bucket: 'action-1250000000',
      credentials: [{ secretId: 'AKIDaction', secretKey: SECRET }],
      tls,
    });
    try {
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, tls.cert);
      const inputs = {
        endpoint: emulator.endpoint.origin,
        bucket: 'action-1250000000',
        'secret-id': 'AKIDaction',
        'secret-key': SECRET,
        'num-runs': '3',
        args: '--only UP-06',
      };
      const untrusted = await runCompositeAction(action, { actionPath: ROOT, inputs: { ...inputs, 'report-dir': join(dir, 'untrusted') } });
      expect(untrusted.outputs['exit-code']).toBe('3');
      expect(step(untrusted, 'Run cos-conformance').stdout).toContain('set COS_CA_FILE');
      const trusted = await runCompositeAction(action, {
        actionPath: ROOT,
        inputs: { ...inputs, 'ca-file': ca, 'report-dir': join(dir, 'trusted') },
      });
      expect(trusted.outputs, step(trusted, 'Run cos-conformance').stdout).toMatchObject({ 'exit-code': '0', verdict: 'partial' });
    } finally {
      await emulator.close();
    }
  }, 120_000);

  test('target-name and target-version name the run; a merge with a baseline lists what changed, and says the verdict', async () => {
    const base = { 'target-name': 'my-emulator', seed: '7', 'num-runs': '3', 'fail-on-verdict': 'false' };
    const older = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { ...base, 'target-version': '1.4.0', args: '--only UP-06', 'report-dir': join(dir, 'v1.4.0') },
    });
    expect(older.outputs.summary).toMatch(/^my-emulator 1\.4\.0: partial run/);
    await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        ...base,
        'target-version': '1.5.0',
        args: '--only UP-06 --deviate accept-part-number-zero',
        'report-dir': join(dir, 'v1.5.0'),
      },
    });
    const merged = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: {
        merge: join(dir, 'v1.5.0'),
        baseline: join(dir, 'v1.4.0'),
        'report-dir': join(dir, 'merged-baseline'),
        'fail-on-verdict': 'false',
      },
    });
    expect(step(merged, 'Run cos-conformance').stdout).toContain('newly failing: my-emulator 1.5.0 UP-06 (pass → fail)');
    expect(merged.outputs).toMatchObject({ 'exit-code': '1', verdict: 'not-conformant' });
    expect(merged.summary).toContain('| newly failing | my-emulator 1.5.0 | UP-06 | Request parameters | pass | fail |');
    expect(existsSync(join(dir, 'merged-baseline', 'badges', 'my-emulator-1-5-0.svg'))).toBe(true);
  }, 180_000);

  test('a configuration mistake fails the job with a one-line reason, and the summary says there is no verdict', async () => {
    const result = await runCompositeAction(action, {
      actionPath: ROOT,
      inputs: { endpoint: 'http://127.0.0.1:9', 'report-dir': join(dir, 'misconfigured') },
    });
    expect(step(result, 'Run cos-conformance').stdout).toMatch(/COS_BUCKET: is not set/);
    expect(step(result, 'Run cos-conformance').stdout).not.toMatch(/\n\s+at /);
    expect(result.summary).toContain('no verdict');
    expect(step(result, 'Fail on the verdict').code).toBe(2);
    expect(readFileSync(join(dir, 'misconfigured', 'conformance.md'), 'utf8')).toContain('configuration error');
  }, 60_000);
});
