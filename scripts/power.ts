/**
 * How strong the checks are: which deviations of the emulator make each check fail (with its own requirement), seed
 * by seed, and how often the generated model-based sequences alone catch the deviations they are there for, over 20
 * seeds at the remote default of 10 cases.
 *
 *   npm run power                              both tables, Markdown, on stdout
 *   npm run power -- --checks                  only the per-check table (seed 20261125)
 *   npm run power -- --checks --seeds 1..5     the per-check table at each of seeds 1 to 5 (also 1,2,7)
 *   npm run power -- --checks --deviations a,b only these deviations (the faithful runs as ever)
 *   npm run power -- --model                   only the model table
 *
 * Exits 1 when a judging check has a seed at which no deviation fails it, or the faithful emulator failed a check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeviationName, parseDeviations } from '../src/emulator/deviations.js';
import { inParallel } from '../src/harness/in-parallel.js';
import { gaps, measureCheckPower, parseSeeds, type ReportedCheck, renderCheckPower } from './lib/check-power.js';
import { cli } from './lib/exec.js';

const dir = mkdtempSync(join(tmpdir(), 'power-'));
const PARALLEL = 3;

async function checksOf(
  name: string,
  args: string[],
  profile: 'cos' | 's3' = 'cos',
  bucketType: 'standard' | 'rapid' = 'standard',
): Promise<ReportedCheck[]> {
  const reportDir = join(dir, name);
  await cli(['run', '--report-dir', reportDir, ...args], { COS_PROFILE: profile, COS_BUCKET_TYPE: bucketType }, true);
  return (JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { checks: ReportedCheck[] }).checks;
}

const failsAny = (c: ReportedCheck) => Object.values(c.judgements).some((j) => j.failures.length > 0);

const MODEL_TARGETS: readonly DeviationName[] = [
  'ignore-reupload',
  'stale-list-parts',
  'forget-abort',
  'torn-overwrite',
  'ignore-reupload-of-part-3',
];
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Seeds (of 20) at which the generated sequences alone, 10 of them, catch each deviation. */
async function modelTable(): Promise<string[]> {
  const jobs = MODEL_TARGETS.flatMap((name) => SEEDS.map((seed) => ({ name, seed })));
  const caught = await inParallel(jobs, PARALLEL, async ({ name, seed }) => {
    const checks = await checksOf(`model-${name}-${seed}`, [
      '--deviate',
      name,
      '--grep',
      'generated command sequences',
      '--seed',
      String(seed),
      '--num-runs',
      '10',
    ]);
    return checks.some((c) => c.status !== 'not-run' && failsAny(c));
  });
  const lines = ['| Deviation | Seeds of 20 caught by the generated sequences alone (10 cases each) |', '|---|---|'];
  for (const name of MODEL_TARGETS) {
    const hits = jobs.map((job, i) => (job.name === name ? caught[i] : undefined)).filter((hit) => hit !== undefined);
    lines.push(`| \`${name}\` | ${hits.filter(Boolean).length}/20 |`);
  }
  return lines;
}

const args = process.argv.slice(2);
const seedsAt = args.indexOf('--seeds');
const tables = args.filter((a) => a === '--checks' || a === '--model');
let exitCode = 0;
try {
  const seeds = parseSeeds(seedsAt >= 0 ? (args[seedsAt + 1] ?? '') : '20261125');
  const deviationsAt = args.indexOf('--deviations');
  const deviations = deviationsAt >= 0 ? [...parseDeviations(args[deviationsAt + 1])] : undefined;
  if (tables.length === 0 || tables.includes('--checks')) {
    const power = await measureCheckPower(seeds, checksOf, { parallel: PARALLEL, ...(deviations ? { deviations } : {}) });
    console.log(['## Per check', '', ...renderCheckPower(power), ''].join('\n'));
    if (gaps(power).length > 0 || power.faithfulFailures.length > 0) exitCode = 1;
  }
  if (tables.length === 0 || tables.includes('--model'))
    console.log(['## Model-based sequences', '', ...(await modelTable()), ''].join('\n'));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 2;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = exitCode;
