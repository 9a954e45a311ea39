import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CLIENT_RUNNERS } from '../../scripts/clients/runners.js';
import { CLIENT_REQUIREMENTS, CLIENT_SCENARIOS } from '../../src/catalogue/client-requirements.js';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { CLIENT_IDS, defaultScenarios } from '../../src/clients/grading.js';
import { parseFault } from '../../src/emulator/faults.js';
import { loadExpectations } from '../../src/reports/expectations.js';
import { assertMatchesSchema } from '../helpers/schemas.js';

// The client catalogue keeps the server catalogue's promises: stable IDs of its own range, a level, a public clause
// for each, the grader module that judges it, and scenarios the emulator knows how to play.
describe('the client catalogue', () => {
  test('IDs CL-01 onwards, in order, none shared with the server catalogue', () => {
    expect(CLIENT_REQUIREMENTS.map((r) => r.id)).toEqual(CLIENT_REQUIREMENTS.map((_, i) => `CL-${String(i + 1).padStart(2, '0')}`));
    const server = new Set(REQUIREMENTS.map((r) => r.id));
    expect(CLIENT_REQUIREMENTS.filter((r) => server.has(r.id))).toEqual([]);
  });

  test.each(CLIENT_REQUIREMENTS.map((r) => [r.id, r] as const))('%s cites a public document and names its grader', (_, r) => {
    expect(['MUST', 'SHOULD', 'INFO']).toContain(r.level);
    for (const source of [r.source, ...(r.also ?? [])]) {
      expect(source.url).toMatch(/^https:\/\/(www\.|intl\.cloud\.|cloud\.)?(tencentcloud\.com|tencent\.com|docs\.aws\.amazon\.com)\//);
      expect(source.quote.length).toBeGreaterThan(10);
    }
    expect(existsSync(join(import.meta.dirname, '../../src/clients/grade', `${r.specs[0]}.ts`))).toBe(true);
    if (r.level === 'INFO') expect(r.sentence).toMatch(/^Recorded, not judged/);
  });

  test('every scenario is a fault the emulator plays, and a full grading runs each under its profile', () => {
    for (const scenario of CLIENT_SCENARIOS) expect(() => parseFault(scenario)).not.toThrow();
    expect(defaultScenarios('cos')[0]).toBe('plain');
    expect(new Set(defaultScenarios('cos').slice(1))).toEqual(new Set(CLIENT_SCENARIOS));
    expect(defaultScenarios('s3')).toEqual(defaultScenarios('cos').filter((s) => !s.startsWith('wrong-crc64')));
  });
});

// The reviewed deviations of the real clients (npm run clients): one file per configuration the job grades, each
// entry a client requirement with a reason that names what was seen and where the client's source does it.
describe('the expectation files of the real clients', () => {
  const dir = join(import.meta.dirname, '../../fixtures/client-expectations');
  test.each(readdirSync(dir))('fixtures/client-expectations/%s names client requirements only, each with its evidence', (file) => {
    const loaded = loadExpectations(join(dir, file), CLIENT_IDS);
    assertMatchesSchema('expectations', JSON.parse(readFileSync(join(dir, file), 'utf8')), file);
    for (const entry of loaded.expectedFailures) expect(entry.reason.length, entry.id).toBeGreaterThan(60);
  });

  test('every configuration npm run clients grades has its file', () => {
    const names = CLIENT_RUNNERS.flatMap((r) => [r.name.replace('/', '-'), ...(r.sseC ? [`${r.name.replace('/', '-')}-sse-c`] : [])]);
    expect(readdirSync(dir).sort()).toEqual(names.map((n) => `${n}.json`).sort());
  });
});
