import { REQUIREMENTS } from '../catalogue/requirements.js';
import type { Evidence } from '../outcomes/evidence.js';
import type { RunReport } from './run-report.js';
import type { RequirementOutcome } from './verdict.js';

const CATALOGUE_ORDER = new Map(REQUIREMENTS.map((r, i) => [r.id, i]));

/** The rows of a matrix over several runs: every requirement any run reports, in catalogue order. */
export function requirementRows(reports: readonly RunReport[]): RequirementOutcome[] {
  const rows = new Map<string, RequirementOutcome>();
  for (const report of reports) for (const o of report.verdict.requirements) if (!rows.has(o.id)) rows.set(o.id, o);
  return [...rows.values()].sort((a, b) => (CATALOGUE_ORDER.get(a.id) ?? 999) - (CATALOGUE_ORDER.get(b.id) ?? 999) || a.id.localeCompare(b.id));
}

/** A run's outcome for a row; a run made before the requirement existed shows it as not run. */
export function outcomeById(report: RunReport, row: RequirementOutcome): RequirementOutcome {
  return report.verdict.requirements.find((o) => o.id === row.id) ?? { id: row.id, level: row.level, sentence: row.sentence, source: row.source, status: 'not-run', checks: [] };
}

/**
 * Every failing case charged to a requirement, each setup step that left one of its own checks inconclusive, and
 * each case of its own checks that ended in an error (no answer, or the suite's own exception).
 */
export function evidenceOf(report: RunReport, requirementId: string): { failures: Evidence[]; preconditions: Evidence[]; errors: Evidence[] } {
  const failures = report.checks.flatMap((c) => c.judgements[requirementId]?.failures ?? []);
  const own = report.checks.filter((c) => c.requirementId === requirementId);
  return { failures, preconditions: own.flatMap((c) => c.preconditions ?? []), errors: own.flatMap((c) => c.errors ?? []) };
}

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`);

/** The body sizes an integrity check judged, in a line: how many, from which to which, the largest ones. */
export function sizesLine(sizes: readonly number[]): string {
  const largest = sizes.filter((n) => n >= 4 * 1024 * 1024);
  return `${sizes.length} sizes from ${size(sizes[0]!)} to ${size(sizes[sizes.length - 1]!)}${largest.length ? `, ${largest.length} of at least 4 MiB` : ', none of 4 MiB or more'}`;
}

/** The target's name as reports show it, with the version that ran when the run names one ("my-emulator 1.5.0"). */
export function targetName(report: RunReport): string {
  const name = report.target.name ?? report.target.endpoint ?? report.runId;
  return report.target.version ? `${name} ${report.target.version}` : name;
}
