/**
 * What a remote target's latency costs: the remote-profile suite (COS_ENDPOINT set, so 10 cases per property and
 * spec files one at a time) against the reference emulator, once through a loopback proxy that delays every chunk
 * in each direction and once direct, with a pinned seed. Prints both wall times, their ratio, the requests each
 * run sent (conformance.json) and each run's verdict line. A run that does not pass fails the benchmark.
 *   npm run bench -- remote [--rtt MS] [--repeat N]
 *     --rtt MS     round-trip time the proxy adds (default 50: 25 ms each way)
 *     --repeat N   N direct and N proxied runs, alternating; the medians are compared (default 1)
 *
 * The emulator runs in this process over HTTPS (a certificate from generateCertificate, trusted by the suite through
 * COS_CA_FILE) so the SSE-C checks run; it knows the run's key set and an expired one, so UP-35 is judged too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/server.js';
import { generateCertificate } from '../src/emulator/tls.js';
import { type ProxyStats, startLatencyProxy } from './latency-proxy.js';
import { median, type RunReport, runSuite } from './suite-run.js';

export const REMOTE_SEED = 20261125;
const BUCKET = 'remote-bench-1250000000';
const REGION = 'ap-guangzhou';

interface Report extends RunReport {
  checks?: Array<{ file: string; durationMs: number; usage: { requests: number } }>;
}

interface RunResult {
  readonly wallSeconds: number;
  readonly code: number | null;
  readonly report: Report;
  readonly output: string;
}

export interface RemoteOptions {
  /** Round-trip time the proxy adds, in milliseconds: half of it each way. */
  readonly rttMs: number;
  readonly repeat: number;
}

async function runRemote(endpoint: string, env: Record<string, string>): Promise<RunResult> {
  const run = await runSuite<Report>({ env: { ...env, COS_ENDPOINT: endpoint } });
  const report = run.report ?? {
    seed: 0,
    numRuns: 0,
    requests: 0,
    bytesSent: 0,
    verdict: { summary: `no conformance.json (exit ${run.code})` },
  };
  return { wallSeconds: run.wallSeconds, code: run.code, report, output: run.output };
}

export async function remoteBenchmark(options: RemoteOptions): Promise<void> {
  const oneWayMs = options.rttMs / 2;
  const key = () => randomBytes(24).toString('base64url');
  const credentials = { secretId: `AKIDbench${randomBytes(8).toString('hex')}`, secretKey: key(), securityToken: `temporary-${key()}` };
  const expired = { secretId: `AKIDexpired${randomBytes(8).toString('hex')}`, secretKey: key(), securityToken: `expired-${key()}` };
  const tls = await generateCertificate();
  const dir = mkdtempSync(join(tmpdir(), 'bench-remote-'));
  const caFile = join(dir, 'emulator-ca.pem');
  writeFileSync(caFile, tls.cert);
  const emulator = await startEmulator({
    bucket: BUCKET,
    region: REGION,
    profile: 'cos',
    credentials: [credentials, { ...expired, expired: true }],
    tls,
  });
  const env = {
    COS_BUCKET: BUCKET,
    COS_REGION: REGION,
    COS_SECRET_ID: credentials.secretId,
    COS_SECRET_KEY: credentials.secretKey,
    COS_SECURITY_TOKEN: credentials.securityToken,
    COS_EXPIRED_SECRET_ID: expired.secretId,
    COS_EXPIRED_SECRET_KEY: expired.secretKey,
    COS_EXPIRED_SECURITY_TOKEN: expired.securityToken,
    COS_CA_FILE: caFile,
    COS_SEED: String(REMOTE_SEED),
    // Both runs at the same concurrency: COS_CONCURRENCY when set, else the suite's default.
    ...(process.env.COS_CONCURRENCY ? { COS_CONCURRENCY: process.env.COS_CONCURRENCY } : {}),
  };
  const direct: RunResult[] = [];
  const proxied: Array<RunResult & { proxy: ProxyStats }> = [];
  let failed: RunResult | undefined;
  try {
    for (let i = 0; i < options.repeat && !failed; i++) {
      const plain = await runRemote(emulator.endpoint.origin, env);
      direct.push(plain);
      if (plain.code !== 0) {
        failed = plain;
        break;
      }
      const proxy = await startLatencyProxy({
        targetHost: emulator.endpoint.hostname,
        targetPort: Number(emulator.endpoint.port),
        delayMs: oneWayMs,
      });
      try {
        const slow = await runRemote(`https://127.0.0.1:${proxy.port}`, env);
        proxied.push({ ...slow, proxy: proxy.stats() });
        if (slow.code !== 0) failed = slow;
      } finally {
        await proxy.close();
      }
    }
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `Remote profile through a loopback proxy adding ${options.rttMs} ms round trip (${oneWayMs} ms each way), and direct; seed ${REMOTE_SEED}`,
  );
  const line = (label: string, r: RunResult) =>
    console.log(
      `  ${label.padEnd(10)} ${r.wallSeconds.toFixed(1).padStart(6)} s  ${String(r.report.requests).padStart(5)} requests  ${r.report.numRuns} cases/property  exit ${r.code}  ${r.report.verdict.summary}`,
    );
  for (const [i, r] of direct.entries()) line(`direct ${i + 1}`, r);
  proxied.forEach((r, i) => {
    line(`proxied ${i + 1}`, r);
    console.log(
      `  ${''.padEnd(10)} proxy: ${r.proxy.connections} connections, ${r.proxy.chunks} chunks, ${(r.proxy.bytes / 1024 ** 2).toFixed(1)} MiB; chunks left on average ${r.proxy.meanLateMs.toFixed(1)} ms (at most ${r.proxy.maxLateMs.toFixed(0)} ms) after their delay`,
    );
  });
  if (failed) {
    console.log(`A run did not pass (exit ${failed.code}): ${failed.report.verdict.summary}`);
    console.log(failed.output.split('\n').slice(-40).join('\n'));
    throw new Error(`the remote-profile run exited ${failed.code}: ${failed.report.verdict.summary}`);
  }
  const directWall = median(direct.map((r) => r.wallSeconds));
  const proxiedWall = median(proxied.map((r) => r.wallSeconds));
  const of = options.repeat > 1 ? `median of ${options.repeat}` : 'one run';
  console.log(`  direct     ${directWall.toFixed(1).padStart(6)} s wall (${of}), ${direct[0]!.report.requests} requests`);
  console.log(`  proxied    ${proxiedWall.toFixed(1).padStart(6)} s wall (${of}), ${proxied[0]!.report.requests} requests`);
  console.log(`  ratio      ${(proxiedWall / directWall).toFixed(2)}×   (goal: at most 2.0× at 25 ms each way)`);
  console.log(
    "  where the proxied run spends its time (the last run; summed durations of each file's checks, which run up to four at a time):",
  );
  for (const line of perFile(proxied[proxied.length - 1]!.report)) console.log(`    ${line}`);
}

/** Per spec file: the summed durations of its checks and the requests they sent, slowest first. */
function perFile(report: Report): string[] {
  const files = new Map<string, { ms: number; requests: number }>();
  for (const check of report.checks ?? []) {
    const entry = files.get(check.file) ?? { ms: 0, requests: 0 };
    entry.ms += check.durationMs;
    entry.requests += check.usage.requests;
    files.set(check.file, entry);
  }
  return [...files]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(
      ([file, { ms, requests }]) => `${file.padEnd(28)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${String(requests).padStart(5)} requests`,
    );
}
