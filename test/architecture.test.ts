import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ERROR } from '../src/protocol/error-codes.js';

// Data flows one way (config → request → exchange → evidence → verdict → report): no module imports itself back,
// and the reports know nothing of the command line or of the harness that runs inside vitest.
const SRC = resolve(import.meta.dirname, '../src');
const SPECS = resolve(import.meta.dirname, '../specs');

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
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)]
      .map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')))
      .filter((d) => files.includes(d)),
  ]),
);

function cycles(): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  const done = new Set<string>();
  const visit = (file: string) => {
    if (stack.includes(file)) {
      found.push(
        stack
          .slice(stack.indexOf(file))
          .concat(file)
          .map((f) => relative(SRC, f))
          .join(' -> '),
      );
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
    expect(importsOutside('reports', ['reports', 'catalogue', 'outcomes', 'protocol', 'config', 'http', 'package-info.ts'])).toEqual([]);
  });

  // What the documents define lives in protocol/, which both sides of the protocol stand on and which stands on
  // nothing of ours but the settings' types.
  test('protocol/ imports nothing of ours but config/', () => {
    expect(importsOutside('protocol', ['protocol', 'config'])).toEqual([]);
  });

  test('emulator/ imports only protocol/, signing/ and config/', () => {
    expect(importsOutside('emulator', ['emulator', 'protocol', 'signing', 'config'])).toEqual([]);
  });

  test('api/ and http/ (how the suite sends and records) import only protocol/, signing/, config/ and each other', () => {
    expect(importsOutside('api', ['api', 'http', 'protocol', 'signing', 'config'])).toEqual([]);
    expect(importsOutside('http', ['http', 'protocol', 'signing', 'config'])).toEqual([]);
  });

  test('signing/ imports nothing of ours but config/', () => {
    expect(importsOutside('signing', ['signing', 'config'])).toEqual([]);
  });

  test('no status and error code written by hand outside protocol/: an expected or answered error names a row of ERROR', () => {
    const codes = new Set(Object.values(ERROR).map((row) => row.code));
    const outside = [...files, ...sources(SPECS)].filter((f) => !relative(SRC, f).startsWith('protocol/'));
    const offending = outside.flatMap((file) =>
      // A code as a whole string literal; an error class's own name (`this.name = 'PreconditionFailed'`) is not one.
      [...readFileSync(file, 'utf8').matchAll(/(?<!name = )'(\w+)'/g)]
        .filter((m) => codes.has(m[1]!))
        .map((m) => `${relative(resolve(SRC, '..'), file)}: ${m[0]}`),
    );
    expect(offending).toEqual([]);
  });
});

/** Imports from `folder` into folders (or top-level files) of src/ other than `allowed`, as "from -> to". */
function importsOutside(folder: string, allowed: readonly string[]): string[] {
  const inFolder = files.filter((f) => relative(SRC, f).startsWith(`${folder}/`));
  expect(inFolder.length, `src/${folder}/ has files`).toBeGreaterThan(0);
  return inFolder.flatMap((f) =>
    imports
      .get(f)!
      .filter((d) => !allowed.includes(relative(SRC, d).split('/')[0]!))
      .map((d) => `${relative(SRC, f)} -> ${relative(SRC, d)}`),
  );
}
