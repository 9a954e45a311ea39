import type { CheckOutcome } from '../outcomes/check-outcome.js';
import { evidenceText, preconditionText } from './evidence-text.js';
import type { RunReport } from './run-report.js';
import type { RequirementOutcome } from './verdict.js';

// XML 1.0 has no place for most control characters: they are dropped, the rest escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xml = (text: string) => text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Element = { kind: 'pass' } | { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };

/**
 * How a CI test view should show a check: a broken rule is a failure, a target that stopped answering (or a suite
 * fault) an error, and everything that judged nothing is skipped with its reason: inconclusive, out of budget,
 * not applicable, recorded INFO, or a deviation the expectation file lists.
 */
function elementOf(check: CheckOutcome, outcomes: ReadonlyMap<string, RequirementOutcome>): Element {
  const own = outcomes.get(check.requirementId);
  const listed = (id: string) => outcomes.get(id)?.status === 'expected-fail';
  const reason = check.reason ? `: ${check.reason}` : '';
  switch (check.status) {
    case 'pass':
      if (own?.status === 'unexpected-pass' && own.expectation) return { kind: 'failure', type: 'UnexpectedPass', message: `${check.requirementId} is listed as failing (${own.expectation.reason}) but passes: the expectation entry is stale` };
      return { kind: 'pass' };
    case 'fail': {
      const failures = Object.values(check.judgements).flatMap((j) => j.failures);
      const failedIds = [...new Set(failures.map((f) => f.requirementId))];
      const body = failures.map((f) => evidenceText(f)).join('\n\n');
      if (failedIds.every(listed)) return { kind: 'skipped', message: `expected failure, listed in the expectation file: ${failedIds.map((id) => outcomes.get(id)?.expectation?.reason).join('; ')}`, body };
      const first = failures[0]!;
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more failing cases)` : '';
      return { kind: 'failure', type: 'ConformanceFailure', message: `${first.requirementId}: expected ${first.expected}, got ${first.actual}${more}`, body };
    }
    case 'error':
      if (listed(check.requirementId)) return { kind: 'skipped', message: `expected error, listed in the expectation file: ${own?.expectation?.reason}${reason}` };
      return { kind: 'error', type: check.errorKind === 'target' ? 'TargetError' : 'SuiteError', message: check.reason ?? 'error' };
    case 'inconclusive': {
      const body = (check.preconditions ?? []).map((p) => preconditionText(p)).join('\n\n') || undefined;
      if (listed(check.requirementId)) return { kind: 'skipped', message: `inconclusive, listed in the expectation file: ${own?.expectation?.reason}${reason}`, ...(body ? { body } : {}) };
      return { kind: 'skipped', message: `inconclusive${reason}`, ...(body ? { body } : {}) };
    }
    case 'recorded':
      return { kind: 'skipped', message: 'recorded (INFO: observed, not judged)', body: Object.entries(check.observations ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n') };
    case 'skipped':
    case 'not-applicable':
    case 'not-run':
      return { kind: 'skipped', message: `${check.status}${reason}` };
  }
}

/** junit.xml: one testsuite per spec file, one testcase per check, named after its requirement ID. */
export function renderJunit(report: RunReport): string {
  const outcomes = new Map(report.verdict.requirements.map((o) => [o.id, o]));
  const files = [...new Set(report.checks.map((c) => c.file))];
  const suites = files.map((file) => {
    const cases = report.checks.filter((c) => c.file === file).map((check) => ({ check, element: elementOf(check, outcomes) }));
    const count = (kind: Element['kind']) => cases.filter((c) => c.element.kind === kind).length;
    const time = cases.reduce((sum, c) => sum + c.check.durationMs, 0) / 1000;
    const name = `specs/${file}.spec.ts`;
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
