import { ciViewOf, type CiView } from './ci-view.js';
import { checkSource } from './report-kind.js';
import type { RunReport } from './run-report.js';

// XML 1.0 has no place for most control characters: they are dropped, the rest escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xml = (text: string) => text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** junit.xml: one testsuite per spec file, one testcase per check, named after its requirement ID. */
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
  if (suites.length === 0) {
    // No check ran (a configuration error, an unreachable target): the one testcase says why.
    const element = report.verdict.exitCode === 0 ? '' : `\n      <error message="${xml(report.verdict.summary)}" type="NoVerdict"/>\n    `;
    suites.push({ tests: 1, failures: 0, errors: element ? 1 : 0, skipped: 0, time: 0, text: `  <testsuite name="cos-conformance run" tests="1" failures="0" errors="${element ? 1 : 0}" skipped="0" time="0">\n    <testcase classname="cos-conformance" name="run">${element}</testcase>\n  </testsuite>` });
  }
  const total = (k: 'tests' | 'failures' | 'errors' | 'skipped') => suites.reduce((sum, s) => sum + s[k], 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cos-conformance" tests="${total('tests')}" failures="${total('failures')}" errors="${total('errors')}" skipped="${total('skipped')}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.map((s) => s.text).join('\n')}\n</testsuites>\n`;
}
