import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CosApi } from '../../src/api/multipart.js';
import { configFromEnvironment } from '../../src/config/index.js';
import { Target } from '../../src/http/client.js';
import { cli } from '../helpers/cli.js';

// The standalone emulator prints the settings to use, serves with them until SIGTERM, then stops cleanly.
describe('cos-conformance emulator', () => {
  test('prints COS_* settings that work, and stops cleanly on SIGTERM', async () => {
    let printed = '';
    let settle!: () => void;
    const ready = new Promise<void>((resolve) => (settle = resolve));
    const finished = cli(['emulator', '--port', '0', '--profile', 's3'], {}, (child) => {
      child.stdout!.on('data', (d) => {
        printed += d;
        if (printed.includes('COS_SECRET_KEY=')) settle();
      });
      void ready.then(async () => {
        const env = Object.fromEntries(printed.split('\n').filter((l) => l.startsWith('COS_')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
        const api = new CosApi(new Target(configFromEnvironment({ ...env, COS_ADDRESSING: 'path' })));
        const init = await api.initiate('standalone/key');
        const part = await api.uploadPart('standalone/key', init.value!.uploadId, 1, Buffer.from('hello'));
        expect([init.status, part.status, part.response.headers['x-amz-request-id'] !== undefined]).toEqual([200, 200, true]);
        await api.target.close();
        child.kill('SIGTERM');
      });
    });
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('COS_PROFILE=s3');
    expect(result.stdout).toContain('emulator stopped');
  }, 60_000);

  test('--tls serves HTTPS with a CA file a client trusts through COS_CA_FILE, and removes the file when it stops', async () => {
    let printed = '';
    let settle!: () => void;
    const ready = new Promise<void>((resolve) => (settle = resolve));
    let caFile = '';
    const finished = cli(['emulator', '--port', '0', '--tls'], {}, (child) => {
      child.stdout!.on('data', (d) => {
        printed += d;
        if (printed.includes('COS_CA_FILE=')) settle();
      });
      void ready.then(async () => {
        const env = Object.fromEntries(printed.split('\n').filter((l) => l.startsWith('COS_')).map((l) => l.split(/=(.*)/s).slice(0, 2)));
        caFile = env.COS_CA_FILE!;
        const api = new CosApi(new Target(configFromEnvironment(env)));
        const init = await api.initiate('standalone/tls');
        const part = await api.uploadPart('standalone/tls', init.value!.uploadId, 1, Buffer.from('over TLS'), {}, { expectContinue: 'send-after-100' });
        expect([init.status, part.status]).toEqual([200, 200]);
        await api.target.close();
        child.kill('SIGTERM');
      });
    });
    const result = await finished;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
    expect(existsSync(caFile)).toBe(false);
  }, 60_000);

  test('--list-deviations names every deviation with the requirements it breaks', async () => {
    const result = await cli(['emulator', '--list-deviations']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ignore-reupload\s+breaks UP-04/);
  });
});
