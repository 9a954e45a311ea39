/**
 * How strong the checks are: which deviations of the emulator make each check fail (with its own requirement),
 * and how often the generated model-based sequences alone catch the deviations they are there for, over 20 seeds
 * at the remote default of 10 cases.
 *
 *   npm run power                  both tables, Markdown, on stdout
 *   npm run power -- --checks      only the per-check table
 *   npm run power -- --model       only the model table
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVIATIONS, DEVIATION_NAMES, type Deviation, type DeviationName } from '../src/emulator/deviations.js';
import { inParallel } from '../src/harness/in-parallel.js';
import { cli } from './lib/exec.js';

interface ReportedCheck {
  readonly title: string;
  readonly requirementId: string;
  readonly status: string;
  readonly judgements: Record<string, { failures: unknown[] }>;
}

const dir = mkdtempSync(join(tmpdir(), 'power-'));
const PARALLEL = 3;

async function checksOf(name: string, args: string[], profile: 'cos' | 's3' = 'cos', bucketType: 'standard' | 'rapid' = 'standard'): Promise<ReportedCheck[]> {
  const reportDir = join(dir, name);
  await cli(['run', '--report-dir', reportDir, ...args], { COS_PROFILE: profile, COS_BUCKET_TYPE: bucketType }, true);
  return (JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { checks: ReportedCheck[] }).checks;
}

const failsOwn = (c: ReportedCheck) => (c.judgements[c.requirementId]?.failures.length ?? 0) > 0;
const failsAny = (c: ReportedCheck) => Object.values(c.judgements).some((j) => j.failures.length > 0);

/** Every judging check of a faithful run, and the deviations whose runs fail it with its own requirement. */
async function perCheckTable(): Promise<string[]> {
  // Both profiles: each has checks the other does not run (x-cos-traffic-limit, the S3 checksums).
  const judging = (c: ReportedCheck) => !['recorded', 'not-run', 'not-applicable'].includes(c.status);
  const faithfulRuns = await Promise.all([
    ...([['cos', 'standard'], ['s3', 'standard'], ['cos', 'rapid']] as const).map(([profile, bucketType]) => checksOf(`faithful-${profile}-${bucketType}`, ['--seed', '20261125', '--num-runs', '10'], profile, bucketType)),
    checksOf('faithful-cos-http', ['--seed', '20261125', '--num-runs', '10', '--plain-http'], 'cos'),
  ]);
  const faithful = [...new Map(faithfulRuns.flat().filter(judging).map((c) => [c.title, c])).values()];
  const runs = await inParallel(DEVIATION_NAMES, PARALLEL, async (name: DeviationName) => ({
    name,
    failing: new Set(
      (await checksOf(name, ['--deviate', name, '--only', DEVIATIONS[name].breaks.join(','), '--seed', '20261125', '--num-runs', '10', ...((DEVIATIONS[name] as Deviation).transport === 'http' ? ['--plain-http'] : [])], (DEVIATIONS[name] as Deviation).profile, (DEVIATIONS[name] as Deviation).variant))
        .filter(failsOwn)
        .map((c) => c.title),
    ),
  }));
  const lines = ['| Check | Deviations that make it fail (seed 20261125, 10 cases) |', '|---|---|'];
  let unfailed = 0;
  for (const check of faithful) {
    const by = runs.filter((r) => r.failing.has(check.title)).map((r) => `\`${r.name}\``);
    if (by.length === 0) unfailed++;
    lines.push(`| ${check.title.replace(/\|/g, '\\|')} | ${by.length ? `${by.length}: ${by.join(', ')}` : '**none**'} |`);
  }
  return [`${faithful.length - unfailed} of ${faithful.length} judging checks fail under at least one of ${DEVIATION_NAMES.length} deviations.`, '', ...lines];
}

const MODEL_TARGETS: readonly DeviationName[] = ['ignore-reupload', 'stale-list-parts', 'forget-abort', 'torn-overwrite', 'ignore-reupload-of-part-3'];
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Seeds (of 20) at which the generated sequences alone, 10 of them, catch each deviation. */
async function modelTable(): Promise<string[]> {
  const jobs = MODEL_TARGETS.flatMap((name) => SEEDS.map((seed) => ({ name, seed })));
  const caught = await inParallel(jobs, PARALLEL, async ({ name, seed }) => {
    const checks = await checksOf(`model-${name}-${seed}`, ['--deviate', name, '--grep', 'generated command sequences', '--seed', String(seed), '--num-runs', '10']);
    return checks.some((c) => c.status !== 'not-run' && failsAny(c));
  });
  const lines = ['| Deviation | Seeds of 20 caught by the generated sequences alone (10 cases each) |', '|---|---|'];
  for (const name of MODEL_TARGETS) {
    const hits = jobs.map((job, i) => (job.name === name ? caught[i] : undefined)).filter((hit) => hit !== undefined);
    lines.push(`| \`${name}\` | ${hits.filter(Boolean).length}/20 |`);
  }
  return lines;
}

const only = process.argv.slice(2);
try {
  if (only.length === 0 || only.includes('--checks')) console.log(['## Per check', '', ...(await perCheckTable()), ''].join('\n'));
  if (only.length === 0 || only.includes('--model')) console.log(['## Model-based sequences', '', ...(await modelTable()), ''].join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
