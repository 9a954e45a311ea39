import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertValidCtrf, readValidMatrix, readValidReport } from './schemas.js';

export const ROOT = join(import.meta.dirname, '../..');

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `cos-conformance ARGS` as a user would, with a clean COS_* environment plus `env`. Every conformance.json
 * a `run` or `report` writes is checked against schemas/conformance-report.schema.json, every matrix.json against
 * schemas/matrix.schema.json, and every ctrf.json against the CTRF schema, before the test sees them.
 */
export async function cli(args: string[], env: Record<string, string> = {}, onStart?: (child: ChildProcess) => void): Promise<CliOutcome> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  const began = Date.now();
  const outcome = await new Promise<CliOutcome>((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), ...args], {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
    onStart?.(child);
  });
  const written = writtenReport(args);
  if (written && existsSync(written) && statSync(written).mtimeMs >= began - 1000) {
    readValidReport(written);
    const ctrf = join(dirname(written), 'ctrf.json');
    if (existsSync(ctrf)) assertValidCtrf(ctrf);
  }
  const matrix = written && join(dirname(written), 'matrix.json');
  if (args[0] === 'report' && matrix && existsSync(matrix) && statSync(matrix).mtimeMs >= began - 1000) readValidMatrix(matrix);
  return outcome;
}

/** The conformance.json a command line writes, if it writes one. */
function writtenReport(args: readonly string[]): string | undefined {
  const option = (name: string) => {
    const at = args.findIndex((a) => a === name || a.startsWith(`${name}=`));
    return at < 0 ? undefined : args[at]!.includes('=') ? args[at]!.slice(name.length + 1) : args[at + 1];
  };
  if (args[0] === 'run' || args[0] === 'client') return join(resolve(ROOT, option('--report-dir') ?? 'reports'), 'conformance.json');
  if (args[0] === 'report') return join(resolve(ROOT, option('--out') ?? 'reports/merged'), 'conformance.json');
  return undefined;
}

/** Requirement ID → status from a run's conformance.json; empty when the run wrote none. Not-run ones are left out. */
export function readStatuses(reportDir: string): Record<string, string> {
  const file = join(reportDir, 'conformance.json');
  if (!existsSync(file)) return {};
  const report = readValidReport<{ verdict: { requirements: Array<{ id: string; status: string }> } }>(file);
  return Object.fromEntries(report.verdict.requirements.filter((r) => r.status !== 'not-run').map((r) => [r.id, r.status]));
}

/** A run's conformance.json, checked against its schema and read loosely for assertions. */
export function readReport(reportDir: string): {
  verdict: {
    kind: string;
    summary: string;
    counts: Record<string, Record<string, number>>;
    requirements: Array<{ id: string; status: string; reason?: string }>;
  };
  checks: Array<Record<string, unknown>>;
} {
  return readValidReport(join(reportDir, 'conformance.json'));
}
