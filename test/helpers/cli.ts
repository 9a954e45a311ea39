import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface CliOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cos-conformance ARGS` as a user would, with a clean COS_* environment plus `env`. */
export function cli(args: string[], env: Record<string, string> = {}, onStart?: (child: ChildProcess) => void): Promise<CliOutcome> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child);
  });
}

/** Requirement ID → status from a run's conformance.json; empty when the run wrote none. Not-run ones are left out. */
export function readStatuses(reportDir: string): Record<string, string> {
  const file = join(reportDir, 'conformance.json');
  if (!existsSync(file)) return {};
  const report = JSON.parse(readFileSync(file, 'utf8')) as { verdict: { requirements: Array<{ id: string; status: string }> } };
  return Object.fromEntries(report.verdict.requirements.filter((r) => r.status !== 'not-run').map((r) => [r.id, r.status]));
}

/** A run's conformance.json, read loosely for assertions. */
export function readReport(reportDir: string): { verdict: { kind: string; summary: string; counts: Record<string, Record<string, number>>; requirements: Array<{ id: string; status: string; reason?: string }> }; checks: Array<Record<string, unknown>> } {
  return JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8'));
}
