import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../src/catalogue/requirements.js';
import { DEVIATIONS } from '../src/emulator/deviations.js';

const specsDir = join(import.meta.dirname, '../specs');
const specFiles = readdirSync(specsDir).filter((f) => f.endsWith('.spec.ts'));
const checksByFile = new Map(
  specFiles.map((file) => [file.replace('.spec.ts', ''), [...readFileSync(join(specsDir, file), 'utf8').matchAll(/\bcheck\(\s*'(UP-\d{2})\b/g)].map((m) => m[1]!)]),
);

describe('the requirement catalogue', () => {
  test('IDs are unique, in order, and every entry has a level, a sentence and a source', () => {
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    for (const r of REQUIREMENTS) {
      expect(['MUST', 'SHOULD', 'INFO']).toContain(r.level);
      expect(r.sentence.length).toBeGreaterThan(10);
      expect(r.source.document && r.source.section).toBeTruthy();
    }
  });

  test('every requirement has a check, in exactly the spec files the catalogue names', () => {
    for (const r of REQUIREMENTS) {
      const holding = [...checksByFile].filter(([, ids]) => ids.includes(r.id)).map(([file]) => file).sort();
      expect(holding, r.id).toEqual([...r.specs].sort());
    }
  });

  test('every MUST and SHOULD requirement is broken by at least one deviation of the emulator', () => {
    const broken = new Set<string>(Object.values(DEVIATIONS).flatMap((d) => d.breaks));
    const unbroken = REQUIREMENTS.filter((r) => r.level !== 'INFO' && !broken.has(r.id)).map((r) => r.id);
    expect(unbroken).toEqual([]);
  });
});
