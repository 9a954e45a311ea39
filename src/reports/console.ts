import { errorText, evidenceText, preconditionText } from './evidence-text.js';
import { evidenceOf } from './rows.js';
import type { TargetStop } from '../outcomes/target-stop.js';
import type { RunReport } from './run-report.js';

/** A time the target stopped: the requests that found it gone (with their checks) and the last answer before. */
export function stopLines(stop: TargetStop): string[] {
  const last = stop.records
    .flatMap((r) => (r.lastAnswered ? [r.lastAnswered] : []))
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return [
    `The target stopped answering${stop.check ? ` during "${stop.check}"` : ''}${stop.restarted ? ', and --restart brought it back' : ''}:`,
    ...stop.records.map((r) => `  in flight: ${r.request}${r.check ? ` (${r.check})` : ''}: ${r.error}`),
    ...(last ? [`  last answered: ${last.request} at ${last.at}`] : []),
  ];
}

/**
 * What the console shows once a run ends: every failing case with its own Sent / Expected / Actual and replay
 * line, every setup step that left a check inconclusive, every error, what could not be cleaned up, then the
 * verdict. The exchanges themselves are in the reports.
 */
export function consoleSummary(report: RunReport): string[] {
  const lines: string[] = [];
  for (const o of report.verdict.requirements) {
    const { failures, preconditions, errors } = evidenceOf(report, o.id);
    const listed = o.status === 'expected-fail' ? ' (listed in the expectation file)' : '';
    for (const failure of failures) lines.push('', `✗${listed} ${evidenceText(failure, { exchange: false })}`);
    for (const step of preconditions) lines.push('', `?${listed} ${preconditionText(step, { exchange: false })}`);
    for (const error of errors) lines.push('', `!${listed} ${errorText(error, { exchange: false })}`);
    if (errors.length === 0 && (o.status === 'error' || (o.status === 'expected-fail' && o.expectation?.status === 'error'))) lines.push('', `! ${o.id} error${listed}: ${o.reason ?? 'see the reports'}`);
  }
  for (const o of report.verdict.requirements.filter((r) => r.status === 'unexpected-pass')) lines.push('', `Stale expectation: ${o.id} is listed as failing but passes`);
  if (report.leftovers.length > 0) {
    lines.push('', `Left behind (${report.leftovers.length}); "cos-conformance sweep" retries:`);
    for (const l of report.leftovers) lines.push(`  ${l.kind} ${l.key}${l.uploadId ? ` (UploadId ${l.uploadId})` : ''}: ${l.reason}`);
  }
  for (const stop of report.targetStops ?? []) lines.push('', ...stopLines(stop));
  lines.push('', report.verdict.summary);
  return lines;
}
