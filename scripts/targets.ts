/**
 * The suite against servers nobody here wrote, each with a pinned seed and its reviewed expectation file, then
 * against the embedded emulator, then all of them merged into one matrix (reports/targets/merged/).
 *
 *   npm run targets                 Ceph RGW 16.2.15, Swift 2.30.1 (s3api) and s3rver, then the emulator
 *   npm run targets -- rgw swift    only these
 *
 * RGW and Swift come from Debian's packages: scripts/targets/<name>/start.sh installs them if missing and brings
 * the server up on 127.0.0.1 with all its state in a temporary directory; scripts/targets/stop.sh stops exactly
 * the processes it started. Exit 0 when every target matches its expectation file and the emulator conforms.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startS3rver, S3RVER_CREDENTIALS } from '../src/targets/s3rver.js';
import { cli, exec, ROOT } from './lib/exec.js';

const REPORTS = resolve(process.env.COS_JOB_REPORTS ?? join(ROOT, 'reports', 'targets'));
/** The seed and cases the expectation files were reviewed with: a run with them sends the same requests. */
const PINNED = { COS_SEED: process.env.COS_SEED ?? '20261125', COS_NUM_RUNS: process.env.COS_NUM_RUNS ?? '10', COS_REQUEST_TIMEOUT_MS: '10000' };

interface RunningTarget {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

interface TargetDefinition {
  readonly expectations: string;
  start(): Promise<RunningTarget>;
}

/** A server brought up by scripts/targets/<name>/start.sh, which prints its COS_* settings. */
function scripted(name: string): TargetDefinition['start'] {
  return async () => {
    const state = mkdtempSync(join(tmpdir(), `cos-target-${name}-`));
    const started = await exec(join(ROOT, 'scripts/targets', name, 'start.sh'), [state], {}, true);
    const stop = async () => void (await exec(join(ROOT, 'scripts/targets/stop.sh'), [state]));
    if (started.code !== 0) {
      await stop();
      throw new Error(`scripts/targets/${name}/start.sh exited ${started.code}`);
    }
    const env = Object.fromEntries(
      readFileSync(join(state, 'env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    return { env, stop };
  };
}

const TARGETS: Record<string, TargetDefinition> = {
  rgw: { expectations: 'fixtures/expectations/rgw-16.2.15.json', start: scripted('rgw') },
  swift: { expectations: 'fixtures/expectations/swift-2.30.1.json', start: scripted('swift') },
  s3rver: {
    expectations: 'fixtures/expectations/s3rver.json',
    async start() {
      const s3rver = await startS3rver();
      const env = { COS_ENDPOINT: s3rver.endpoint, COS_BUCKET: s3rver.bucket, COS_REGION: 'us-east-1', COS_SECRET_ID: S3RVER_CREDENTIALS.secretId, COS_SECRET_KEY: S3RVER_CREDENTIALS.secretKey, COS_PROFILE: 's3', COS_SIGNATURE: 'sigv4', COS_ADDRESSING: 'path' };
      return {
        env,
        async stop() {
          if (s3rver.crashes.length > 0) console.log(`s3rver crashed ${s3rver.crashes.length} time(s) while serving: ${[...new Set(s3rver.crashes)].join('; ')}`);
          await s3rver.close();
        },
      };
    },
  },
};

async function main(): Promise<number> {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
  const unknown = names.filter((n) => !TARGETS[n]);
  if (unknown.length) {
    console.error(`targets: unknown target ${unknown.join(', ')} (known: ${Object.keys(TARGETS).join(', ')})`);
    return 2;
  }
  const results: Array<{ name: string; code: number; seconds: number }> = [];
  for (const name of names) {
    const began = Date.now();
    console.log(`\n=== ${name}: starting`);
    let code: number;
    try {
      const target = await TARGETS[name]!.start();
      try {
        console.log(`=== ${name}: running the suite against ${target.env.COS_ENDPOINT}`);
        code = (await cli(['run', '--expectations', join(ROOT, TARGETS[name]!.expectations), '--report-dir', join(REPORTS, name)], { ...target.env, ...PINNED })).code;
      } finally {
        await target.stop();
      }
    } catch (error) {
      console.error(`=== ${name}: ${(error as Error).message}`);
      code = 3;
    }
    results.push({ name, code, seconds: (Date.now() - began) / 1000 });
  }
  const began = Date.now();
  console.log('\n=== embedded emulator');
  results.push({ name: 'emulator', code: (await cli(['run', '--report-dir', join(REPORTS, 'emulator')], PINNED)).code, seconds: (Date.now() - began) / 1000 });
  const reported = results.filter((r) => existsSync(join(REPORTS, r.name, 'conformance.json'))).map((r) => join(REPORTS, r.name));
  await cli(['report', ...reported, '--out', join(REPORTS, 'merged'), '--baseline', join(ROOT, 'fixtures/matrix/targets.json')], {});
  console.log('');
  for (const r of results) console.log(`${r.name.padEnd(9)} exit ${r.code}  ${r.seconds.toFixed(1)} s`);
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

process.exitCode = await main();
