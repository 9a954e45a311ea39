/**
 * A full run against the embedded emulator with default settings: wall time, and the bytes and requests it sent
 * (from conformance.json); then, per requirement, what a run against a remote target costs (COS_NUM_RUNS=10, the
 * remote default), so a real-COS user can predict the bill.
 *   npm run bench -- full-run | cost
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

interface Report {
  durationMs: number;
  bytesSent: number;
  requests: number;
  verdict: {
    summary: string;
    requirements: Array<{ id: string; level: string; status: string; usage?: { requests: number; bytesSent: number } }>;
  };
}

async function run(args: string[], env: Record<string, string> = {}): Promise<{ wallSeconds: number; report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), 'run', '--report-dir', dir, ...args], {
      cwd: ROOT,
      env: { ...base, ...env },
      stdio: 'ignore',
    });
    child.on('close', resolve);
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = JSON.parse(readFileSync(join(dir, 'conformance.json'), 'utf8')) as Report;
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the run exited ${code}: ${report.verdict.summary}`);
  return { wallSeconds, report };
}

const MiB = 1024 * 1024;

export async function fullRunBenchmark(): Promise<void> {
  const runs = [await run([]), await run([]), await run([])];
  const walls = runs.map((r) => r.wallSeconds).sort((a, b) => a - b);
  const { report } = runs[0]!;
  console.log('Full run against the embedded emulator, default settings (three whole-process runs)');
  console.log(
    `  wall time            ${walls[1]!.toFixed(1)} s median (${walls.map((w) => w.toFixed(1)).join(', ')})   (goal: at most 5 s)`,
  );
  console.log(`  bytes sent           ${(report.bytesSent / MiB).toFixed(1)} MiB`);
  console.log(`  requests             ${report.requests}`);
  console.log(`  ${report.verdict.summary}`);
}

export async function costBenchmark(): Promise<void> {
  const { report } = await run([], { COS_NUM_RUNS: '10', COS_SEED: '20261125' });
  console.log('Cost of a run against a remote target (COS_NUM_RUNS=10, the remote default; seed 20261125)');
  console.log('| Requirement | Level | Requests | Body bytes |');
  console.log('|---|---|---:|---:|');
  for (const r of report.verdict.requirements) {
    const usage = r.usage ?? { requests: 0, bytesSent: 0 };
    console.log(`| ${r.id} | ${r.level} | ${usage.requests} | ${(usage.bytesSent / MiB).toFixed(2)} MiB |`);
  }
  console.log(`| total | | ${report.requests} | ${(report.bytesSent / MiB).toFixed(2)} MiB |`);
}
