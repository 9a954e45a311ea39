import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENT_REQUIREMENTS } from '../../src/catalogue/client-requirements.js';
import { validateExpectations } from '../../src/reports/expectations.js';
import { REPORT_FORMAT, type RunReport } from '../../src/reports/run-report.js';
import { judgeRun, noVerdict, type Catalogue } from '../../src/reports/verdict.js';
import { writeReports } from '../../src/reports/write-reports.js';
import { failure, outcome } from '../helpers/outcomes.js';
import { assertMatchesSchema, assertValidCtrf } from '../helpers/schemas.js';

// The reports of a client run are the reports of a server run, judged against the client catalogue: the same
// statuses and rules, the catalogue's own subject in the verdict, the grader's modules where spec files would be.
const CLIENT: Catalogue = { requirements: CLIENT_REQUIREMENTS, subject: 'the COS multipart upload client requirements' };
const CLIENT_IDS = new Set(CLIENT_REQUIREMENTS.map((r) => r.id));
const passing = () => CLIENT_REQUIREMENTS.map((r, index) => ({ ...outcome(r.id, r.level === 'INFO' ? 'recorded' : 'pass'), index, file: r.specs[0]! }));

function clientReport(checks = passing()): RunReport {
  const verdict = judgeRun({ checks, catalogue: CLIENT, strict: false, targetName: 'my-client' });
  return {
    $schema: 'x',
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: '0' },
    target: { name: 'my-client', command: 'node client.mjs', profile: 'cos', transport: 'http' },
    runId: 'r',
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    bytesSent: 0,
    requests: 1,
    verdict,
    checks,
    leftovers: [],
    client: { command: ['node', 'client.mjs'], profile: 'cos', transport: 'http', scenarios: [{ name: 'plain', exitCode: 0, timedOut: false, durationMs: 1, requests: 1, sequence: 'UploadPart' }] },
  };
}

describe('a client run, judged and reported as a server run is', () => {
  test('the verdict names the client catalogue and counts only its requirements', () => {
    const v = clientReport().verdict;
    const judged = CLIENT_REQUIREMENTS.filter((r) => r.level !== 'INFO').length;
    expect(v.summary).toBe(`my-client: conformant to the COS multipart upload client requirements (${judged}/${judged} MUST and SHOULD requirements pass)`);
    expect(v.requirements.map((r) => r.id)).toEqual(CLIENT_REQUIREMENTS.map((r) => r.id));
    const failing = judgeRun({ checks: passing().map((c) => (c.requirementId === 'CL-08' ? { ...outcome('CL-08', 'fail', { failures: [failure('CL-08')] }), file: 'upload' } : c)), catalogue: CLIENT, strict: false, targetName: 'my-client' });
    expect([failing.kind, failing.exitCode, failing.summary]).toEqual(['not-conformant', 1, 'my-client: NOT conformant to the COS multipart upload client requirements (CL-08 fails)']);
    expect(noVerdict('my-client', 'the client sent nothing', 3, CLIENT).requirements.every((r) => r.id.startsWith('CL-') && r.status === 'not-run')).toBe(true);
  });

  test('an expectation file of a client names CL requirements, and only those', () => {
    expect(validateExpectations({ target: 'c', expectedFailures: [{ id: 'CL-08', reason: 'r' }] }, 'c.json', CLIENT_IDS).expectedFailures).toHaveLength(1);
    expect(() => validateExpectations({ target: 'c', expectedFailures: [{ id: 'UP-06', reason: 'r' }] }, 'c.json', CLIENT_IDS)).toThrow(/unknown requirement ID "UP-06"/);
    expect(() => validateExpectations({ target: 's', expectedFailures: [{ id: 'CL-08', reason: 'r' }] }, 's.json')).toThrow(/unknown requirement ID "CL-08"/);
    assertMatchesSchema('expectations', { target: 'c', expectedFailures: [{ id: 'CL-08', reason: 'r' }] }, 'c.json');
  });

  test('every report is written; the JSON and CTRF match their schemas; the grader modules stand where spec files would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'client-reports-'));
    try {
      const report = clientReport(passing().map((c) => (c.requirementId === 'CL-08' ? { ...outcome('CL-08', 'fail', { failures: [failure('CL-08')] }), file: 'upload', index: 7 } : c)));
      const paths = writeReports(dir, report);
      assertMatchesSchema('report', JSON.parse(readFileSync(paths.json, 'utf8')), paths.json);
      assertValidCtrf(paths.ctrf);
      const junit = readFileSync(paths.junit, 'utf8');
      expect(junit).toContain('<testsuite name="src/clients/grade/upload.ts"');
      expect(junit).not.toContain('specs/');
      expect(JSON.parse(readFileSync(paths.ctrf, 'utf8')).results.tests.find((t: { name: string }) => t.name === 'CL-08 check').filePath).toBe('src/clients/grade/upload.ts');
      const markdown = readFileSync(paths.markdown, 'utf8');
      expect(markdown).toMatch(/^# COS multipart upload client conformance\n/);
      expect(markdown).toContain('CL-08 [MUST] Every part of an upload initiated with SSE-C');
      const html = readFileSync(paths.html, 'utf8');
      expect(html).toContain('<h1>COS multipart upload client conformance</h1>');
      expect(html).toContain('<code>cos-conformance client --list</code>');
      expect(html).toContain('<dt>Client command</dt><dd>node client.mjs</dd>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
