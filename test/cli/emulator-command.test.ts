import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CosApi } from '../../src/api/multipart.js';
import { configFromEnvironment } from '../../src/config/index.js';
import { Target } from '../../src/http/client.js';
import { cli } from '../helpers/cli.js';
import { startEmulatorProcess } from '../helpers/emulator-process.js';
import { signedHead } from '../helpers/signed-head.js';
import { exchange, type WireOutcome } from '../helpers/wire-exchange.js';

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
        const env = Object.fromEntries(
          printed
            .split('\n')
            .filter((l) => l.startsWith('COS_'))
            .map((l) => l.split(/=(.*)/s).slice(0, 2)),
        );
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
        const env = Object.fromEntries(
          printed
            .split('\n')
            .filter((l) => l.startsWith('COS_'))
            .map((l) => l.split(/=(.*)/s).slice(0, 2)),
        );
        caFile = env.COS_CA_FILE!;
        // Virtual-host clients (the COS SDK) verify the certificate against <bucket>.localhost.
        expect(new X509Certificate(readFileSync(caFile)).checkHost(`${env.COS_BUCKET}.localhost`)).toBe(`${env.COS_BUCKET}.localhost`);
        const api = new CosApi(new Target(configFromEnvironment(env)));
        const init = await api.initiate('standalone/tls');
        const part = await api.uploadPart(
          'standalone/tls',
          init.value!.uploadId,
          1,
          Buffer.from('over TLS'),
          {},
          { expectContinue: 'send-after-100' },
        );
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

  test.each([
    ['a temporary data directory: removed', []],
    ['--data-dir: kept, holding only the stored part', ['--data-dir']],
  ])(
    'SIGTERM during uploads, %s; what was in flight answered or closed, exit 0 within the grace',
    async (_, extra) => {
      const given = extra.length > 0 ? mkdtempSync(join(tmpdir(), 'wt17-emulator-data-')) : undefined;
      const emulator = await startEmulatorProcess(given ? ['--data-dir', given] : []);
      try {
        const api = new CosApi(new Target(emulator.config));
        const key = 'stop/key';
        const uploadId = (await api.initiate(key)).value!.uploadId;
        await api.target.close();
        const port = Number(emulator.config.endpoint!.port);
        const body = Buffer.alloc(256 * 1024, 7);
        const head = (partNumber: number) =>
          signedHead(
            emulator.config,
            'PUT',
            key,
            [
              ['partNumber', String(partNumber)],
              ['uploadId', uploadId],
            ],
            [['Content-Length', String(body.length)]],
          );
        // One upload that never finishes its body, one that finishes it during the grace, one idle connection.
        const stalled = exchange(
          port,
          [
            { kind: 'write', bytes: Buffer.concat([head(1), body.subarray(0, 1000)]) },
            { kind: 'pause', ms: 20_000 },
          ],
          { timeoutMs: 20_000 },
        );
        const finishing = exchange(
          port,
          [
            { kind: 'write', bytes: Buffer.concat([head(2), body.subarray(0, 1000)]) },
            { kind: 'pause', ms: 600 },
            { kind: 'write', bytes: body.subarray(1000) },
            { kind: 'pause', ms: 20_000 },
          ],
          { timeoutMs: 20_000 },
        );
        const idle = exchange(port, [{ kind: 'pause', ms: 20_000 }], { timeoutMs: 20_000 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const stopAsked = Date.now();
        emulator.child.kill('SIGTERM');
        const [result, stalledOutcome, finishingOutcome, idleOutcome] = await Promise.all([emulator.finished, stalled, finishing, idle]);
        const stopSeconds = (Date.now() - stopAsked) / 1000;
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('emulator stopped');
        expect(stopSeconds).toBeLessThan(8);
        expect(describeEnding(stalledOutcome)).toBe('closed');
        expect(describeEnding(finishingOutcome)).toBe('200, Connection: close');
        expect(describeEnding(idleOutcome)).toBe('closed');
        if (given) {
          // The finished part's body stays (the directory is the user's); the cut-off body is gone.
          expect(readdirSync(given)).toHaveLength(1);
        } else expect(existsSync(emulator.dataDir)).toBe(false);
      } finally {
        emulator.child.kill('SIGKILL');
        if (given) rmSync(given, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

const describeEnding = (outcome: WireOutcome) =>
  outcome.answer ? `${outcome.answer.status}, Connection: ${outcome.answer.headers.connection ?? 'keep-alive'}` : outcome.ending;
