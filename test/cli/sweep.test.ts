import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CosApi } from '../../src/api/multipart.js';
import { configFromEnvironment } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { Target } from '../../src/http/client.js';
import { cli } from '../helpers/cli.js';

// sweep cleans up after killed runs: everything under COS_KEY_PREFIX, and nothing outside it.
const credentials = { secretId: 'AKIDsweep', secretKey: 'sweep-key' };
const bucket = 'sweep-1250000000';
let emulator: RunningEmulator;
let api: CosApi;

beforeAll(async () => {
  emulator = await startEmulator({ bucket, credentials: [credentials] });
  const config = configFromEnvironment({
    COS_ENDPOINT: emulator.endpoint.origin,
    COS_BUCKET: bucket,
    COS_SECRET_ID: credentials.secretId,
    COS_SECRET_KEY: credentials.secretKey,
  });
  api = new CosApi(new Target(config));
  for (const key of ['left/run-1/a', 'left/run-2/b', 'other/keep', 'leftover-but-not-prefix']) await api.initiate(key);
  for (const key of ['left/run-1/object', 'other/object']) await api.putObject(key, Buffer.from('x'));
});
afterAll(async () => {
  await api.target.close();
  await emulator.close();
});

const env = () => ({
  COS_ENDPOINT: emulator.endpoint.origin,
  COS_BUCKET: bucket,
  COS_SECRET_ID: credentials.secretId,
  COS_SECRET_KEY: credentials.secretKey,
  COS_KEY_PREFIX: 'left/',
});
const openKeys = () => [...emulator.store.uploads.values()].map((u) => u.key).sort();

describe('cos-conformance sweep', () => {
  test('--dry-run lists what is under the prefix and changes nothing', async () => {
    const result = await cli(['sweep', '--dry-run'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('would abort upload');
    expect(result.stdout).toContain('left/run-1/a');
    expect(result.stdout).toContain('would delete object left/run-1/object');
    expect(result.stdout).not.toContain('other/');
    expect(openKeys()).toEqual(['left/run-1/a', 'left/run-2/b', 'leftover-but-not-prefix', 'other/keep']);
  });

  test('aborts the uploads and deletes the objects under the prefix, and nothing else', async () => {
    const result = await cli(['sweep'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 upload(s), 1 object(s) under left/');
    expect(openKeys()).toEqual(['leftover-but-not-prefix', 'other/keep']);
    expect([...emulator.store.objects.keys()]).toEqual(['other/object']);
  });
});
