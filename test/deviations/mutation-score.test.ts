import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEVIATION_NAMES, DEVIATIONS, type Deviation, type DeviationName } from '../../src/emulator/deviations.js';
import { inParallel } from '../../src/harness/in-parallel.js';
import { cli, readReport, readStatuses } from '../helpers/cli.js';

// The suite is only as good as the wrong servers it catches. Each named deviation of the emulator breaks one
// documented rule; a conformance run against it must fail, with the declared requirement IDs among the failures.
// Runs are restricted to the declared requirements (--only) and strict (SHOULD failures count), in parallel.
const dir = mkdtempSync(join(tmpdir(), 'mutation-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunOutcome {
  readonly exitCode: number | null;
  readonly failed: string[];
  readonly statuses: Record<string, string>;
  /** Titles of the checks that ran, and of those with a failing case charged to their own requirement. */
  readonly checks: string[];
  readonly failingChecks: string[];
  readonly output: string;
}

type ReportedCheck = { title: string; requirementId: string; status: string; judgements: Record<string, { failures: unknown[] }> };

// INFO checks record and never judge, so no deviation can make them fail: they are left out of the per-check score,
// as are checks of the other profile's rules.
const judging = (c: ReportedCheck) => !['not-run', 'recorded', 'not-applicable'].includes(c.status);

interface Setup {
  readonly profile?: 'cos' | 's3';
  readonly bucketType?: 'standard' | 'rapid';
  readonly transport?: 'http' | 'https';
}

async function runSuite(args: string[], reportDir: string, setup: Setup = {}): Promise<RunOutcome> {
  const transport = setup.transport === 'http' ? ['--plain-http'] : [];
  const env = { COS_SEED: '20261125', COS_PROFILE: setup.profile ?? 'cos', COS_BUCKET_TYPE: setup.bucketType ?? 'standard' };
  const result = await cli(['run', '--report-dir', reportDir, ...args, ...transport], env);
  const statuses = readStatuses(reportDir);
  const checks = (readReport(reportDir).checks as unknown as ReportedCheck[]).filter(judging);
  return {
    exitCode: result.code,
    failed: Object.keys(statuses).filter((id) => statuses[id] === 'fail'),
    statuses,
    checks: checks.map((c) => c.title),
    failingChecks: checks.filter((c) => (c.judgements[c.requirementId]?.failures.length ?? 0) > 0).map((c) => c.title),
    output: result.stdout + result.stderr,
  };
}

/** Every check the faithful run ran, filled by the first test: each must be failed by some deviation. */
let everyCheck: string[] = [];

describe('mutation score: the suite catches every deviation of the emulator', () => {
  // Under both profiles: each has rules the other does not apply (x-cos-traffic-limit, the S3 checksums); as a
  // high-performance COS bucket, whose Complete rules differ (doc 436/139736); and over plain HTTP, where SSE-C is
  // judged refused.
  test.each([
    ['cos', 'standard', 'https'],
    ['s3', 'standard', 'https'],
    ['cos', 'rapid', 'https'],
    ['cos', 'standard', 'http'],
  ] as const)(
    'the faithful emulator passes the whole suite, strictly, under the %s profile (%s bucket) over %s',
    async (profile, bucketType, transport) => {
      const outcome = await runSuite(['--strict', '--num-runs', '20'], join(dir, `faithful-${profile}-${bucketType}-${transport}`), {
        profile,
        bucketType,
        transport,
      });
      expect(outcome.failed, outcome.output.slice(-3000)).toEqual([]);
      expect(outcome.exitCode, outcome.output.slice(-3000)).toBe(0);
      expect(new Set(Object.values(outcome.statuses))).toEqual(new Set(['pass', 'recorded', 'not-applicable']));
      everyCheck = [...new Set([...everyCheck, ...outcome.checks])];
    },
    300_000,
  );

  test('every deviation makes the run fail with its declared requirements', async () => {
    const outcomes = await inParallel(DEVIATION_NAMES, 3, async (name: DeviationName) => {
      const declared = DEVIATIONS[name].breaks;
      const deviation = DEVIATIONS[name] as Deviation;
      const outcome = await runSuite(['--deviate', name, '--only', declared.join(','), '--strict', '--num-runs', '10'], join(dir, name), {
        ...(deviation.profile ? { profile: deviation.profile } : {}),
        ...(deviation.variant ? { bucketType: deviation.variant } : {}),
        ...(deviation.transport ? { transport: deviation.transport } : {}),
      });
      const missed = declared.filter((id) => !outcome.failed.includes(id));
      return { name, declared, outcome, caught: outcome.exitCode === 1 && missed.length === 0, missed };
    });
    const escaped = outcomes.filter((o) => !o.caught);
    console.log(`mutation score: ${outcomes.length - escaped.length}/${outcomes.length} deviations caught`);
    for (const o of escaped) {
      console.log(
        `  escaped: ${o.name} (declared ${o.declared.join(', ')}; exit ${o.outcome.exitCode}; statuses ${JSON.stringify(Object.fromEntries(o.declared.map((id) => [id, o.outcome.statuses[id]])))})`,
      );
    }
    expect(escaped.map((o) => o.name)).toEqual([]);
    // Per check, not only per requirement: a check no deviation fails could be passing vacuously.
    const failedSomewhere = new Set(outcomes.flatMap((o) => o.outcome.failingChecks));
    const unfailed = everyCheck.filter((title) => !failedSomewhere.has(title));
    console.log(
      `per-check mutation score: ${everyCheck.length - unfailed.length}/${everyCheck.length} checks failed by at least one deviation`,
    );
    expect(unfailed).toEqual([]);
  }, 900_000);
});
