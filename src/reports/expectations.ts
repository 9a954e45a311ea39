import { readFileSync } from 'node:fs';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { UsageError } from '../cli/usage.js';

/** A target's known deviations: requirement IDs expected to fail, each with a reason and a link. */
export interface Expectations {
  readonly target: string;
  readonly description?: string;
  readonly expectedFailures: ReadonlyArray<{
    readonly id: string;
    readonly reason: string;
    readonly link?: string;
    /** 'error' for a known crash or hang of the target on this requirement's checks; 'fail' (default) otherwise. */
    readonly status?: 'fail' | 'error';
  }>;
}

const KNOWN = new Set(REQUIREMENTS.map((r) => r.id));

export function loadExpectations(path: string): Expectations {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--expectations: cannot read ${path}: ${(error as Error).message}`);
  }
  return validateExpectations(parsed, path);
}

export function validateExpectations(value: unknown, where: string): Expectations {
  const doc = value as Partial<Expectations>;
  if (typeof doc !== 'object' || doc === null || typeof doc.target !== 'string' || !Array.isArray(doc.expectedFailures)) {
    throw new UsageError(`${where}: expected {"target": "...", "expectedFailures": [{"id": "UP-NN", "reason": "...", "link": "..."}]}`);
  }
  const seen = new Set<string>();
  for (const entry of doc.expectedFailures) {
    if (typeof entry?.id !== 'string' || !KNOWN.has(entry.id)) throw new UsageError(`${where}: unknown requirement ID ${JSON.stringify(entry?.id)}`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') throw new UsageError(`${where}: ${entry.id} needs a reason`);
    if (seen.has(entry.id)) throw new UsageError(`${where}: ${entry.id} is listed twice`);
    if (entry.status !== undefined && entry.status !== 'fail' && entry.status !== 'error') {
      throw new UsageError(`${where}: ${entry.id} has status ${JSON.stringify(entry.status)}; expected "fail" or "error"`);
    }
    seen.add(entry.id);
  }
  return doc as Expectations;
}
