/**
 * The s3rver job: the suite against s3rver (an S3 emulator in Node that nobody here wrote) under the s3 profile,
 * SigV4 and path-style addressing, checked against fixtures/expectations/s3rver.json; then against the embedded
 * emulator; then both merged into one report. s3rver is stopped afterwards whatever happened.
 *
 *   npm run s3rver-job            exit 0 when s3rver matches its expectation file
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startS3rver, S3RVER_CREDENTIALS } from '../src/targets/s3rver.js';

const ROOT = resolve(import.meta.dirname, '..');
const REPORTS = resolve(process.env.COS_JOB_REPORTS ?? join(ROOT, 'reports'));

function cli(args: string[], env: Record<string, string>): Promise<number> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: 'inherit' });
    child.on('close', (code) => done(code ?? 1));
  });
}

async function main(): Promise<number> {
  const s3rver = await startS3rver();
  let s3rverExit: number;
  try {
    console.log(`s3rver listening on ${s3rver.endpoint}`);
    s3rverExit = await cli(
      ['run', '--expectations', join(ROOT, 'fixtures/expectations/s3rver.json'), '--report-dir', join(REPORTS, 's3rver')],
      {
        COS_ENDPOINT: s3rver.endpoint,
        COS_BUCKET: s3rver.bucket,
        COS_REGION: 'us-east-1',
        COS_SECRET_ID: S3RVER_CREDENTIALS.secretId,
        COS_SECRET_KEY: S3RVER_CREDENTIALS.secretKey,
        COS_PROFILE: 's3',
        COS_SIGNATURE: 'sigv4',
        COS_ADDRESSING: 'path',
        // A fixed seed: the expectation file records what s3rver does with exactly these cases.
        COS_SEED: process.env.COS_SEED ?? '20261125',
        COS_NUM_RUNS: process.env.COS_NUM_RUNS ?? '10',
        COS_REQUEST_TIMEOUT_MS: '5000',
      },
    );
    if (s3rver.crashes.length > 0) console.log(`s3rver crashed ${s3rver.crashes.length} time(s) while serving: ${[...new Set(s3rver.crashes)].join('; ')}`);
  } finally {
    await s3rver.close();
  }
  const emulatorExit = await cli(['run', '--report-dir', join(REPORTS, 'emulator'), '--num-runs', '10'], {});
  await cli(['report', join(REPORTS, 'emulator'), join(REPORTS, 's3rver'), '--out', join(REPORTS, 'merged')], {});
  console.log(`s3rver run: exit ${s3rverExit}; embedded emulator run: exit ${emulatorExit}`);
  return s3rverExit !== 0 ? s3rverExit : emulatorExit;
}

process.exitCode = await main();
