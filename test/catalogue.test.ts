import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../src/catalogue/requirements.js';
import { DEVIATIONS } from '../src/emulator/deviations.js';

const specsDir = join(import.meta.dirname, '../specs');
const emulatorDir = join(import.meta.dirname, '../src/emulator');
const specFiles = readdirSync(specsDir).filter((f) => f.endsWith('.spec.ts'));
// A check judges the requirement its title names and any it declares in `judges` (the model-based check names
// them through MODEL_RULES, which the model defines).
const modelRules = [
  ...readFileSync(join(import.meta.dirname, '../src/model/upload-model.ts'), 'utf8').matchAll(/: ['"](UP-\d{2})['"],/g),
].map((m) => m[1]!);
const checksByFile = new Map(
  specFiles.map((file) => {
    const text = readFileSync(join(specsDir, file), 'utf8');
    const titled = [...text.matchAll(/\bcheck\(\s*['"`](UP-\d{2})\b/g)].map((m) => m[1]!);
    const declared = [...text.matchAll(/judges: \[([^\]]*)\]/g)].flatMap((m) =>
      [...m[1]!.matchAll(/['"](UP-\d{2})['"]/g)].map((id) => id[1]!),
    );
    return [file.replace('.spec.ts', ''), [...titled, ...declared, ...(text.includes('MODEL_RULES') ? modelRules : [])]];
  }),
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
      const holding = [...checksByFile]
        .filter(([, ids]) => ids.includes(r.id))
        .map(([file]) => file)
        .sort();
      expect(holding, r.id).toEqual([...r.specs].sort());
    }
  });

  // The newcomer's path: a requirement's spec (above), the emulator site that enforces it (a comment naming it there:
  // grep -rn UP-04 src/emulator), and the deviations that break it (below).
  test('every requirement is named at the emulator site that enforces or answers it', () => {
    const emulator = readdirSync(emulatorDir)
      .filter((f) => f.endsWith('.ts') && f !== 'deviations.ts')
      .map((f) => readFileSync(join(emulatorDir, f), 'utf8'))
      .join('\n');
    const sited = new Set(
      [...emulator.matchAll(/^\s*(\/\/|\/\*\*|\*) .*$/gm)].flatMap((m) => [...m[0].matchAll(/\bUP-\d{2}\b/g)].map((id) => id[0])),
    );
    expect(REQUIREMENTS.map((r) => r.id).filter((id) => !sited.has(id))).toEqual([]);
  });

  test('every MUST and SHOULD requirement is broken by at least one deviation of the emulator', () => {
    const broken = new Set<string>(Object.values(DEVIATIONS).flatMap((d) => d.breaks));
    const unbroken = REQUIREMENTS.filter((r) => r.level !== 'INFO' && !broken.has(r.id)).map((r) => r.id);
    expect(unbroken).toEqual([]);
  });
});
