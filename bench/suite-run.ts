/**
 * One run of the suite as a user starts it (`node bin/cos-conformance.js run`), in a process of its own, for the
 * benchmarks that time or profile whole runs. The caller's COS_* settings are dropped so that only what the
 * benchmark sets reaches the run; the reports go to a temporary directory, of which conformance.json is read back.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** What every benchmark reads from conformance.json; each names the further fields it needs. */
export interface RunReport {
  readonly seed: number;
  readonly numRuns: number;
  readonly requests: number;
  readonly bytesSent: number;
  readonly verdict: { readonly summary: string };
}

export interface SuiteRun<R extends RunReport> {
  readonly code: number | null;
  readonly wallSeconds: number;
  /** Undefined when the run wrote no conformance.json. */
  readonly report: R | undefined;
  /** What the run printed, both streams. */
  readonly output: string;
}

export interface SuiteRunOptions {
  /** Options of `run` (the report directory is the benchmark's). */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Node's own options for the run's process (its vitest workers inherit them). */
  readonly nodeArgs?: readonly string[];
}

export async function runSuite<R extends RunReport = RunReport>(options: SuiteRunOptions = {}): Promise<SuiteRun<R>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
  try {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
    const args = [...(options.nodeArgs ?? []), join(ROOT, 'bin/cos-conformance.js'), 'run', '--report-dir', dir, ...(options.args ?? [])];
    let output = '';
    const started = process.hrtime.bigint();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...base, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    let report: R | undefined;
    try {
      report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as R;
    } catch {
      report = undefined;
    }
    return { code, wallSeconds, report, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A run that must pass: its report, or an error naming its exit code and verdict (or its last output). */
export async function runPassingSuite<R extends RunReport = RunReport>(
  options: SuiteRunOptions = {},
): Promise<{ wallSeconds: number; report: R }> {
  const run = await runSuite<R>(options);
  if (run.code !== 0 || !run.report)
    throw new Error(`the run exited ${run.code}: ${run.report?.verdict.summary ?? run.output.trim().split('\n').slice(-5).join(' | ')}`);
  return { wallSeconds: run.wallSeconds, report: run.report };
}

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
