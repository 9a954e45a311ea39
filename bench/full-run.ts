/**
 * A full run against the embedded emulator with default settings: wall time, and the bytes and requests it sent
 * (from conformance.json); then, per requirement, what a run against a remote target costs (COS_NUM_RUNS=10, the
 * remote default), so a real-COS user can predict the bill.
 *   npm run bench -- full-run | cost
 */
import { type RunReport, runPassingSuite } from './suite-run.js';

interface Report extends RunReport {
  durationMs: number;
  verdict: {
    summary: string;
    requirements: Array<{ id: string; level: string; status: string; usage?: { requests: number; bytesSent: number } }>;
  };
}

const run = (env: Record<string, string> = {}) => runPassingSuite<Report>({ env });

const MiB = 1024 * 1024;

export async function fullRunBenchmark(): Promise<void> {
  const runs = [await run(), await run(), await run()];
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
  const { report } = await run({ COS_NUM_RUNS: '10', COS_SEED: '20261125' });
  console.log('Cost of a run against a remote target (COS_NUM_RUNS=10, the remote default; seed 20261125)');
  console.log('| Requirement | Level | Requests | Body bytes |');
  console.log('|---|---|---:|---:|');
  for (const r of report.verdict.requirements) {
    const usage = r.usage ?? { requests: 0, bytesSent: 0 };
    console.log(`| ${r.id} | ${r.level} | ${usage.requests} | ${(usage.bytesSent / MiB).toFixed(2)} MiB |`);
  }
  console.log(`| total | | ${report.requests} | ${(report.bytesSent / MiB).toFixed(2)} MiB |`);
}
