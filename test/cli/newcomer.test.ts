import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { jsonErrorAt } from '../../src/reports/expectations.js';
import { cli, ROOT } from '../helpers/cli.js';

// What a new user types first: the version, the catalogue with the spec files it names, an expectation file with a
// typo in it.
const dir = mkdtempSync(join(tmpdir(), 'newcomer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('a new user', () => {
  test.each([['--version'], ['-V'], ['version']])('cos-conformance %s prints the version, exit 0', async (flag) => {
    const result = await cli([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`cos-conformance ${version}\n`);
  });

  test('list names spec files that exist where the suite is (here, the sources)', async () => {
    const result = await cli(['list']);
    expect(result.code).toBe(0);
    const paths = [...result.stdout.matchAll(/^\s+specs: (.*)$/gm)].flatMap((m) => m[1]!.split(', '));
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
    expect(paths.every((p) => /^specs\/[\w-]+\.spec\.ts$/.test(p))).toBe(true);
  });

  test.each([
    ['a bare word', '{\n  "target": x\n}\n', /is not valid JSON: Unexpected token[^\n]*$/],
    [
      'a trailing comma',
      '{\n  "target": "x",\n  "expectedFailures": [\n    { "id": "UP-06", "reason": "r", }\n  ]\n}\n',
      /is not valid JSON: [^\n]* at line 4, column 37$/,
    ],
    ['a second closing brace', '{ "target": "x", "expectedFailures": [] }\n}\n', /is not valid JSON: [^\n]* at line 2, column 1$/],
    ['nothing at all', '', /is not valid JSON: Unexpected end of JSON input$/],
  ])('an expectation file with %s: one line saying where, exit 2', async (_what, text, message) => {
    const file = join(dir, 'expectations.json');
    writeFileSync(file, text);
    const result = await cli(['run', '--expectations', file, '--report-dir', join(dir, 'reports')]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^cos-conformance run: --expectations: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${message.source}`),
    );
  });

  test('a JSON error without a position is still one line', () => {
    expect(jsonErrorAt('{\n"a": x\n}', `Unexpected token 'x', "{\n"a": x\n}" is not valid JSON`)).toBe("Unexpected token 'x'");
  });
});
