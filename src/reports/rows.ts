import type { RunReport } from './run-report.js';
import type { RequirementOutcome } from './verdict.js';

/** The rows of a matrix over several runs: every requirement any run reports, in the first run's order. */
export function requirementRows(reports: readonly RunReport[]): RequirementOutcome[] {
  const rows = new Map<string, RequirementOutcome>();
  for (const report of reports) for (const o of report.verdict.requirements) if (!rows.has(o.id)) rows.set(o.id, o);
  return [...rows.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** A run's outcome for a row; a run made before the requirement existed shows it as not run. */
export function outcomeById(report: RunReport, row: RequirementOutcome): RequirementOutcome {
  return report.verdict.requirements.find((o) => o.id === row.id) ?? { id: row.id, level: row.level, sentence: row.sentence, source: row.source, status: 'not-run', checks: [] };
}
