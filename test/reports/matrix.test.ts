import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { badgeFileNames, renderBadge } from '../../src/reports/badge.js';
import { classify, compare, statusesOf } from '../../src/reports/comparison.js';
import { renderMatrixMarkdown } from '../../src/reports/matrix-markdown.js';
import { compareVersions, matrixFile, orderedRuns, readBaseline } from '../../src/reports/matrix.js';
import { bySection, sectionOf } from '../../src/reports/sections.js';
import { allPass, failure, outcome, replace } from '../helpers/outcomes.js';
import { syntheticReport } from '../helpers/reports.js';
import { assertMatchesSchema } from '../helpers/schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const target = (name: string, version?: string, profile = 'cos') => ({ name, ...(version ? { version } : {}), endpoint: `${name}.example:9000`, bucket: 'b-1250000000', region: 'ap-guangzhou', profile, signature: profile === 's3' ? 'sigv4' : 'cos', addressing: 'path' });
const failing = (id: string) => replace(allPass(), id, outcome(id, 'fail', { failures: [failure(id)] }));

describe('versions of one server', () => {
  test('sort as people mean them: numbers as numbers, a pre-release before its release', () => {
    expect(['1.10.0', '1.9.2', '1.5.0', '1.5.0-rc.2', '1.5.0-rc.10', 'v2.0', '16.2.15'].sort(compareVersions)).toEqual(['1.5.0-rc.2', '1.5.0-rc.10', '1.5.0', '1.9.2', '1.10.0', 'v2.0', '16.2.15']);
  });

  test("sit side by side, in version order, the servers in the order first seen", () => {
    const runs = [
      syntheticReport('my-emulator', allPass(), { target: target('my-emulator', '1.10.0') }),
      syntheticReport('other', allPass(), { target: target('other') }),
      syntheticReport('my-emulator', allPass(), { target: target('my-emulator', '1.9.0') }),
    ];
    expect(orderedRuns(runs).map((r) => `${r.target.name} ${r.target.version ?? ''}`.trim())).toEqual(['my-emulator 1.9.0', 'my-emulator 1.10.0', 'other']);
  });
});

describe('rows grouped by section', () => {
  test('every requirement in exactly one section, in catalogue order within it; the model-based checks own none', () => {
    const groups = bySection(REQUIREMENTS);
    expect(groups.flatMap((g) => g.rows).sort((a, b) => a.id.localeCompare(b.id))).toEqual([...REQUIREMENTS].sort((a, b) => a.id.localeCompare(b.id)));
    for (const g of groups) expect(g.rows.map((r) => r.id)).toEqual(REQUIREMENTS.filter((r) => sectionOf(r.id).key === g.section.key).map((r) => r.id));
    expect(groups.map((g) => g.section.key)).not.toContain('model-based');
    expect(sectionOf('UP-32').title).toBe('Complete Multipart Upload');
    expect(sectionOf('UP-12').title).toBe('Request headers');
  });
});

describe('the difference against a baseline', () => {
  test.each([
    ['pass', 'fail', 'newly-failing'],
    ['pass', 'error', 'newly-failing'],
    ['expected-fail', 'fail', 'newly-failing'],
    ['absent', 'fail', 'newly-failing'],
    ['fail', 'pass', 'newly-passing'],
    ['inconclusive', 'pass', 'newly-passing'],
    ['expected-fail', 'unexpected-pass', 'stale-expectation'],
    ['pass', 'unexpected-pass', 'stale-expectation'],
    ['fail', 'expected-fail', 'changed'],
    ['pass', 'inconclusive', 'changed'],
    ['not-run', 'pass', 'changed'],
    ['fail', 'error', 'changed'],
    ['pass', 'pass', undefined],
  ] as const)('%s → %s: %s', (from, to, kind) => {
    expect(classify(from, to)).toBe(kind);
  });

  test('pairs each target with its baseline run (the same version, else the only one of its name and dialect) and names what changed', () => {
    const baseline = [
      syntheticReport('my-emulator', allPass(), { target: target('my-emulator', '1.4.0') }),
      syntheticReport('other', failing('UP-07'), { target: target('other') }),
      syntheticReport('gone', allPass(), { target: target('gone') }),
    ];
    const now = [
      syntheticReport('my-emulator', failing('UP-06'), { target: target('my-emulator', '1.5.0') }),
      syntheticReport('other', allPass(), { target: target('other') }),
      syntheticReport('new', allPass(), { target: target('new') }),
    ];
    const file = join(dir, 'baseline.json');
    writeFileSync(file, JSON.stringify(matrixFile(baseline)));
    const comparison = compare(now, readBaseline(file));
    expect(comparison.pairs).toEqual([
      { target: 'my-emulator 1.5.0', baseline: 'my-emulator 1.4.0' },
      { target: 'other', baseline: 'other' },
    ]);
    expect(comparison.changes).toEqual([
      { target: 'my-emulator 1.5.0', id: 'UP-06', section: 'Request parameters', from: 'pass', to: 'fail', kind: 'newly-failing' },
      { target: 'other', id: 'UP-07', section: 'Feature description', from: 'fail', to: 'pass', kind: 'newly-passing' },
    ]);
    expect([comparison.added, comparison.removed]).toEqual([['new'], ['gone']]);
    assertMatchesSchema('matrix', JSON.parse(JSON.stringify(matrixFile(now, { comparison }))), 'matrix.json');
    // A conformance.json is a baseline too.
    const single = join(dir, 'conformance.json');
    writeFileSync(single, JSON.stringify(baseline[0]));
    expect(compare([now[0]!], readBaseline(single)).changes.map((c) => c.id)).toEqual(['UP-06']);
    expect(statusesOf(now[0]!).statuses['UP-06']).toBe('fail');
  });

  test('a baseline that is not one: one line', () => {
    writeFileSync(join(dir, 'other.json'), '{"format": "something else"}');
    expect(() => readBaseline(join(dir, 'other.json'))).toThrow(/^--baseline .*other\.json: format "something else", expected cos-conformance-matrix\/1 \(matrix\.json\) or cos-conformance-report\/4 \(conformance\.json\)$/);
    expect(() => readBaseline(join(dir, 'missing'))).toThrow(/no such file or directory/);
  });
});

describe('a badge per target and a table for a README', () => {
  const runs = [
    syntheticReport('Ceph RGW', replace(allPass(), 'UP-06', outcome('UP-06', 'fail', { failures: [failure('UP-06')] })), { target: target('Ceph RGW', '16.2.15', 's3'), expectations: { target: 'Ceph RGW', expectedFailures: [{ id: 'UP-06', reason: 'r' }] } }),
    syntheticReport('my-emulator', failing('UP-07'), { target: target('my-emulator', '1.5.0') }),
  ];

  test('each badge is an SVG naming the verdict, coloured by it, with a file name of its own', () => {
    const names = badgeFileNames([...runs, { ...runs[1]! }]);
    expect([...names.values()]).toEqual(['ceph-rgw-16-2-15.svg', 'my-emulator-1-5-0.svg', 'my-emulator-1-5-0-cos-cos-path.svg']);
    const [rgw, mine] = runs.map(renderBadge);
    for (const svg of [rgw!, mine!]) expect(XMLValidator.validate(svg)).toBe(true);
    const texts = (svg: string) => (new XMLParser({ ignoreAttributes: false }).parse(svg) as { svg: { '@_aria-label': string; title: string } }).svg;
    expect(texts(rgw!)).toMatchObject({ '@_aria-label': 'COS Upload Part: Ceph RGW 16.2.15: conformant, 1 listed deviation', title: runs[0]!.verdict.summary });
    expect(rgw).toContain('fill="#2da44e"');
    expect(texts(mine!)['@_aria-label']).toBe('COS Upload Part: my-emulator 1.5.0: NOT conformant, 1 failing');
    expect(mine).toContain('fill="#cf222e"');
    expect(mine).not.toMatch(/href|<image|@import/);
  });

  test('matrix.md: the badges, a verdict row, the rows under their sections, a column per target', () => {
    const md = renderMatrixMarkdown(runs, { badges: badgeFileNames(runs) });
    const lines = md.split('\n');
    expect(lines).toContain('![Ceph RGW 16.2.15: conformant, 1 listed deviation](badges/ceph-rgw-16-2-15.svg) ![my-emulator 1.5.0: NOT conformant, 1 failing](badges/my-emulator-1-5-0.svg)');
    expect(lines).toContain('| Requirement | Level | Ceph RGW 16.2.15 | my-emulator 1.5.0 |');
    expect(lines).toContain('| **Verdict** | | ✅ conformant, 1 listed deviation | ❌ NOT conformant, 1 failing |');
    expect(lines).toContain('| **Request parameters** | | | |');
    expect(lines.find((l) => l.startsWith('| [UP-06]'))).toMatch(/^\| \[UP-06\]\(https:\/\/[^)]+\) .* \| MUST \| 🟡 \| ✅ \|$/);
    expect(lines.find((l) => l.startsWith('| [UP-07]'))).toMatch(/\| ✅ \| ❌ \|$/);
    // Every table row has as many cells as the header: a README renders it as one table.
    const table = lines.filter((l) => l.startsWith('|'));
    for (const l of table) expect(l.replace(/\\\|/g, '').split('|').length, l).toBe(table[0]!.split('|').length);
  });
});
