/**
 * The default run against its floor (issue 24): what the run must do, what that work alone costs on this machine,
 * and how far the run is from it.
 *   npm run bench -- floor [--repeat N] [--seed N]     N default runs (default 5), medians; --seed pins the cases
 *
 * The run's work is read from its own conformance.json: its requests, and the body bytes it sent (which the suite
 * hashes, MD5 and CRC-64, as it sends them, and the emulator again as it stores them). The floor is that work and
 * nothing else, each part in a process of its own and timed from the moment the process is ready:
 *   - hashing: MD5 + CRC-64/ECMA of those bytes (the suite's own CRC-64), counted twice, once for each side;
 *   - requests: that many PUTs, carrying those bytes, on kept-alive TLS connections (undici, 8 in flight) to a
 *     trivial HTTPS server that reads each body and answers 200: client and server CPU together.
 * The floor's wall time is its CPU spread over every core: what the work allows at best on this machine.
 * The run's CPU is the user + system time of its whole process tree (the runner, which hosts the embedded emulator,
 * and its vitest workers), read from the kernel's account of reaped children (Linux).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateCertificate } from '../src/emulator/tls.js';
import { median, ROOT, type RunReport, runPassingSuite } from './suite-run.js';

const MiB = 1024 * 1024;

type Report = RunReport;

let ticksPerSecond: number | undefined;

/** User + system CPU seconds of this process's reaped children (and theirs), from /proc/self/stat. */
function reapedChildrenCpu(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5) (cutime, cstime); `fields` starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

const load = () => loadavg()[0]!.toFixed(1);

async function defaultRun(seed: string | undefined): Promise<{ wall: number; cpu: number; report: Report; load: string }> {
  const loadBefore = load();
  const cpuBefore = reapedChildrenCpu();
  const { wallSeconds, report } = await runPassingSuite<Report>({ args: seed ? ['--seed', seed] : [] });
  return { wall: wallSeconds, cpu: reapedChildrenCpu() - cpuBefore, report, load: `${loadBefore}→${load()}` };
}

/** A child running bench/floor-work.ts; `next` reads its next JSON line. */
function work(args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench/floor-work.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`bench/floor-work.ts ${args[0]} exited (code ${child.exitCode}) without an answer`);
    return JSON.parse(line.value) as Record<string, number>;
  };
  return { child, next };
}

interface Floor {
  readonly hashCpu: number;
  readonly requestCpu: { client: number; server: number };
  readonly requestWall: number;
}

async function measureFloor(requests: number, bytes: number): Promise<Floor> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const server = { current: undefined as ReturnType<typeof work> | undefined };
  try {
    const tls = await generateCertificate();
    writeFileSync(join(dir, 'cert.pem'), tls.cert);
    writeFileSync(join(dir, 'key.pem'), tls.key);
    const hashing = work(['hash', String(bytes)]);
    const { cpuSeconds: hashCpu } = await hashing.next();
    server.current = work(['server', join(dir, 'cert.pem'), join(dir, 'key.pem')]);
    const { port } = await server.current.next();
    const client = work(['client', String(port), join(dir, 'cert.pem'), String(requests), String(bytes)]);
    const sent = await client.next();
    server.current.child.kill('SIGTERM');
    const { cpuSeconds: serverCpu } = await server.current.next();
    return { hashCpu: 2 * hashCpu!, requestCpu: { client: sent.cpuSeconds!, server: serverCpu! }, requestWall: sent.seconds! };
  } finally {
    if (server.current && server.current.child.exitCode === null) server.current.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function floorBenchmark(options: { repeat: number; seed?: string }): Promise<void> {
  const cores = availableParallelism();
  console.log(
    `Default run against its floor (${cores} cores; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} at the start)`,
  );
  const runs = [await defaultRun(options.seed)];
  const { report } = runs[0]!;
  console.log(
    `  the run must do        ${report.requests} requests; ${(report.bytesSent / MiB).toFixed(1)} MiB of bodies sent, hashed (MD5 + CRC-64) on each side (seed ${report.seed})`,
  );
  const floor = await measureFloor(report.requests, report.bytesSent);
  const floorCpu = floor.hashCpu + floor.requestCpu.client + floor.requestCpu.server;
  const floorWall = floorCpu / cores;
  console.log(`  floor: hashing         ${floor.hashCpu.toFixed(2)} s CPU (${(report.bytesSent / MiB).toFixed(1)} MiB twice)`);
  console.log(
    `  floor: requests        ${(floor.requestCpu.client + floor.requestCpu.server).toFixed(2)} s CPU (client ${floor.requestCpu.client.toFixed(2)}, server ${floor.requestCpu.server.toFixed(2)}; ${floor.requestWall.toFixed(2)} s wall) for ${report.requests} requests on kept-alive TLS to a trivial server`,
  );
  console.log(`  floor                  ${floorCpu.toFixed(2)} s CPU; ${floorWall.toFixed(2)} s wall at best on ${cores} cores`);
  for (let i = 1; i < options.repeat; i++) runs.push(await defaultRun(options.seed));
  const wall = median(runs.map((r) => r.wall));
  const cpu = median(runs.map((r) => r.cpu));
  const of = runs.length > 1 ? `median of ${runs.length}` : 'one run';
  console.log(
    `  default run: wall      ${wall.toFixed(1)} s ${of} (${runs.map((r) => r.wall.toFixed(1)).join(', ')}): ${(wall / floorWall).toFixed(1)}× the floor   (goal: at most 5 s)`,
  );
  console.log(
    `  default run: CPU       ${cpu.toFixed(1)} s ${of} (${runs.map((r) => r.cpu.toFixed(1)).join(', ')}): ${(cpu / floorCpu).toFixed(1)}× the floor   (goal: at most 3×)`,
  );
  console.log(`  load average per run   ${runs.map((r) => r.load).join(', ')}`);
  console.log(`  ${report.verdict.summary}`);
}
