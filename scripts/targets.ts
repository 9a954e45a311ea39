/**
 * The suite against servers nobody here wrote, each with a pinned seed and its reviewed expectation file, then
 * against the embedded emulator, then all of them merged into one matrix (reports/targets/merged/).
 *
 *   npm run targets                     Ceph RGW 16.2.15 over HTTP and over HTTPS, Swift 2.30.1 (s3api) and
 *                                       stock s3rver, then the emulator
 *   npm run targets -- rgw-https swift  only these
 *
 * Every server runs in processes of its own, brought up by scripts/targets/<server>/start.sh with all its state in
 * a temporary directory and stopped by scripts/targets/stop.sh, which stops exactly the processes it started. The
 * two RGW targets are one gateway serving both plain HTTP and HTTPS (start.sh --https), each with a bucket of its
 * own: the cluster starts once when both run, and the plain-HTTP target runs on the same gateway configuration
 * whether or not the HTTPS one runs beside it. A server that crashes (stock s3rver does, on a Complete naming a part
 * never uploaded) is restarted by the run itself (`run --restart`, with its start.sh, which restarts it on the same
 * port with the same data), so its run still gets a verdict, the same every time. Exit 0 when every target matches
 * its expectation file and the emulator conforms.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, exec, ROOT } from './lib/exec.js';

const REPORTS = resolve(process.env.COS_JOB_REPORTS ?? join(ROOT, 'reports', 'targets'));
/** The seed and cases the expectation files were reviewed with: a run with them sends the same requests. */
const PINNED = {
  COS_SEED: process.env.COS_SEED ?? '20261125',
  COS_NUM_RUNS: process.env.COS_NUM_RUNS ?? '10',
  COS_REQUEST_TIMEOUT_MS: '10000',
};

/** A server scripts/targets/<name>/start.sh brings up; several targets may run on one start of it. */
interface ServerDefinition {
  readonly args: readonly string[];
  /** The server's own log in its state directory, copied next to the reports (it holds the stack of a crash). */
  readonly log?: string;
}

interface TargetDefinition {
  readonly server: string;
  /** The file of the server's state directory with this target's COS_* settings. */
  readonly env: string;
  readonly expectations: string;
  /** The run restarts the server with its start.sh when it stops answering (`run --restart`). */
  readonly restart?: boolean;
}

const SERVERS: Record<string, ServerDefinition> = {
  rgw: { args: ['--https'] },
  swift: { args: [] },
  // Re-running its start.sh on the same state directory restarts it on the same port with the same data: the
  // command a restart setting of `run` names.
  s3rver: { args: [], log: 's3rver.log' },
};

const TARGETS: Record<string, TargetDefinition> = {
  rgw: { server: 'rgw', env: 'env.http', expectations: 'fixtures/expectations/rgw-16.2.15.json' },
  'rgw-https': { server: 'rgw', env: 'env', expectations: 'fixtures/expectations/rgw-16.2.15-https.json' },
  swift: { server: 'swift', env: 'env', expectations: 'fixtures/expectations/swift-2.30.1.json' },
  s3rver: { server: 's3rver', env: 'env', expectations: 'fixtures/expectations/s3rver.json', restart: true },
};

interface RunningServer {
  readonly state: string;
  stop(): Promise<void>;
}

async function startServer(name: string): Promise<RunningServer> {
  const state = mkdtempSync(join(tmpdir(), `cos-target-${name}-`));
  const stop = async () => void (await exec(join(ROOT, 'scripts/targets/stop.sh'), [state]));
  const started = await exec(join(ROOT, 'scripts/targets', name, 'start.sh'), [state, ...SERVERS[name]!.args], {}, true);
  if (started.code !== 0) {
    await stop();
    throw new Error(`scripts/targets/${name}/start.sh exited ${started.code}`);
  }
  return { state, stop };
}

function settings(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
  const unknown = names.filter((n) => !TARGETS[n]);
  if (unknown.length) {
    console.error(`targets: unknown target ${unknown.join(', ')} (known: ${Object.keys(TARGETS).join(', ')})`);
    return 2;
  }
  const results: Array<{ name: string; code: number; ok: boolean; seconds: number; note?: string }> = [];
  const running = new Map<string, Promise<RunningServer>>();
  for (const [i, name] of names.entries()) {
    const target = TARGETS[name]!;
    const began = Date.now();
    let code: number;
    let ok = false;
    let note: string | undefined;
    if (!running.has(target.server)) {
      console.log(`\n=== ${target.server}: starting`);
      running.set(target.server, startServer(target.server));
    }
    const server = running.get(target.server)!;
    try {
      const { state } = await server;
      const env = settings(join(state, target.env));
      const reportDir = join(REPORTS, name);
      console.log(`\n=== ${name}: running the suite against ${env.COS_ENDPOINT}`);
      const restart = target.restart ? ['--restart', `${join(ROOT, 'scripts/targets', target.server, 'start.sh')} ${state}`] : [];
      code = (
        await cli(['run', '--expectations', join(ROOT, target.expectations), '--report-dir', reportDir, ...restart], { ...env, ...PINNED })
      ).code;
      ok = code === 0;
      const log = SERVERS[target.server]!.log;
      if (log && existsSync(join(state, log)) && existsSync(reportDir)) copyFileSync(join(state, log), join(reportDir, 'server.log'));
      const stops = existsSync(join(reportDir, 'conformance.json'))
        ? ((JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { targetStops?: unknown[] }).targetStops?.length ?? 0)
        : 0;
      if (stops > 0) note = `stopped answering ${stops} time(s)${target.restart ? ', restarted by the run' : ''}`;
    } catch (error) {
      console.error(`=== ${name}: ${(error as Error).message}`);
      code = 3;
    }
    // The server stops after the last target that runs on it.
    if (!names.slice(i + 1).some((n) => TARGETS[n]!.server === target.server)) {
      await server.then((s) => s.stop()).catch(() => undefined);
    }
    results.push({ name, code, ok, seconds: (Date.now() - began) / 1000, ...(note ? { note } : {}) });
  }
  const began = Date.now();
  console.log('\n=== embedded emulator');
  const emulator = (await cli(['run', '--report-dir', join(REPORTS, 'emulator')], PINNED)).code;
  results.push({ name: 'emulator', code: emulator, ok: emulator === 0, seconds: (Date.now() - began) / 1000 });
  const reported = results.filter((r) => existsSync(join(REPORTS, r.name, 'conformance.json'))).map((r) => join(REPORTS, r.name));
  await cli(['report', ...reported, '--out', join(REPORTS, 'merged'), '--baseline', join(ROOT, 'fixtures/matrix/targets.json')], {});
  console.log('');
  for (const r of results) console.log(`${r.name.padEnd(9)} exit ${r.code}  ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
