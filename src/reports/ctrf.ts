import { ciViewOf, VERDICT_CASE, verdictViewOf } from './ci-view.js';
import { checkSource } from './report-kind.js';
import type { RunReport } from './run-report.js';

/**
 * ctrf.json: the run in the Common Test Report Format (https://ctrf.io), which CI dashboards and GitHub Actions
 * read without a plugin for this suite. One test per check, classified as junit.xml classifies it, then the verdict; CTRF has no
 * "error", so a target that stopped answering is failed with rawStatus "error".
 */
export function renderCtrf(report: RunReport): string {
  const outcomes = new Map(report.verdict.requirements.map((o) => [o.id, o]));
  const start = Date.parse(report.startedAt);
  const tests: Array<Record<string, unknown> & { status: string }> = report.checks.map((check) => {
    const view = ciViewOf(check, outcomes);
    const status = view.kind === 'pass' ? 'passed' : view.kind === 'skipped' ? 'skipped' : 'failed';
    const own = outcomes.get(check.requirementId);
    return {
      name: check.title,
      status,
      duration: check.durationMs,
      rawStatus: own?.status === 'expected-fail' ? 'expected-fail' : check.status,
      suite: [checkSource(report, check)],
      filePath: checkSource(report, check),
      tags: [check.requirementId, own?.level ?? 'MUST'],
      ...(view.kind !== 'pass' ? { message: view.message } : {}),
      ...(view.kind !== 'pass' && view.body ? { trace: view.body } : {}),
      extra: { requirementId: check.requirementId, judges: check.judges },
    };
  });
  // The verdict as a test of its own: failed when the run does not exit 0 (rawStatus says which verdict).
  const verdict = verdictViewOf(report);
  tests.push({
    name: VERDICT_CASE.name,
    status: verdict.kind === 'pass' ? 'passed' : 'failed',
    duration: 0,
    rawStatus: report.verdict.kind,
    suite: [VERDICT_CASE.suite],
    filePath: 'cos-conformance',
    tags: ['verdict'],
    ...(verdict.kind !== 'pass' ? { message: verdict.message } : {}),
    ...(verdict.kind !== 'pass' && verdict.body ? { trace: verdict.body } : {}),
    extra: { verdict: report.verdict.kind, exitCode: report.verdict.exitCode },
  });
  const count = (status: string) => tests.filter((t) => t.status === status).length;
  const document = {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: new Date(start + report.durationMs).toISOString(),
    generatedBy: `cos-conformance ${report.tool.version}`,
    results: {
      tool: { name: 'cos-conformance', version: report.tool.version },
      summary: { tests: tests.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), pending: 0, other: 0, start, stop: start + report.durationMs },
      tests,
      extra: { verdict: report.verdict.kind, summary: report.verdict.summary, exitCode: report.verdict.exitCode, target: report.target, runId: report.runId, ...(report.seed !== undefined ? { seed: report.seed } : {}) },
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
