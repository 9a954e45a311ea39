import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_VERSION } from '../package-info.js';
import { displayName, statusesOf, type Comparison, type RunStatuses } from './comparison.js';
import { REPORT_FORMAT, type RunReport } from './run-report.js';
import { targetName } from './rows.js';
import type { RequirementStatus, VerdictKind } from './verdict.js';

/** The version of matrix.json's shape (schemas/matrix.schema.json). */
export const MATRIX_FORMAT = 'cos-conformance-matrix/1';
export const MATRIX_SCHEMA_URL = `https://unpkg.com/cos-conformance@${PACKAGE_VERSION}/schemas/matrix.schema.json`;
/** Reports of these formats can be merged and compared: /3 lacks only target.version. */
export const READABLE_REPORT_FORMATS: readonly string[] = ['cos-conformance-report/3', REPORT_FORMAT];

/**
 * Versions in the order people mean: numbers compared as numbers (1.10.0 after 1.9.2), a pre-release before its
 * release (1.5.0-rc.1 before 1.5.0), anything else as text.
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [main = '', ...pre] = v.replace(/^v(?=\d)/i, '').split('-');
    return { main: main.split(/[.+]/), pre: pre.join('-') };
  };
  const parts = (x: readonly string[], y: readonly string[]) => {
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const [p, q] = [x[i] ?? '', y[i] ?? ''];
      const diff = /^\d+$/.test(p) && /^\d+$/.test(q) ? Number(p) - Number(q) : p.localeCompare(q);
      if (diff !== 0) return diff;
    }
    return 0;
  };
  const [x, y] = [split(a), split(b)];
  const main = parts(x.main, y.main);
  if (main !== 0) return main;
  if (x.pre === y.pre) return 0;
  if (!x.pre || !y.pre) return x.pre ? -1 : 1;
  return parts(x.pre.split('.'), y.pre.split('.'));
}

export interface ServerGroup {
  /** The target's name without its version. */
  readonly server: string;
  readonly runs: readonly RunReport[];
}

/**
 * Runs as the matrix shows them: the runs of one server (one target name) side by side, in version order, the servers
 * in the order first seen; within a version, in the order given (another dialect, say).
 */
export function serverGroups(runs: readonly RunReport[]): ServerGroup[] {
  const groups = new Map<string, RunReport[]>();
  for (const run of runs) {
    const server = run.target.name ?? targetName(run);
    groups.set(server, [...(groups.get(server) ?? []), run]);
  }
  return [...groups.entries()].map(([server, list]) => ({
    server,
    runs: list
      .map((run, i) => ({ run, i }))
      .sort((x, y) => (x.run.target.version && y.run.target.version ? compareVersions(x.run.target.version, y.run.target.version) : 0) || x.i - y.i)
      .map((x) => x.run),
  }));
}

export const orderedRuns = (runs: readonly RunReport[]): RunReport[] => serverGroups(runs).flatMap((g) => g.runs);

/** Exit codes in the order a merge reports them: a regression first, then a configuration error, unreachable, interrupted. */
const WORST_FIRST = [1, 2, 3, 130] as const;

export interface MatrixVerdict {
  readonly kind: VerdictKind;
  readonly exitCode: number;
  /** Each run's verdict line, joined with "; ". */
  readonly summary: string;
}

/** The verdict of several runs: the worst of theirs (the first of exit 1, 2, 3, 130 any has), else the first run's. */
export function matrixVerdict(runs: readonly RunReport[]): MatrixVerdict {
  const code = WORST_FIRST.find((c) => runs.some((r) => r.verdict.exitCode === c)) ?? 0;
  const worst = runs.find((r) => r.verdict.exitCode === code) ?? runs[0]!;
  return { kind: worst.verdict.kind, exitCode: code, summary: runs.map((r) => r.verdict.summary).join('; ') };
}

/** matrix.json: what each run said of each requirement, and the comparison with a baseline; a baseline itself. */
export interface MatrixFile {
  readonly $schema: string;
  readonly format: typeof MATRIX_FORMAT;
  readonly tool: { readonly name: 'cos-conformance'; readonly version: string };
  readonly generatedAt: string;
  readonly verdict: MatrixVerdict;
  readonly runs: ReadonlyArray<{
    readonly target: Readonly<Record<string, string>>;
    readonly runId: string;
    readonly seed?: number;
    readonly startedAt: string;
    readonly expectations?: string;
    readonly verdict: { readonly kind: VerdictKind; readonly exitCode: number; readonly summary: string };
    readonly statuses: Readonly<Record<string, RequirementStatus>>;
    /** The file name of its badge, under badges/. */
    readonly badge?: string;
  }>;
  readonly comparison?: Comparison;
}

export function matrixFile(runs: readonly RunReport[], options: { comparison?: Comparison; badges?: ReadonlyMap<RunReport, string> } = {}): MatrixFile {
  return {
    $schema: MATRIX_SCHEMA_URL,
    format: MATRIX_FORMAT,
    tool: { name: 'cos-conformance', version: PACKAGE_VERSION },
    generatedAt: new Date().toISOString(),
    verdict: matrixVerdict(runs),
    runs: runs.map((r) => ({
      target: r.target,
      runId: r.runId,
      ...(r.seed !== undefined ? { seed: r.seed } : {}),
      startedAt: r.startedAt,
      ...(r.expectations ? { expectations: r.expectations } : {}),
      verdict: { kind: r.verdict.kind, exitCode: r.verdict.exitCode, summary: r.verdict.summary },
      statuses: statusesOf(r).statuses,
      ...(options.badges?.get(r) ? { badge: options.badges.get(r)! } : {}),
    })),
    ...(options.comparison ? { comparison: options.comparison } : {}),
  };
}

/** A baseline that cannot be read: one line says why. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/**
 * The runs of a baseline: a matrix.json (what `cos-conformance report` writes) or a conformance.json (one run), given
 * as the file or as the directory holding it (matrix.json first).
 */
export function readBaseline(path: string): { source: string; runs: RunStatuses[] } {
  if (!existsSync(path)) throw new BaselineError(`--baseline ${path}: no such file or directory`);
  const file = statSync(path).isDirectory() ? [join(path, 'matrix.json'), join(path, 'conformance.json')].find((f) => existsSync(f)) : path;
  if (!file) throw new BaselineError(`--baseline ${path}: neither matrix.json nor conformance.json is there`);
  let doc: { format?: string; runs?: Array<{ target?: Record<string, string>; statuses?: Record<string, RequirementStatus> }>; target?: Record<string, string>; verdict?: { requirements?: Array<{ id: string; status: RequirementStatus }> } };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (error) {
    throw new BaselineError(`--baseline ${file}: not JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (doc.format === MATRIX_FORMAT && Array.isArray(doc.runs)) {
    return { source: path, runs: doc.runs.map((r) => ({ target: r.target ?? {}, statuses: r.statuses ?? {} })) };
  }
  if (doc.format && READABLE_REPORT_FORMATS.includes(doc.format) && doc.target && Array.isArray(doc.verdict?.requirements)) {
    return { source: path, runs: [{ target: doc.target, statuses: Object.fromEntries(doc.verdict.requirements.map((o) => [o.id, o.status])) }] };
  }
  throw new BaselineError(`--baseline ${file}: format ${JSON.stringify(doc.format)}, expected ${MATRIX_FORMAT} (matrix.json) or ${REPORT_FORMAT} (conformance.json)`);
}

export { displayName };
