import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// scripts/targets/s3rver/start.sh: stock s3rver in a process of its own, restarted on the same port with the same
// data when run again on its state directory (what a restart of a crashed target needs), stopped by stop.sh.
const run = promisify(execFile);
const START = join(ROOT, 'scripts/targets/s3rver/start.sh');
const STOP = join(ROOT, 'scripts/targets/stop.sh');
let state = '';
afterAll(async () => {
  if (state) await run(STOP, [state]);
});

const settingsOf = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
const pidOf = () => Number(readFileSync(join(state, 'pids'), 'utf8').trim());
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe('scripts/targets/s3rver/start.sh', () => {
  test('starts s3rver on loopback; run again after a crash, it serves the same port and the same data; stop.sh ends it', async () => {
    state = await mkdtemp(join(tmpdir(), 'cos-target-s3rver-test-'));
    const first = settingsOf((await run(START, [state])).stdout);
    expect(first).toMatchObject({
      COS_BUCKET: 'conformance',
      COS_SECRET_ID: 'S3RVER',
      COS_PROFILE: 's3',
      COS_SIGNATURE: 'sigv4',
      COS_ADDRESSING: 'path',
    });
    expect(first.COS_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(join(state, 'env'), 'utf8').trim()).toBe(
      Object.entries(first)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const object = `${first.COS_ENDPOINT}/conformance/kept`;
    expect((await fetch(object, { method: 'PUT', body: 'before the crash' })).status).toBe(200);

    // The crash the suite meets: Initiate, then Complete naming part 1, never uploaded. s3rver accepts unsigned
    // requests, so the bytes that matter are the method, the query and the body.
    const crashed = pidOf();
    const initiated = await (await fetch(`${first.COS_ENDPOINT}/conformance/crash?uploads`, { method: 'POST' })).text();
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(initiated)?.[1];
    expect(uploadId).toBeDefined();
    const complete =
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag></Part></CompleteMultipartUpload>';
    await expect(
      fetch(`${first.COS_ENDPOINT}/conformance/crash?uploadId=${uploadId}`, {
        method: 'POST',
        body: complete,
        headers: { 'content-type': 'application/xml' },
      }),
    ).rejects.toThrow();
    expect(await gone(crashed)).toBe(true);
    expect(readFileSync(join(state, 's3rver.log'), 'utf8')).toMatch(/Unhandled 'error' event[\s\S]*ENOENT[^\n]*\._S3rver_uploads/);

    const second = settingsOf((await run(START, [state])).stdout);
    expect(second).toEqual(first);
    expect(pidOf()).not.toBe(crashed);
    expect(await (await fetch(object)).text()).toBe('before the crash');

    // Run again while it is alive: the running one is stopped first, and the new one takes its port.
    const running = pidOf();
    expect(settingsOf((await run(START, [state])).stdout)).toEqual(first);
    expect(await gone(running)).toBe(true);
    const last = pidOf();
    expect(alive(last)).toBe(true);

    await run(STOP, [state]);
    expect(await gone(last)).toBe(true);
    expect(existsSync(state)).toBe(false);
    state = '';
  }, 60_000);
});
