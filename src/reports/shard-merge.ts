import { REQUIREMENTS } from '../catalogue/requirements.js';
import { shardLabel } from '../catalogue/shards.js';
import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { Expectations } from './expectations.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport, type ShardRun } from './run-report.js';
import { judgeRun } from './verdict.js';

/** Shards that cannot be one run (another target, seed or version, a shard given twice): one line says why. */
export class ShardMergeError extends Error {
  override readonly name = 'ShardMergeError';
}

/**
 * What a shard's verdict covers, in catalogue order: the requirement of every check it ran, and each other
 * requirement one of them reached (a model-based sequence that never reached a rule leaves it to the merge).
 */
export function requirementsJudgedBy(checks: readonly CheckOutcome[]): string[] {
  const ran = checks.filter((c) => c.status !== 'not-run');
  const reached = (c: CheckOutcome, id: string) => c.requirementId === id || (c.contributions[id] !== undefined && c.contributions[id] !== 'none');
  const judged = new Set(ran.flatMap((c) => c.judges.filter((id) => reached(c, id))));
  return REQUIREMENTS.map((r) => r.id).filter((id) => judged.has(id));
}

/** What makes shards parts of one run: everything that decided what was sent and judged, but the slice. */
function runIdentity(report: RunReport): string {
  const { filter: _filter, ...options } = report.options ?? ({} as NonNullable<RunReport['options']>);
  return JSON.stringify([report.target, report.numRuns, options, report.expectations ?? null, report.shard?.count]);
}

/**
 * Reports as runs: the shards of each run merged into one report (see mergeShards), other reports as they are,
 * in the order first seen.
 */
export function mergeRuns(reports: readonly RunReport[]): RunReport[] {
  const groups = new Map<string, RunReport[]>();
  const runs: Array<RunReport | RunReport[]> = [];
  for (const report of reports) {
    if (!report.shard) {
      runs.push(report);
      continue;
    }
    const key = runIdentity(report);
    const group = groups.get(key);
    if (group) group.push(report);
    else {
      const created = [report];
      groups.set(key, created);
      runs.push(created);
    }
  }
  return runs.map((run) => (Array.isArray(run) ? mergeShards(run) : run));
}

/**
 * The shards of one run as the one run they make. Every check ran in exactly one shard (the shard of the
 * requirement its title names), so the union of the checks that ran is what an unsharded run would have run, and
 * the verdict is judged again from it, by the same rules. All shards present: a complete run, which may be
 * conformant; some missing: a partial run covering what the present ones judged.
 */
export function mergeShards(shards: readonly RunReport[]): RunReport {
  const first = shards[0];
  if (!first?.shard) throw new ShardMergeError('no shard to merge');
  const name = first.target.name ?? 'target';
  for (const s of shards) {
    if (!s.shard || runIdentity(s) !== runIdentity(first)) throw new ShardMergeError(`${name}: run ${s.runId} is not a shard of the same run as ${first.runId} (another target, option or shard count)`);
    if (s.seed !== first.seed) throw new ShardMergeError(`${name}: the shards ran with different seeds (${first.seed}, ${s.seed}); give every shard the same --seed`);
    if (s.tool.version !== first.tool.version) throw new ShardMergeError(`${name}: the shards ran different versions of cos-conformance (${first.tool.version}, ${s.tool.version})`);
  }
  const count = first.shard.count;
  const indices = shards.map((s) => s.shard!.index).sort((a, b) => a - b);
  const twice = indices.find((index, i) => indices[i + 1] === index);
  if (twice !== undefined) throw new ShardMergeError(`${name}: shard ${twice}/${count} is given twice`);
  const complete = indices.length === count;

  const checks = unionOfChecks(shards);
  const fileErrors = [...new Map(shards.flatMap((s) => s.fileErrors ?? []).map((e) => [e.file, e])).values()];
  const expectations = expectationsOf(first);
  const filter = complete ? undefined : `--shard ${indices.map((index) => shardLabel({ index, count })).join(',')}`;
  const verdict = judgeRun({
    checks,
    ...(fileErrors.length ? { fileErrors } : {}),
    ...(expectations ? { expectations } : {}),
    strict: first.options?.strict ?? first.verdict.strict,
    targetName: name,
    ...(filter ? { filter, only: requirementsJudgedBy(checks) } : {}),
    interrupted: shards.some((s) => s.verdict.kind === 'interrupted'),
  });
  const ordered = [...shards].sort((a, b) => a.shard!.index - b.shard!.index);
  const parts: ShardRun[] = ordered.map((s) => ({ index: s.shard!.index, count, runId: s.runId, startedAt: s.startedAt, durationMs: s.durationMs, bytesSent: s.bytesSent, requests: s.requests }));
  const sum = (of: (s: RunReport) => number) => shards.reduce((total, s) => total + of(s), 0);
  const warnings = [...new Set(shards.flatMap((s) => s.warnings ?? []))];
  const { filter: _filter, ...options } = first.options ?? ({} as NonNullable<RunReport['options']>);
  return {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: first.tool,
    target: first.target,
    runId: ordered.map((s) => s.runId).join('+'),
    ...(first.seed !== undefined ? { seed: first.seed } : {}),
    ...(first.numRuns !== undefined ? { numRuns: first.numRuns } : {}),
    ...(first.options ? { options: { ...options, ...(filter ? { filter } : {}) } as NonNullable<RunReport['options']> } : {}),
    shards: parts,
    startedAt: ordered.map((s) => s.startedAt).sort()[0]!,
    durationMs: sum((s) => s.durationMs),
    bytesSent: sum((s) => s.bytesSent),
    requests: sum((s) => s.requests),
    ...(first.expectations ? { expectations: first.expectations } : {}),
    verdict,
    checks,
    ...(fileErrors.length ? { fileErrors } : {}),
    leftovers: shards.flatMap((s) => s.leftovers),
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Each check as the shard that ran it reported it; a check no present shard ran stays not run. */
function unionOfChecks(shards: readonly RunReport[]): CheckOutcome[] {
  const byCheck = new Map<string, { outcome: CheckOutcome; shard: number }>();
  for (const s of shards) {
    for (const c of s.checks) {
      const key = `${c.file}\u0000${c.title}`;
      const seen = byCheck.get(key);
      if (seen && seen.outcome.status !== 'not-run' && c.status !== 'not-run') {
        throw new ShardMergeError(`"${c.title}" ran in shard ${seen.shard} and in shard ${s.shard!.index}: these shards were not dealt by one catalogue`);
      }
      if (!seen || (seen.outcome.status === 'not-run' && c.status !== 'not-run')) byCheck.set(key, { outcome: c, shard: s.shard!.index });
    }
  }
  return [...byCheck.values()].map((v) => v.outcome).sort((a, b) => a.file.localeCompare(b.file) || a.index - b.index);
}

/** The expectation file a run was judged against, as its verdict carries it (every listed requirement says so). */
function expectationsOf(report: RunReport): Expectations | undefined {
  const listed = report.verdict.requirements.filter((o) => o.expectation);
  if (!report.expectations && listed.length === 0) return undefined;
  return {
    target: report.target.name ?? 'target',
    expectedFailures: listed.map((o) => ({ id: o.id, reason: o.expectation!.reason, status: o.expectation!.status, ...(o.expectation!.link ? { link: o.expectation!.link } : {}) })),
  };
}
