import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEVIATIONS, DEVIATION_NAMES, type DeviationName } from '../../src/emulator/deviations.js';

// The suite is only as good as the wrong servers it catches. Each named deviation of the emulator breaks one
// documented rule; a conformance run against it must fail, with the declared requirement IDs among the failures.
// Runs are restricted to the declared requirements (--only) and strict (SHOULD failures count), in parallel.
const dir = mkdtempSync(join(tmpdir(), 'mutation-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunOutcome {
  readonly exitCode: number | null;
  readonly failed: string[];
  readonly statuses: Record<string, string>;
  readonly output: string;
}

function runSuite(args: string[], reportDir: string): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/cos-conformance.js', 'run', '--report-dir', reportDir, ...args], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, COS_ENDPOINT: '', COS_SEED: '20261125' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (exitCode) => {
      let statuses: Record<string, string> = {};
      try {
        const report = JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { verdict: { requirements: Array<{ id: string; status: string }> } };
        statuses = Object.fromEntries(report.verdict.requirements.map((r) => [r.id, r.status]));
      } catch {
        // no report: the run broke before writing it; the exit code tells
      }
      resolve({ exitCode, failed: Object.keys(statuses).filter((id) => statuses[id] === 'fail'), statuses, output });
    });
  });
}

async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}

describe('mutation score: the suite catches every deviation of the emulator', () => {
  test('the faithful emulator passes the whole suite, strictly', async () => {
    const outcome = await runSuite(['--strict', '--num-runs', '20'], join(dir, 'faithful'));
    expect(outcome.failed, outcome.output.slice(-3000)).toEqual([]);
    expect(outcome.exitCode, outcome.output.slice(-3000)).toBe(0);
    expect(Object.values(outcome.statuses).every((s) => s === 'pass')).toBe(true);
  }, 300_000);

  test('every deviation makes the run fail with its declared requirements', async () => {
    const outcomes = await inParallel(DEVIATION_NAMES, 3, async (name: DeviationName) => {
      const declared = DEVIATIONS[name].breaks;
      const outcome = await runSuite(['--deviate', name, '--only', declared.join(','), '--strict', '--num-runs', '10'], join(dir, name));
      const missed = declared.filter((id) => !outcome.failed.includes(id));
      return { name, declared, outcome, caught: outcome.exitCode === 1 && missed.length === 0, missed };
    });
    const escaped = outcomes.filter((o) => !o.caught);
    console.log(`mutation score: ${outcomes.length - escaped.length}/${outcomes.length} deviations caught`);
    for (const o of escaped) {
      console.log(`  escaped: ${o.name} (declared ${o.declared.join(', ')}; exit ${o.outcome.exitCode}; statuses ${JSON.stringify(Object.fromEntries(o.declared.map((id) => [id, o.outcome.statuses[id]])))})`);
    }
    expect(escaped.map((o) => o.name)).toEqual([]);
  }, 900_000);
});
