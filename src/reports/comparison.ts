import type { RunReport } from './run-report.js';
import { targetName } from './rows.js';
import { sectionOf } from './sections.js';
import type { RequirementStatus } from './verdict.js';

/**
 * What changed between two runs of a target, per requirement: how a pull request says what it did to a published
 * compatibility claim (docs/interpreting.md, *Comparing runs*).
 *   newly-failing      fail or error now, neither before (a listed failure that lost its entry counts too)
 *   newly-passing      pass now, fail, error, expected-fail, inconclusive or skipped before
 *   stale-expectation  unexpected-pass now (listed as failing, but passes), not before
 *   changed            any other change of status (judged now, not before; inconclusive now; listed now; …)
 */
export type ChangeKind = 'newly-failing' | 'newly-passing' | 'stale-expectation' | 'changed';

export const CHANGE_KINDS: readonly ChangeKind[] = ['newly-failing', 'newly-passing', 'stale-expectation', 'changed'];

export const CHANGE_LABEL: Record<ChangeKind, string> = { 'newly-failing': 'newly failing', 'newly-passing': 'newly passing', 'stale-expectation': 'stale expectation', changed: 'changed' };

/** A requirement's status in one run, as a baseline keeps it: a conformance.json or a matrix.json. */
export interface RunStatuses {
  readonly target: Readonly<Record<string, string>>;
  readonly statuses: Readonly<Record<string, RequirementStatus>>;
}

export interface StatusChange {
  /** The target as the reports name it (with its version). */
  readonly target: string;
  readonly id: string;
  readonly section: string;
  /** Its status in the baseline; `absent` when the baseline's run does not report the requirement. */
  readonly from: RequirementStatus | 'absent';
  readonly to: RequirementStatus;
  readonly kind: ChangeKind;
}

export interface Comparison {
  /** Where the baseline came from, as given. */
  readonly source: string;
  /** Each target of this matrix and the baseline run it is compared with. */
  readonly pairs: ReadonlyArray<{ readonly target: string; readonly baseline: string }>;
  readonly changes: readonly StatusChange[];
  /** Targets with no run in the baseline, and baseline targets with none here. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

const FAILING = new Set<RequirementStatus | 'absent'>(['fail', 'error']);
const WAS_NOT_PASSING = new Set<RequirementStatus | 'absent'>(['fail', 'error', 'expected-fail', 'inconclusive', 'skipped']);

export function classify(from: RequirementStatus | 'absent', to: RequirementStatus): ChangeKind | undefined {
  if (from === to) return undefined;
  if (FAILING.has(to) && !FAILING.has(from)) return 'newly-failing';
  if (to === 'unexpected-pass') return 'stale-expectation';
  if (to === 'pass' && WAS_NOT_PASSING.has(from)) return 'newly-passing';
  return 'changed';
}

export const statusesOf = (report: RunReport): RunStatuses => ({ target: report.target, statuses: Object.fromEntries(report.verdict.requirements.map((o) => [o.id, o.status])) });

export const displayName = (target: Readonly<Record<string, string>>): string => {
  const name = target.name ?? target.endpoint ?? 'target';
  return target.version ? `${name} ${target.version}` : name;
};

const dialectKey = (t: Readonly<Record<string, string>>) => [t.profile, t.signature, t.addressing].join('|');

const sameVersion = (a: RunStatuses, b: RunStatuses) => a.target.name === b.target.name && (a.target.version ?? '') === (b.target.version ?? '') && dialectKey(a.target) === dialectKey(b.target);

/**
 * Pairs each run with its baseline run: the same name, version and dialect, for every run first; then, for a run
 * left without one, the only free baseline run of its name and dialect (another version: what an upgrade changed),
 * else the only one of its name.
 */
function pairs(now: readonly RunStatuses[], baseline: readonly RunStatuses[]): Array<RunStatuses | undefined> {
  const used = new Set<RunStatuses>();
  const paired: Array<RunStatuses | undefined> = now.map((n) => {
    const exact = baseline.find((b) => !used.has(b) && sameVersion(n, b));
    if (exact) used.add(exact);
    return exact;
  });
  return paired.map((found, i) => {
    if (found) return found;
    const t = now[i]!.target;
    const free = baseline.filter((b) => !used.has(b) && b.target.name === t.name);
    const sameDialect = free.filter((b) => dialectKey(b.target) === dialectKey(t));
    const chosen = sameDialect.length === 1 ? sameDialect[0] : free.length === 1 ? free[0] : undefined;
    if (chosen) used.add(chosen);
    return chosen;
  });
}

/** Every status change of the runs against the baseline's, in run order, then catalogue order. */
export function compare(runs: readonly RunReport[], baseline: { source: string; runs: readonly RunStatuses[] }): Comparison {
  const now = runs.map(statusesOf);
  const matched = pairs(now, baseline.runs);
  const result: Array<{ target: string; baseline: string }> = [];
  const changes: StatusChange[] = [];
  const added: string[] = [];
  runs.forEach((report, i) => {
    const before = matched[i];
    if (!before) {
      added.push(targetName(report));
      return;
    }
    result.push({ target: targetName(report), baseline: displayName(before.target) });
    for (const o of report.verdict.requirements) {
      const from = before.statuses[o.id] ?? 'absent';
      const kind = classify(from, o.status);
      if (kind) changes.push({ target: targetName(report), id: o.id, section: sectionOf(o.id).title, from, to: o.status, kind });
    }
  });
  const removed = baseline.runs.filter((b) => !matched.includes(b)).map((b) => displayName(b.target));
  return { source: baseline.source, pairs: result, changes, added, removed };
}

/** The comparison in one line, for the console and the summaries. */
export function comparisonLine(comparison: Comparison): string {
  const count = (kind: ChangeKind) => comparison.changes.filter((c) => c.kind === kind).length;
  const parts = CHANGE_KINDS.map((kind) => `${count(kind)} ${CHANGE_LABEL[kind]}${kind === 'stale-expectation' && count(kind) !== 1 ? 's' : ''}`);
  const targets = [comparison.added.length ? `new target${comparison.added.length > 1 ? 's' : ''}: ${comparison.added.join(', ')}` : '', comparison.removed.length ? `no longer run: ${comparison.removed.join(', ')}` : ''].filter(Boolean);
  return `Against the baseline ${comparison.source}: ${parts.join(', ')}${targets.length ? `; ${targets.join('; ')}` : ''}`;
}
