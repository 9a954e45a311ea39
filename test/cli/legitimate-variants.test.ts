import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { cli, readReport } from '../helpers/cli.js';
import { listen } from '../helpers/fake-targets.js';

// Answers the documents allow, though the emulator gives others: a server that gives them is not failed for it.
// Each is the emulator behind a proxy that rewrites one kind of answer into the legitimate variant.
const dir = mkdtempSync(join(tmpdir(), 'legitimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const credentials = { secretId: 'AKIDvariant', secretKey: 'variant-key' };
const temporary = { ...credentials, securityToken: 'variant-token' };
const BUCKET = 'variant-1250000000';

interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

type Rewrite = (req: IncomingMessage, requestBody: Buffer, answer: Upstream) => Upstream;

/** The emulator behind a proxy that buffers each exchange and lets `rewrite` change the answer. */
async function rewriting(
  emulator: RunningEmulator,
  rewrite: Rewrite,
  screen?: (req: IncomingMessage, body: Buffer) => Upstream | undefined,
) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const send = (a: Upstream) => {
        const headers: Record<string, string | string[] | undefined> = { ...a.headers, 'content-length': String(a.body.length) };
        delete headers['transfer-encoding'];
        res.writeHead(a.status, headers).end(a.body);
      };
      const screened = screen?.(req, body);
      if (screened) return send(screened);
      const upstream = request(
        emulator.endpoint,
        { method: req.method, path: req.url, headers: { ...req.headers, 'content-length': String(body.length) } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () =>
            send(rewrite(req, body, { status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) })),
          );
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  return listen(server);
}

async function judgedBehind(
  rewrite: Rewrite,
  args: string[],
  options: { env?: Record<string, string>; emulator?: Partial<EmulatorOptions>; screen?: Parameters<typeof rewriting>[2] } = {},
) {
  const emulator = await startEmulator({
    bucket: BUCKET,
    credentials: [options.env?.COS_SECURITY_TOKEN ? temporary : credentials],
    ...options.emulator,
  });
  const proxy = await rewriting(emulator, rewrite, options.screen);
  try {
    const reportDir = join(dir, args.join('-').replace(/[^\w-]/g, ''));
    const env = {
      COS_ENDPOINT: proxy.url,
      COS_BUCKET: BUCKET,
      COS_SECRET_ID: credentials.secretId,
      COS_SECRET_KEY: credentials.secretKey,
      COS_KEY_PREFIX: 'variant/',
      ...options.env,
    };
    const result = await cli(['run', '--seed', '20261202', '--num-runs', '5', '--report-dir', reportDir, ...args], env);
    return { result, report: readReport(reportDir) };
  } finally {
    await proxy.close();
    await emulator.close();
  }
}

const statusOf = (report: ReturnType<typeof readReport>, id: string) => report.verdict.requirements.find((r) => r.id === id)?.status;
const xml = (text: string): Upstream => ({ status: 200, headers: { 'content-type': 'application/xml' }, body: Buffer.from(text) });

describe('legitimate answers the emulator does not give are not failures', () => {
  test('a completed upload answers a repeated Complete 200 (as AWS S3 does): UP-32 passes, UP-28 records it', async () => {
    const completed = new Map<string, Buffer>();
    const { result, report } = await judgedBehind(
      (req, _body, answer) => {
        const id = /uploadId=([^&]+)/.exec(req.url ?? '')?.[1];
        if (req.method !== 'POST' || !id) return answer;
        if (answer.status === 200) completed.set(id, answer.body);
        else if (completed.has(id)) return xml(completed.get(id)!.toString());
        return answer;
      },
      ['--only', 'UP-32,UP-28'],
    );
    expect(statusOf(report, 'UP-32'), result.stdout.slice(-2000)).toBe('pass');
    expect(statusOf(report, 'UP-28')).toBe('recorded');
    const recorded = report.checks.find((c) => String(c.title).startsWith('UP-28')) as
      | { observations?: Record<string, string> }
      | undefined;
    expect(recorded?.observations?.['Complete, then the same Complete again']).toBe('200, then 200');
  }, 120_000);

  test('a wrong security token answered 400 InvalidToken (as AWS S3 does): UP-35 passes, and records the code', async () => {
    const { result, report } = await judgedBehind(
      (_req, _body, answer) =>
        answer.status === 403 && /security token/.test(answer.body.toString())
          ? { ...answer, status: 400, body: Buffer.from(answer.body.toString().replace('AccessDenied', 'InvalidToken')) }
          : answer,
      ['--only', 'UP-35'],
      { env: { COS_SECURITY_TOKEN: temporary.securityToken } },
    );
    expect(statusOf(report, 'UP-35'), result.stdout.slice(-2000)).toBe('pass');
    expect(JSON.stringify(report.checks)).toContain('400 InvalidToken');
  }, 120_000);

  test('aws-chunked chunks under 8 KiB (but the last) refused with 403 InvalidChunkSizeError, as AWS S3 does: UP-44 passes', async () => {
    let refused = 0;
    let framed = 0;
    const { result, report } = await judgedBehind((_req, _body, answer) => answer, ['--only', 'UP-44', '--profile', 's3'], {
      env: { COS_PROFILE: 's3', COS_ADDRESSING: 'path' },
      emulator: { profile: 's3' },
      screen: (req, body) => {
        if (!/aws-chunked/.test(String(req.headers['content-encoding'] ?? ''))) return undefined;
        framed++;
        const sizes = [...body.toString('latin1').matchAll(/(?:^|\r\n)([0-9a-f]+)(?:;[^\r]*)?\r\n/gi)].map((m) =>
          Number.parseInt(m[1]!, 16),
        );
        const data = sizes.slice(0, sizes.indexOf(0));
        if (!data.slice(0, -1).some((n) => n < 8192)) return undefined;
        refused++;
        return {
          status: 403,
          headers: { 'content-type': 'application/xml' },
          body: Buffer.from(
            '<Error><Code>InvalidChunkSizeError</Code><Message>Only the last chunk is allowed to have a size less than 8192 bytes</Message><RequestId>r</RequestId></Error>',
          ),
        };
      },
    });
    expect(statusOf(report, 'UP-44'), result.stdout.slice(-2000)).toBe('pass');
    expect([framed > 10, refused]).toEqual([true, 0]);
  }, 120_000);

  test('a List Parts answer of another shape is no evidence about overwrites or ETags: UP-04 and UP-15 are inconclusive, not failed', async () => {
    const { result, report } = await judgedBehind(
      (req, _body, answer) =>
        req.method === 'GET' && /uploadId=/.test(req.url ?? '')
          ? { ...answer, body: Buffer.from(answer.body.toString().replace(/ListPartsResult/g, 'ListPartsResponse')) }
          : answer,
      ['--only', 'UP-04,UP-15'],
    );
    expect(statusOf(report, 'UP-04'), result.stdout.slice(-2000)).not.toBe('fail');
    expect(statusOf(report, 'UP-15')).toBe('inconclusive');
    const reasons = report.verdict.requirements.filter((r) => ['UP-04', 'UP-15'].includes(r.id)).map((r) => r.reason ?? '');
    expect(reasons.join(' ')).toMatch(/List Parts answered 200, not 200 with a ListPartsResult/);
  }, 120_000);
});
