import { escapeXml } from '../protocol/xml.js';
import { ciViewOf, VERDICT_CASE, verdictViewOf, type CiView } from './ci-view.js';
import { checkSource } from './report-kind.js';
import type { RunReport } from './run-report.js';

// XML 1.0 has no place for most control characters: they are dropped, the rest escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xml = (text: string) => escapeXml(text.replace(INVALID_XML, ''));

/** junit.xml: one testsuite per spec file, one testcase per check, named after its requirement ID; then the verdict's. */
export function renderJunit(report: RunReport): string {
  const outcomes = new Map(report.verdict.requirements.map((o) => [o.id, o]));
  const files = [...new Set(report.checks.map((c) => c.file))];
  const suites = files.map((file) => {
    const cases = report.checks.filter((c) => c.file === file).map((check) => ({ check, element: ciViewOf(check, outcomes) }));
    const count = (kind: CiView['kind']) => cases.filter((c) => c.element.kind === kind).length;
    const time = cases.reduce((sum, c) => sum + c.check.durationMs, 0) / 1000;
    const name = checkSource(report, cases[0]!.check);
    const body = cases.map(({ check, element }) => {
      const open = `    <testcase classname="${xml(name)}" name="${xml(check.title)}" time="${(check.durationMs / 1000).toFixed(3)}"`;
      if (element.kind === 'pass') return `${open}/>`;
      const inner = `      <${element.kind} message="${xml(element.message)}"${element.type ? ` type="${element.type}"` : ''}${element.body ? `>${xml(element.body)}</${element.kind}>` : '/>'}`;
      const notes = check.notes?.length ? `\n      <system-out>${xml(check.notes.join('\n'))}</system-out>` : '';
      return `${open}>\n${inner}${notes}\n    </testcase>`;
    });
    return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped'), time, text: `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${time.toFixed(3)}">\n${body.join('\n')}\n  </testsuite>` };
  });
  // The verdict is a test case of its own, so the view fails when the run does (an interrupted run whose checks so
  // far passed, say), and a run that never started a check still says why.
  const verdict = verdictViewOf(report);
  const verdictBody = verdict.kind === 'pass' ? '' : `\n      <${verdict.kind} message="${xml(verdict.message)}"${verdict.type ? ` type="${verdict.type}"` : ''}${verdict.body ? `>${xml(verdict.body)}</${verdict.kind}>` : '/>'}\n    `;
  const count = (kind: CiView['kind']) => (verdict.kind === kind ? 1 : 0);
  suites.push({
    tests: 1,
    failures: count('failure'),
    errors: count('error'),
    skipped: 0,
    time: 0,
    text: `  <testsuite name="${VERDICT_CASE.suite}" tests="1" failures="${count('failure')}" errors="${count('error')}" skipped="0" time="0">\n    <testcase classname="cos-conformance" name="${VERDICT_CASE.name}">${verdictBody}</testcase>\n  </testsuite>`,
  });
  const total = (k: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((sum, s) => sum + s[k], 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cos-conformance" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.map((s) => s.text).join('\n')}\n</testsuites>\n`;
}
