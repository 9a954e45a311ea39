import { DEVIATION_NAMES, DEVIATIONS, type Deviation, type DeviationName } from '../../src/emulator/deviations.js';
import { inParallel } from '../../src/harness/in-parallel.js';

/**
 * How strong each check is, seed by seed: which deviations of the emulator make it fail with its own requirement,
 * at each seed, at the remote default of 10 generated cases. Each deviation runs with `--only` its declared
 * requirements, `--strict`, under its profile and transport, so a check is credited only with the deviations aimed
 * at its rules. The faithful emulator runs at each seed too, under both profiles and over plain HTTP: its checks are
 * the ones to be failed, and a check that fails there at some seed is named (a deviation's failure would mean nothing).
 * `npm run power -- --checks` prints the table; test/deviations/power-seeds.test.ts requires it to have no gap.
 */
export interface ReportedCheck {
  readonly title: string;
  readonly requirementId: string;
  readonly status: string;
  readonly judgements: Record<string, { failures: unknown[] }>;
}

/** Runs `cos-conformance run ARGS` under a profile and bucket type and returns the checks of its conformance.json. */
export type RunChecks = (
  label: string,
  args: string[],
  profile: 'cos' | 's3',
  bucketType: 'standard' | 'rapid',
) => Promise<ReportedCheck[]>;

export interface CheckPower {
  readonly seeds: readonly number[];
  /** Every judging check of the faithful runs, in the order they were reported. */
  readonly checks: readonly string[];
  /** Check title → seed → the deviations that fail it with its own requirement at that seed. */
  readonly failing: ReadonlyMap<string, ReadonlyMap<number, readonly DeviationName[]>>;
  /** Checks that failed against the faithful emulator, with the seed and the run. */
  readonly faithfulFailures: readonly string[];
  readonly deviations: readonly DeviationName[];
  /** How many deviation runs were made (fewer than deviations × seeds under `firstCatchOnly`). */
  readonly deviationRuns: number;
}

const CASES = '10';
const judging = (c: ReportedCheck) => !['recorded', 'not-run', 'not-applicable'].includes(c.status);
const failsOwn = (c: ReportedCheck) => (c.judgements[c.requirementId]?.failures.length ?? 0) > 0;
const failsAny = (c: ReportedCheck) => Object.values(c.judgements).some((j) => j.failures.length > 0);

/** The arguments of a deviation's run at a seed: its requirements only, strict, over its transport. */
export function deviationArgs(name: DeviationName, seed: number): string[] {
  const deviation = DEVIATIONS[name] as Deviation;
  return [
    '--deviate',
    name,
    '--only',
    deviation.breaks.join(','),
    '--strict',
    '--seed',
    String(seed),
    '--num-runs',
    CASES,
    ...(deviation.transport === 'http' ? ['--plain-http'] : []),
  ];
}

export interface PowerOptions {
  /** Runs at once (default 3). */
  readonly parallel?: number;
  readonly deviations?: readonly DeviationName[];
  /**
   * Only what a guard needs: the faithful runs at the first seed (for the list of checks), and at each seed no
   * deviation whose requirements' checks some deviation already failed there. The table then names, per check and
   * seed, the first deviations found to fail it, not all of them.
   */
  readonly firstCatchOnly?: boolean;
}

export async function measureCheckPower(seeds: readonly number[], run: RunChecks, options: PowerOptions = {}): Promise<CheckPower> {
  const { parallel = 3, deviations = DEVIATION_NAMES, firstCatchOnly = false } = options;
  // Both profiles, a high-performance bucket and plain HTTP: each has checks the others do not run
  // (x-cos-traffic-limit, the S3 checksums, the rules of gaps in part numbers, SSE-C refused over HTTP).
  const faithfulJobs = (firstCatchOnly ? seeds.slice(0, 1) : seeds).flatMap((seed) =>
    (
      [
        ['cos', 'standard', []],
        ['s3', 'standard', []],
        ['cos', 'rapid', []],
        ['cos', 'standard', ['--plain-http']],
      ] as const
    ).map(([profile, bucketType, extra]) => ({
      seed,
      profile,
      bucketType,
      extra,
      label: `faithful-${profile}-${bucketType}${extra.length ? '-http' : ''}-${seed}`,
    })),
  );
  const faithfulRuns = await inParallel(faithfulJobs, parallel, async (job) => ({
    job,
    checks: await run(job.label, ['--strict', '--seed', String(job.seed), '--num-runs', CASES, ...job.extra], job.profile, job.bucketType),
  }));
  const judged = faithfulRuns.flatMap((r) => r.checks.filter(judging));
  const checks = [...new Set(judged.map((c) => c.title))];
  const requirementOf = new Map(judged.map((c) => [c.title, c.requirementId]));
  const faithfulFailures = faithfulRuns.flatMap((r) => r.checks.filter(failsAny).map((c) => `${c.title} (${r.job.label})`));
  const failing = new Map<string, Map<number, DeviationName[]>>(checks.map((title) => [title, new Map(seeds.map((seed) => [seed, []]))]));
  /** Whether every check of the deviation's requirements has already been failed at the seed. */
  const covered = (name: DeviationName, seed: number) =>
    checks
      .filter((title) => (DEVIATIONS[name].breaks as readonly string[]).includes(requirementOf.get(title)!))
      .every((title) => failing.get(title)!.get(seed)!.length > 0);
  let deviationRuns = 0;
  const runDeviation = async (seed: number, name: DeviationName) => {
    if (firstCatchOnly && covered(name, seed)) return;
    deviationRuns += 1;
    const deviation = DEVIATIONS[name] as Deviation;
    const ran = await run(`${name}-${seed}`, deviationArgs(name, seed), deviation.profile ?? 'cos', deviation.variant ?? 'standard');
    for (const c of ran.filter(failsOwn)) failing.get(c.title)?.get(seed)?.push(name);
  };
  if (!firstCatchOnly) {
    await inParallel(
      seeds.flatMap((seed) => deviations.map((name) => ({ seed, name }))),
      parallel,
      ({ seed, name }) => runDeviation(seed, name),
    );
  } else {
    // Seed by seed, so that what one seed found orders the next; within a seed, one deviation of each requirement
    // set before a second of any, so that a deviation whose checks an earlier one already failed is skipped rather
    // than run beside it. Skipping never changes the gaps: a deviation is skipped only when every check it could
    // fail has already failed at that seed. How many are skipped depends on which of the parallel runs end first.
    for (const seed of seeds) {
      const earlier = seeds.slice(0, seeds.indexOf(seed));
      const caughtBefore = (name: DeviationName) => earlier.some((s) => checks.some((title) => failing.get(title)!.get(s)!.includes(name)));
      await inParallel(firstCatchOrder(deviations, caughtBefore), parallel, (name) => runDeviation(seed, name));
    }
  }
  return { seeds, checks, failing, faithfulFailures, deviations, deviationRuns };
}

/**
 * The deviations grouped by the requirements they break (and the profile, bucket type and transport they run
 * under), then dealt one per group per round: a group's deviations that caught something at an earlier seed first.
 */
export function firstCatchOrder(deviations: readonly DeviationName[], caughtBefore: (name: DeviationName) => boolean): DeviationName[] {
  const groups = new Map<string, DeviationName[]>();
  for (const name of deviations) {
    const group = groups.get(firstCatchGroup(name)) ?? [];
    groups.set(firstCatchGroup(name), group);
    group.push(name);
  }
  const ranked = [...groups.values()].map((group) => [...group.filter(caughtBefore), ...group.filter((n) => !caughtBefore(n))]);
  const rounds = Math.max(0, ...ranked.map((g) => g.length));
  return Array.from({ length: rounds }, (_, round) => ranked.flatMap((g) => (round < g.length ? [g[round]!] : []))).flat();
}

/** The requirements a deviation breaks, with the profile, bucket type and transport its run uses. */
export function firstCatchGroup(name: DeviationName): string {
  const d = DEVIATIONS[name] as Deviation;
  return [d.breaks.join(','), d.profile ?? 'cos', d.variant ?? 'standard', d.transport ?? 'https'].join('|');
}

/** The checks with a seed at which no deviation fails them, each with those seeds. */
export function gaps(power: CheckPower): Array<{ check: string; seeds: number[] }> {
  return power.checks
    .map((check) => ({ check, seeds: power.seeds.filter((seed) => (power.failing.get(check)?.get(seed)?.length ?? 0) === 0) }))
    .filter((g) => g.seeds.length > 0);
}

/**
 * The per-check table in Markdown: the seeds at which some deviation fails the check, and each deviation with the
 * seeds at which it does when that is not every one.
 */
export function renderCheckPower(power: CheckPower): string[] {
  const { seeds } = power;
  const seedList =
    seeds.length > 1 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1) ? `${seeds[0]}..${seeds.at(-1)}` : seeds.join(', ');
  const lines = [
    `| Check | Seeds caught (of ${seeds.length}) | Deviations that make it fail (seeds ${seedList}, 10 cases; in brackets the seeds at which one does, when not every one) |`,
    '|---|---|---|',
  ];
  for (const check of power.checks) {
    const bySeed = power.failing.get(check)!;
    const names = [...new Set(seeds.flatMap((seed) => bySeed.get(seed) ?? []))];
    const cells = names.map((name) => {
      const at = seeds.filter((seed) => bySeed.get(seed)?.includes(name));
      return `\`${name}\`${at.length === seeds.length ? '' : ` (${at.join(', ')})`}`;
    });
    const caught = seeds.filter((seed) => (bySeed.get(seed)?.length ?? 0) > 0).length;
    lines.push(
      `| ${check.replace(/\|/g, '\\|')} | ${caught === seeds.length ? `${caught}` : `**${caught}**`} | ${cells.length ? cells.join(', ') : '**none**'} |`,
    );
  }
  const open = gaps(power);
  const summary = [
    `${power.checks.length - open.length} of ${power.checks.length} judging checks fail under at least one of ${power.deviations.length} deviations at every seed (${seedList}).`,
    ...(power.faithfulFailures.length ? ['', `**The faithful emulator failed** ${power.faithfulFailures.join('; ')}`] : []),
  ];
  return [...summary, '', ...lines];
}

/** `1..5`, `1,2,7` or `20261125`. */
export function parseSeeds(text: string): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  const seeds = range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i)
    : text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0))
    throw new RangeError(`--seeds takes 1..5, 1,2,7 or one seed, not "${text}"`);
  return seeds;
}
