import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadExpectations, validateExpectations } from '../../src/reports/expectations.js';

describe('expectation files', () => {
  test.each(readdirSync(join(import.meta.dirname, '../../fixtures/expectations')))('fixtures/expectations/%s is valid', (file) => {
    const loaded = loadExpectations(join(import.meta.dirname, '../../fixtures/expectations', file));
    expect(loaded.expectedFailures.every((e) => e.reason.length > 0)).toBe(true);
  });

  test.each([
    [{}, /expected \{"target"/],
    [{ target: 't', expectedFailures: [{ id: 'UP-99', reason: 'r' }] }, /unknown requirement ID "UP-99"/],
    [{ target: 't', expectedFailures: [{ id: 'UP-06' }] }, /UP-06 needs a reason/],
    [{ target: 't', expectedFailures: [{ id: 'UP-06', reason: 'a' }, { id: 'UP-06', reason: 'b' }] }, /listed twice/],
  ])('%j is refused', (value, message) => {
    expect(() => validateExpectations(value, 'file.json')).toThrow(message);
  });
});
