import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ModelStats } from '../../src/model/commands.js';
import type { CheckOutcome } from '../../src/outcomes/check-outcome.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'model-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the model-based checks reach every success path, and say how often', () => {
  test('ModelStats: counts per command, refusals by design apart, and the commands whose success path was never taken', () => {
    const stats = new ModelStats();
    stats.sent('complete', false);
    stats.sent('complete', true);
    stats.sent('abort', false);
    stats.sent('uploadWithBadDigest', false);
    stats.recorded('complete on a completed upload', '200');
    expect(stats.neverSucceeded()).toEqual(['abort']);
    expect(stats.lines()).toEqual([
      'success paths taken: abort 0 of 1, complete 1 of 2, uploadWithBadDigest sent 1 (refused by design); never: abort, so what their success judges was not judged here',
      'recorded, not judged (complete on a completed upload): 200',
    ]);
  });

  test.each(['cos', 's3'])(
    'under the %s profile, fixed and generated sequences both complete uploads, and the report says how often',
    async (profile) => {
      const reportDir = join(dir, profile);
      const outcome = await cli([
        'run',
        '--profile',
        profile,
        '--only',
        'UP-04',
        '--grep',
        'command sequences',
        '--seed',
        '20261202',
        '--num-runs',
        '20',
        '--report-dir',
        reportDir,
      ]);
      expect(outcome.code, outcome.stdout.slice(-1500)).toBe(0);
      const checks = (JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { checks: CheckOutcome[] }).checks.filter(
        (c) => c.file === 'model-based',
      );
      expect(checks).toHaveLength(2);
      for (const check of checks) {
        const paths = check.notes?.find((n) => n.startsWith('success paths taken:'));
        expect(paths, check.title).toBeDefined();
        const completed = /complete (\d+) of (\d+)/.exec(paths!);
        expect(Number(completed?.[1]), paths).toBeGreaterThan(0);
        expect(paths).not.toContain('never:');
      }
    },
    120_000,
  );
});
