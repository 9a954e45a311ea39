import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

// Data flows one way (config → request → exchange → evidence → verdict → report): no module imports itself back,
// and the reports know nothing of the command line or of the harness that runs inside vitest.
const SRC = resolve(import.meta.dirname, '../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(SRC);
const imports = new Map(
  files.map((file) => [
    file,
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))).filter((d) => files.includes(d)),
  ]),
);

function cycles(): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  const done = new Set<string>();
  const visit = (file: string) => {
    if (stack.includes(file)) {
      found.push(stack.slice(stack.indexOf(file)).concat(file).map((f) => relative(SRC, f)).join(' -> '));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const dep of imports.get(file) ?? []) visit(dep);
    stack.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return found;
}

describe('the structure of src/', () => {
  test('no import cycle', () => {
    expect(cycles()).toEqual([]);
  });

  test('reports/ imports nothing from cli/ or harness/', () => {
    const reports = files.filter((f) => relative(SRC, f).startsWith('reports/'));
    const offending = reports.flatMap((f) => imports.get(f)!.filter((d) => /^(cli|harness)\//.test(relative(SRC, d))).map((d) => `${relative(SRC, f)} -> ${relative(SRC, d)}`));
    expect(offending).toEqual([]);
  });
});
