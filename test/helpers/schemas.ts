import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { validate as validateCtrf } from 'ctrf';

const SCHEMAS = join(import.meta.dirname, '../../schemas');
const ajv = new Ajv2020({ allErrors: true, strict: true });
const load = (name: string) => ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object);
const validators = {
  report: load('conformance-report.schema.json'),
  expectations: load('expectations.schema.json'),
  matrix: load('matrix.schema.json'),
};
const FILES: Record<keyof typeof validators, string> = { report: 'conformance-report', expectations: 'expectations', matrix: 'matrix' };

/** Throws, naming each violation, unless `value` is what the shipped schema describes. */
export function assertMatchesSchema(kind: keyof typeof validators, value: unknown, where: string): void {
  const validate = validators[kind];
  if (validate(value)) return;
  const problems = (validate.errors ?? [])
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  throw new Error(`${where} does not match schemas/${FILES[kind]}.schema.json:\n  ${problems.join('\n  ')}`);
}

/** A conformance.json as written, checked against its schema. */
export function readValidReport<T = unknown>(file: string): T {
  const report = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  assertMatchesSchema('report', report, file);
  return report as T;
}

/** A ctrf.json as written, checked against the CTRF schema by the format's reference implementation. */
export function assertValidCtrf(file: string): void {
  const result = validateCtrf(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.valid)
    throw new Error(
      `${file} is not valid CTRF:\n  ${result.errors
        .slice(0, 10)
        .map((e) => JSON.stringify(e))
        .join('\n  ')}`,
    );
}

/** A matrix.json as written, checked against its schema. */
export function readValidMatrix<T = unknown>(file: string): T {
  const matrix = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  assertMatchesSchema('matrix', matrix, file);
  return matrix as T;
}
