import { readFileSync } from 'node:fs';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { ConfigError } from '../config/errors.js';

/** A target's known deviations: requirement IDs expected not to pass, each with a reason and a link. */
export interface Expectations {
  /** schemas/expectations.schema.json, for editors that check the file as it is written. */
  readonly $schema?: string;
  readonly target: string;
  /** The version of the target the file was reviewed against: the run's target version unless COS_TARGET_VERSION says otherwise. */
  readonly version?: string;
  readonly description?: string;
  readonly expectedFailures: ReadonlyArray<{
    readonly id: string;
    readonly reason: string;
    readonly link?: string;
    /**
     * What the run shows for it: 'fail' (default); 'error' for a known crash or hang of the target on its checks;
     * 'inconclusive' for a feature the target does not offer, so the check's setup is refused.
     */
    readonly status?: 'fail' | 'error' | 'inconclusive';
    /** The revision of the requirement's source the deviation was judged against (`cos-conformance list` shows the current one). */
    readonly revision?: string;
  }>;
}

const SERVER_IDS: ReadonlySet<string> = new Set(REQUIREMENTS.map((r) => r.id));
const STATUSES = new Set(['fail', 'error', 'inconclusive']);
// A misspelt key would otherwise be ignored silently (a "stauts" that leaves the entry expecting a failure).
const FILE_KEYS = new Set(['$schema', 'target', 'version', 'description', 'expectedFailures']);
const ENTRY_KEYS = new Set(['id', 'reason', 'link', 'status', 'revision']);
const unknownKey = (value: object, known: ReadonlySet<string>) => Object.keys(value).find((k) => !known.has(k));

/** `known`: the IDs an entry may name (the server catalogue's unless given; the client mode passes its own). */
export function loadExpectations(path: string, known: ReadonlySet<string> = SERVER_IDS): Expectations {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('--expectations', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (code ?? (error as Error).message)}`);
  }
  try {
    return validateExpectations(JSON.parse(text), path, known);
  } catch (error) {
    if (error instanceof SyntaxError) throw new ConfigError('--expectations', `${path} is not valid JSON: ${jsonErrorAt(text, error.message)}`);
    throw error;
  }
}

/**
 * A JSON parse error in one line, with the line and column it is at: V8 quotes the offending text, newlines and all,
 * or gives an offset, neither of which reads well on a terminal.
 */
export function jsonErrorAt(text: string, message: string): string {
  const offset = /at position (\d+)/.exec(message)?.[1];
  const what = message.replace(/,? "[\s\S]*" is not valid JSON$/, '').replace(/( in)? JSON at position \d+.*$/, (_, inJson: string | undefined) => (inJson ? '' : ' JSON')).replace(/\s+/g, ' ').trim();
  if (offset === undefined) return what;
  const before = text.slice(0, Number(offset));
  const line = before.split('\n').length;
  const column = Number(offset) - before.lastIndexOf('\n');
  return `${what} at line ${line}, column ${column}`;
}

export function validateExpectations(value: unknown, where: string, known: ReadonlySet<string> = SERVER_IDS): Expectations {
  const fail = (message: string) => new ConfigError('--expectations', `${where}: ${message}`);
  const doc = value as Partial<Expectations>;
  if (typeof doc !== 'object' || doc === null || typeof doc.target !== 'string' || !Array.isArray(doc.expectedFailures)) {
    throw fail('expected {"target": "...", "expectedFailures": [{"id": "UP-NN", "reason": "...", "link": "..."}]}');
  }
  if (doc.version !== undefined && (typeof doc.version !== 'string' || doc.version.trim() === '')) throw fail('"version" is a non-empty string, e.g. "16.2.15"');
  const stray = unknownKey(doc, FILE_KEYS);
  if (stray !== undefined) throw fail(`unknown key ${JSON.stringify(stray)} (expected $schema, target, version, description, expectedFailures)`);
  const seen = new Set<string>();
  for (const entry of doc.expectedFailures) {
    if (typeof entry?.id !== 'string' || !known.has(entry.id)) throw fail(`unknown requirement ID ${JSON.stringify(entry?.id)}`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') throw fail(`${entry.id} needs a reason`);
    if (seen.has(entry.id)) throw fail(`${entry.id} is listed twice`);
    const strayInEntry = unknownKey(entry, ENTRY_KEYS);
    if (strayInEntry !== undefined) throw fail(`${entry.id} has an unknown key ${JSON.stringify(strayInEntry)} (expected id, reason, link, status, revision)`);
    if (entry.status !== undefined && !STATUSES.has(entry.status)) {
      throw fail(`${entry.id} has status ${JSON.stringify(entry.status)}; expected "fail", "error" or "inconclusive"`);
    }
    if (entry.revision !== undefined && typeof entry.revision !== 'string') throw fail(`${entry.id} has a revision that is not a string`);
    seen.add(entry.id);
  }
  return doc as Expectations;
}

/**
 * Entries judged against another revision of their requirement's source than the catalogue cites now: the
 * document moved since, and the entry's evidence may no longer be what the rule asks.
 */
export function staleRevisions(expectations: Expectations): string[] {
  return expectations.expectedFailures.flatMap((entry) => {
    const current = REQUIREMENTS.find((r) => r.id === entry.id)?.source.revision;
    return entry.revision !== undefined && current !== undefined && entry.revision !== current
      ? [`the expectation for ${entry.id} was judged against revision ${entry.revision} of its source; the catalogue now cites revision ${current}`]
      : [];
  });
}
