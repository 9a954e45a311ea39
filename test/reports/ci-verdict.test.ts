import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, test } from 'vitest';
import { renderCtrf } from '../../src/reports/ctrf.js';
import { renderHtml } from '../../src/reports/html.js';
import { renderJunit } from '../../src/reports/junit.js';
import { renderMarkdown } from '../../src/reports/markdown.js';
import type { RunReport } from '../../src/reports/run-report.js';
import { noVerdict } from '../../src/reports/verdict.js';
import { allPass, failure, outcome, replace } from '../helpers/outcomes.js';
import { syntheticReport } from '../helpers/reports.js';
import { assertValidCtrf } from '../helpers/schemas.js';

// CI test views read junit.xml and ctrf.json. They showed 0 failures after an interrupted run (exit 130) and after a
// run with no verdict (exit 1), so the view went green while the job failed: the verdict is a test case of its own.
const dir = mkdtempSync(join(tmpdir(), 'ci-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Case = { '@_name': string; failure?: { '@_type': string; '@_message': string }; error?: { '@_type': string; '@_message': string } };
function junitOf(report: RunReport) {
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(renderJunit(report)) as {
    testsuites: { '@_failures': string; '@_errors': string; '@_tests': string; testsuite: Array<{ '@_name': string; testcase: Case[] }> };
  };
  const verdictSuite = doc.testsuites.testsuite.find((s) => s['@_name'] === 'cos-conformance verdict');
  return { failures: Number(doc.testsuites['@_failures']), errors: Number(doc.testsuites['@_errors']), tests: Number(doc.testsuites['@_tests']), verdict: verdictSuite?.testcase[0] };
}
function ctrfOf(report: RunReport, name: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, renderCtrf(report));
  assertValidCtrf(file);
  const doc = JSON.parse(renderCtrf(report)) as { results: { summary: { failed: number; passed: number; tests: number }; tests: Array<{ name: string; status: string; rawStatus: string; message?: string }> } };
  return { summary: doc.results.summary, verdict: doc.results.tests.find((t) => t.name === 'verdict') };
}

const firstTen = (checks = allPass()) => checks.map((c, i) => (i < 10 ? c : outcome(c.requirementId, 'not-run')));

describe('the verdict in junit.xml and ctrf.json', () => {
  test.each([
    ['interrupted after ten passing checks', syntheticReport('t', firstTen(), { interrupted: true }), 'failure', 'Interrupted', /^t: interrupted after \d+ of \d+ requirements ran: no verdict$/],
    ['no verdict: every check passed but one inconclusive', syntheticReport('t', replace(allPass(), 'UP-17', outcome('UP-17', 'inconclusive', { reason: 'Initiate with SSE answered 501' }))), 'failure', 'NoVerdict', /^t: no verdict on COS Upload Part \(UP-17 inconclusive\)$/],
    ['no verdict: a check skipped by the byte budget', syntheticReport('t', replace(allPass(), 'UP-03', outcome('UP-03', 'skipped'))), 'failure', 'NoVerdict', /UP-03 skipped \(byte budget\)/],
    ['NOT conformant', syntheticReport('t', replace(allPass(), 'UP-06', outcome('UP-06', 'fail', { failures: [failure('UP-06')] }))), 'failure', 'NotConformant', /^t: NOT conformant to COS Upload Part \(UP-06 fails\)$/],
    ['the target stopped answering', syntheticReport('t', replace(allPass(), 'UP-07', outcome('UP-07', 'error', { errorKind: 'target', reason: 'no answer within the request timeout' }))), 'error', 'NoVerdict', /UP-07 error/],
    ['a configuration error before any check', syntheticReport('t', [], { verdict: noVerdict('t', 'configuration error: COS_BUCKET: is not set', 2), runId: 'none' }), 'error', 'NoVerdict', /configuration error/],
  ] as const)('%s: the verdict case fails, so the view does', (name, report, kind, type, message) => {
    const junit = junitOf(report);
    expect(junit.verdict?.['@_name']).toBe('verdict');
    expect(junit.verdict?.[kind]).toMatchObject({ '@_type': type });
    expect(junit.verdict?.[kind]?.['@_message']).toMatch(message);
    expect(kind === 'failure' ? junit.failures : junit.errors).toBeGreaterThanOrEqual(1);
    const ctrf = ctrfOf(report, name.replace(/\W+/g, '-'));
    expect(ctrf.verdict).toMatchObject({ status: 'failed', rawStatus: report.verdict.kind });
    expect(ctrf.verdict?.message).toMatch(message);
    expect(ctrf.summary.failed).toBeGreaterThanOrEqual(1);
  });

  test('an interrupted run whose settled checks all passed: exactly one failure, the verdict', () => {
    const report = syntheticReport('t', firstTen(), { interrupted: true });
    expect(junitOf(report)).toMatchObject({ failures: 1, errors: 0 });
    expect(ctrfOf(report, 'interrupted-count').summary.failed).toBe(1);
  });

  test.each([
    ['conformant', syntheticReport('t', allPass())],
    ['a partial run with no failure', syntheticReport('t', allPass().map((c) => (c.requirementId === 'UP-06' ? c : outcome(c.requirementId, 'not-run'))), { filter: '--only UP-06', only: ['UP-06'] })],
    ['conformant except a listed deviation', syntheticReport('t', replace(allPass(), 'UP-06', outcome('UP-06', 'fail', { failures: [failure('UP-06')] })), { expectations: { target: 't', expectedFailures: [{ id: 'UP-06', reason: 'accepts partNumber 0' }] } })],
  ])('%s: the verdict case passes, and the counts are the checks\' alone', (_name, report) => {
    expect(report.verdict.exitCode).toBe(0);
    const junit = junitOf(report);
    expect(junit.verdict).toBeDefined();
    expect(junit.verdict?.failure ?? junit.verdict?.error).toBeUndefined();
    expect([junit.failures, junit.errors]).toEqual([0, 0]);
    expect(junit.tests).toBe(report.checks.length + 1);
    const ctrf = ctrfOf(report, _name.replace(/\W+/g, '-'));
    expect(ctrf.verdict).toMatchObject({ status: 'passed', rawStatus: report.verdict.kind });
    expect(ctrf.summary.failed).toBe(0);
  });
});

describe('the usage figures of an interrupted run', () => {
  test('say "at least": the checks in flight when it stopped are not counted', () => {
    const report = syntheticReport('t', firstTen(), { interrupted: true });
    const html = renderHtml([report]);
    expect(html).toContain('<dt>Requests</dt><dd>at least 2,412</dd>');
    expect(html).toContain('<dt>Bytes sent</dt><dd>at least 17.2 MiB</dd>');
    expect(renderMarkdown([report])).toContain('12.3 s, at least 2412 requests, 17.2 MiB sent');
    expect(renderHtml([syntheticReport('t', allPass())])).toContain('<dt>Requests</dt><dd>2,412</dd>');
  });
});
