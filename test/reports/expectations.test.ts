import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadExpectations, validateExpectations } from '../../src/reports/expectations.js';
import { assertMatchesSchema } from '../helpers/schemas.js';

describe('expectation files', () => {
  test.each(readdirSync(join(import.meta.dirname, '../../fixtures/expectations')))('fixtures/expectations/%s is valid', (file) => {
    const path = join(import.meta.dirname, '../../fixtures/expectations', file);
    const loaded = loadExpectations(path);
    expect(loaded.expectedFailures.every((e) => e.reason.length > 0)).toBe(true);
    expect(loaded.$schema).toBe('../../schemas/expectations.schema.json');
    assertMatchesSchema('expectations', JSON.parse(readFileSync(path, 'utf8')), path);
  });

  // The schema cannot know the catalogue or see duplicates; the rest it refuses as the loader does.
  test.each([
    [{}, /expected \{"target"/, true],
    [{ target: 't', expectedFailures: [{ id: 'UP-99', reason: 'r' }] }, /unknown requirement ID "UP-99"/, false],
    [{ target: 't', expectedFailures: [{ id: 'UP-06' }] }, /UP-06 needs a reason/, true],
    [{ target: 't', expectedFailures: [{ id: 'UP-06', reason: 'a' }, { id: 'UP-06', reason: 'b' }] }, /listed twice/, false],
    [{ target: 't', expectedFailure: [] }, /expected \{"target"/, true],
    [{ target: 't', expectedFailures: [], comment: 'x' }, /unknown key "comment"/, true],
    [{ target: 't', expectedFailures: [{ id: 'UP-06', reason: 'r', stauts: 'error' }] }, /UP-06 has an unknown key "stauts"/, true],
  ])('%j is refused', (value, message, bySchema) => {
    expect(() => validateExpectations(value, 'file.json')).toThrow(message);
    if (bySchema) expect(() => assertMatchesSchema('expectations', value, 'file.json')).toThrow(/does not match/);
    else assertMatchesSchema('expectations', value, 'file.json');
  });
});
