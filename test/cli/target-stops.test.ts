import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { cli, readReport } from '../helpers/cli.js';

// A target that crashes: the emulator behind a proxy that dies for good on one request (as stock s3rver dies on a
// Complete naming a part never uploaded), and comes back on the same port when the restart command asks.
const dir = mkdtempSync(join(tmpdir(), 'target-stops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const credentials = { secretId: 'AKIDcrashing', secretKey: 'crashing-key' };
const BUCKET = 'crashing-1250000000';
const env = (url: string) => ({
  COS_ENDPOINT: url,
  COS_BUCKET: BUCKET,
  COS_SECRET_ID: credentials.secretId,
  COS_SECRET_KEY: credentials.secretKey,
  COS_REQUEST_TIMEOUT_MS: '3000',
  COS_KEY_PREFIX: 'crashing/',
});
const ONLY = ['--only', 'UP-06,UP-07,UP-08,UP-13', '--seed', '20261202', '--num-runs', '4'];

/** Upload Part with partNumber 10000 (UP-07's first case) kills the "server"; `restartFile` brings it back. */
async function crashingTarget(emulator: RunningEmulator, restartFile: string) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    server = createServer((req, res) => {
      if (req.method === 'PUT' && /partNumber=10000(&|$)/.test(req.url ?? '')) {
        server!.close();
        for (const s of sockets) s.destroy();
        return;
      }
      const upstream = request(emulator.endpoint, { method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  await listen();
  writeFileSync(restartFile, '');
  const watcher = watch(restartFile, () => {
    if (!server?.listening) void listen();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      watcher.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

describe('a target that stops answering', () => {
  test('without --restart: the run stops sending, says where, reports what it could not judge as not run (never a failure), exit 3', async () => {
    const emulator = await startEmulator({ bucket: BUCKET, credentials: [credentials] });
    const target = await crashingTarget(emulator, join(dir, 'restart-none'));
    try {
      const reportDir = join(dir, 'stopped');
      const result = await cli(['run', ...ONLY, '--report-dir', reportDir], env(target.url));
      expect(result.code, result.stdout + result.stderr).toBe(3);
      const report = readReport(reportDir) as ReturnType<typeof readReport> & {
        targetStops?: Array<{ restarted: boolean; records: Array<{ request: string }> }>;
      };
      // The first record is whichever worker found the target gone first: the crashing request, or one beside it.
      expect(report.verdict.summary).toMatch(
        /the target stopped answering \((PUT|GET|POST|DELETE|HEAD) .*\): no verdict \(\d+ requirements not run because of it\)/,
      );
      expect(report.targetStops?.[0]).toMatchObject({ restarted: false });
      expect(report.targetStops![0]!.records.map((r) => r.request).join()).toContain('partNumber=10000');
      expect(report.verdict.requirements.find((r) => r.id === 'UP-07')?.status).toBe('not-run');
      expect(report.verdict.requirements.map((r) => r.status)).not.toContain('fail');
      expect(result.stdout).toMatch(/The target stopped answering:\n(\s+in flight: .*\n)*\s+in flight: PUT .*partNumber=10000/);
      expect(result.stdout).toMatch(/last answered: /);
    } finally {
      await target.close();
      await emulator.close();
    }
  }, 120_000);

  test('with --restart: the checks it cut short run again one at a time, the check that stops it is named, and two runs give the same statuses', async () => {
    const emulator = await startEmulator({ bucket: BUCKET, credentials: [credentials] });
    const restartFile = join(dir, 'restart-file');
    const target = await crashingTarget(emulator, restartFile);
    const expectations = join(dir, 'crashing.json');
    writeFileSync(
      expectations,
      JSON.stringify({
        target: 'a crashing target',
        expectedFailures: [{ id: 'UP-07', status: 'error', reason: 'Upload Part with partNumber 10000 kills the server' }],
      }),
    );
    try {
      const statuses: Array<Record<string, string>> = [];
      for (const run of [1, 2]) {
        const reportDir = join(dir, `restarted-${run}`);
        const result = await cli(
          ['run', ...ONLY, '--restart', `touch ${restartFile}`, '--expectations', expectations, '--report-dir', reportDir],
          env(target.url),
        );
        expect(result.code, result.stdout.slice(-3000) + result.stderr).toBe(0);
        expect(result.stdout).toMatch(/restarting it: touch /);
        const report = readReport(reportDir) as ReturnType<typeof readReport> & {
          targetStops?: Array<{ check?: string; restarted: boolean }>;
        };
        expect(report.verdict.summary).toMatch(
          /the target stopped \d+ time\(s\) and was restarted, during "UP-07 Upload Part with partNumber 10000/,
        );
        expect(report.targetStops?.every((s) => s.restarted)).toBe(true);
        expect(report.targetStops?.some((s) => s.check?.startsWith('UP-07 '))).toBe(true);
        statuses.push(
          Object.fromEntries(
            report.verdict.requirements
              .filter((r) => r.status !== 'not-run' || ['UP-06', 'UP-07', 'UP-08', 'UP-13'].includes(r.id))
              .map((r) => [r.id, r.status]),
          ),
        );
      }
      expect(statuses[0]).toEqual({ 'UP-06': 'pass', 'UP-07': 'expected-fail', 'UP-08': 'pass', 'UP-13': 'pass' });
      expect(statuses[1]).toEqual(statuses[0]);
    } finally {
      await target.close();
      await emulator.close();
      if (existsSync(restartFile)) rmSync(restartFile);
    }
  }, 240_000);

  test('a target that signs a query value with %2F differently from the SDKs: the preflight says so rather than blame the key, and the run judges', async () => {
    const emulator = await startEmulator({ bucket: BUCKET, credentials: [credentials] });
    const sockets = new Set<Socket>();
    const server = createServer((req, res) => {
      if (/%2F/i.test((req.url ?? '').split('?')[1] ?? '')) {
        req.resume();
        req.on('end', () =>
          res
            .writeHead(403, { 'content-type': 'application/xml' })
            .end('<Error><Code>SignatureDoesNotMatch</Code><Message>x</Message><RequestId>r</RequestId></Error>'),
        );
        return;
      }
      const upstream = request(emulator.endpoint, { method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reportDir = join(dir, 'canonical');
      const result = await cli(
        ['run', '--only', 'UP-06', '--num-runs', '3', '--report-dir', reportDir],
        env(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
      );
      expect(result.stdout + result.stderr).toMatch(/canonicalises differently from the SDKs, not a wrong key/);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(
        JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')).verdict.requirements.find(
          (r: { id: string }) => r.id === 'UP-06',
        ).status,
      ).toBe('pass');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
    }
  }, 120_000);
});
