/**
 * Where the default run's CPU goes (issue 24): one default run with every process of it under `--cpu-prof` (the
 * runner, which hosts the embedded emulator, and its vitest workers, which inherit the runner's Node options; Node 20
 * refuses --cpu-prof in NODE_OPTIONS, so it goes on the runner's command line), then each process's
 * samples summed by what they were doing, from the file or built-in module of the function that was running.
 *   npm run bench -- profile [--seed N]
 *
 * Native work is charged to the JavaScript that called it (an MD5 to node:crypto's Hash.update), except a socket's
 * native writes and reads, which on a TLS socket encrypt and decrypt: they are a category of their own. `(program)`
 * is V8 itself (compiling, the inline caches, native code no JavaScript frame owns), `(garbage collector)` its
 * collections; `(idle)` is no CPU and is left out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPassingSuite } from './suite-run.js';

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** What a frame was doing, from its function's file: the first rule that matches names it. */
const CATEGORIES: ReadonlyArray<readonly [string, (url: string, fn: string) => boolean]> = [
  ['V8 (compiling, native code of no frame)', (_u, f) => f === '(program)'],
  ['socket writes and reads (native: TLS encryption, system calls)', (u, f) => u === '' && SOCKET_NATIVES.has(f)],
  ['garbage collection', (_u, f) => f === '(garbage collector)'],
  ['hashing (node:crypto: MD5, SHA, HMAC)', (u) => u.includes('internal/crypto')],
  ['CRC-64 (ours)', (u) => /src\/protocol\/crc/.test(u)],
  ['body generation (AES-CTR keystream)', (u) => /src\/protocol\/body/.test(u)],
  ['x-amz checksums, digests (ours)', (u) => /src\/protocol\/(checksums|digest|aws-chunked)/.test(u) || u.includes('hash-wasm')],
  ['TLS', (u) => /node:(internal\/)?(tls|_tls)|_tls_|internal\/tls/.test(u)],
  [
    'sockets and streams',
    (u) =>
      /node:(internal\/)?(net|stream|streams|internal\/streams)|internal\/stream_base|node:events|internal\/http|node:_http|node:http/.test(
        u,
      ),
  ],
  ['undici (the client)', (u) => u.includes('node_modules/undici')],
  ['files', (u) => /node:(internal\/)?fs/.test(u)],
  ['the emulator', (u) => u.includes('/src/emulator/') || u.includes('/dist/src/emulator/')],
  ['signing', (u) => u.includes('/src/signing/')],
  ['XML (fast-xml-parser, ours)', (u) => u.includes('fast-xml-parser') || /src\/protocol\/(xml|documents)/.test(u)],
  ['the client: requests, exchanges, redaction', (u) => /\/src\/(http|api)\//.test(u)],
  ['fast-check', (u) => u.includes('node_modules/fast-check')],
  ['the harness, specs and generators', (u) => /\/(src\/(harness|generators|model|outcomes)|specs)\//.test(u)],
  ['reports', (u) => /\/src\/(reports|verdict)\//.test(u)],
  [
    'vitest, vite and their start-up',
    (u) =>
      /node_modules\/(vitest|@vitest|vite|tinypool|tinyrainbow|chai|esbuild|rollup|@rollup|pathe|magic-string|es-module-lexer|std-env|tinyglobby|picomatch)/.test(
        u,
      ),
  ],
  ['messages between the runner and its workers (IPC)', (u) => u.includes('internal/child_process')],
  ['promise and tick queues', (u) => u.includes('internal/process/task_queues') || u.includes('internal/async_hooks')],
  ['module loading', (u) => /internal\/modules|node:internal\/vm|internal\/source_map/.test(u)],
  ['other Node.js internals', (u) => u.startsWith('node:')],
  ['other', () => true],
];

/** Native methods of a socket's handle: on a TLS socket a write encrypts, then writes to the kernel. */
const SOCKET_NATIVES = new Set([
  'writev',
  'writeBuffer',
  'writeLatin1String',
  'writeUtf8String',
  'writeAsciiString',
  'read',
  'readStart',
  'shutdown',
]);

const categoryOf = (url: string, fn: string) => CATEGORIES.find(([, test]) => test(url, fn))![0];

/** V8's own entries, which have no caller to charge. */
const V8_ENTRIES = new Set(['(program)', '(garbage collector)', '(idle)', '(root)']);

/** CPU seconds of one profile by category, idle left out. */
function summarise(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  // A native function with no file (a Buffer write, JSON.parse, a microtask run) is charged to the nearest caller
  // that has one: its work is that caller's.
  const charged = (id: number) => {
    let frame = nodes.get(id)!;
    if (V8_ENTRIES.has(frame.functionName) || SOCKET_NATIVES.has(frame.functionName)) return frame;
    for (let at: number | undefined = id; frame.url === '' && at !== undefined; at = parents.get(at)) frame = nodes.get(at)!;
    return frame;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = charged(id);
    if (frame.functionName === '(idle)') return;
    const category = categoryOf(frame.url, frame.functionName);
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1e6);
  });
  return totals;
}

export async function profileBenchmark(options: { seed?: string }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  try {
    const profiles = join(dir, 'profiles');
    const { wallSeconds: wall, report } = await runPassingSuite({
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profiles}`],
      args: options.seed ? ['--seed', options.seed] : [],
    });
    const perProcess = readdirSync(profiles)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => {
        const profile = JSON.parse(readFileSync(join(profiles, f), 'utf8')) as CpuProfile;
        const runner = profile.nodes.some((n) => n.callFrame.url.includes('/src/emulator/server'));
        return { runner, totals: summarise(profile) };
      });
    const sum = (totals: Map<string, number>[]) => {
      const out = new Map<string, number>();
      for (const t of totals) for (const [k, v] of t) out.set(k, (out.get(k) ?? 0) + v);
      return out;
    };
    const runner = sum(perProcess.filter((p) => p.runner).map((p) => p.totals));
    const workers = sum(perProcess.filter((p) => !p.runner).map((p) => p.totals));
    const all = sum([runner, workers]);
    const total = [...all.values()].reduce((a, b) => a + b, 0);
    const seconds = (m: Map<string, number>, k: string) => (m.get(k) ?? 0).toFixed(2);
    console.log(
      `Profile of one default run (seed ${report.seed}: ${report.requests} requests, ${(report.bytesSent / 1048576).toFixed(1)} MiB sent; ${wall.toFixed(1)} s wall under --cpu-prof, load average ${loadavg()[0]!.toFixed(1)} after)`,
    );
    console.log(
      `${perProcess.length} processes profiled: the runner with the embedded emulator, and ${perProcess.length - 1} vitest workers`,
    );
    console.log('');
    console.log('| Where the CPU went | Runner + emulator (s) | Workers (s) | Total (s) | Share |');
    console.log('|---|---:|---:|---:|---:|');
    for (const [category] of [...all].sort((a, b) => b[1] - a[1])) {
      console.log(
        `| ${category} | ${seconds(runner, category)} | ${seconds(workers, category)} | ${seconds(all, category)} | ${((100 * all.get(category)!) / total).toFixed(0)}% |`,
      );
    }
    console.log(
      `| **all** | ${[...runner.values()].reduce((a, b) => a + b, 0).toFixed(2)} | ${[...workers.values()].reduce((a, b) => a + b, 0).toFixed(2)} | ${total.toFixed(2)} | 100% |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
