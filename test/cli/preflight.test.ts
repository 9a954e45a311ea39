import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { speaksStorage } from '../../src/cli/preflight.js';
import { startEmulator } from '../../src/emulator/server.js';
import { generateCertificate } from '../../src/emulator/tls.js';
import { cli, readReport, readStatuses } from '../helpers/cli.js';
import { answeringWith, errorXml, type FakeTarget, plainWebServer } from '../helpers/fake-targets.js';

// The run's first requests decide whether there is a COS or S3 server to judge at all. An endpoint that is something
// else (a web server) stops the run there, saying what answered; a server that breaks the rules in a form COS or S3
// use is judged, never turned away.
const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const settings = (url: string) => ({
  COS_ENDPOINT: url,
  COS_BUCKET: 'preflight-1250000000',
  COS_SECRET_ID: 'AKIDpreflight',
  COS_SECRET_KEY: 'preflight-key',
  COS_KEY_PREFIX: 'preflight/',
  COS_REQUEST_TIMEOUT_MS: '5000',
});

async function serving<T>(start: Promise<FakeTarget>, use: (url: string) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await use(server.url);
  } finally {
    await server.close();
  }
}

describe('what counts as an answer from COS or S3', () => {
  const answer = (headers: Record<string, string>, body: string) => ({ headers, body: Buffer.from(body) });
  test.each([
    ['an XML <Error> without a request id', answer({}, errorXml('NoSuchKey')), true],
    ['a plain-text error with x-cos-request-id', answer({ 'x-cos-request-id': 'abc' }, 'NoSuchKey: gone\n'), true],
    ['an empty 404 with x-amz-request-id', answer({ 'x-amz-request-id': 'abc' }, ''), true],
    [
      'a result document with a declaration and a comment',
      answer(
        {},
        '<?xml version="1.0"?>\n<!-- s3 -->\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></ListBucketResult>',
      ),
      true,
    ],
    ['an HTML page', answer({ 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>Index of /</title></head></html>'), false],
    [
      'an XHTML page',
      answer(
        {},
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html xmlns="http://www.w3.org/1999/xhtml"></html>',
      ),
      false,
    ],
    ['JSON', answer({ 'content-type': 'application/json' }, '{"error":"not found"}'), false],
    ['plain text', answer({}, 'Not Found'), false],
    ['an empty body', answer({}, ''), false],
  ])('%s: %s', (_what, response, speaks) => {
    expect(speaksStorage(response)).toBe(speaks);
  });
});

describe('an endpoint that is not COS or S3', () => {
  test('a plain web server: one line saying what answered, exit 3, within seconds, no check run', async () => {
    await serving(plainWebServer(), async (url) => {
      const reportDir = join(dir, 'web');
      const began = Date.now();
      const result = await cli(['run', '--report-dir', reportDir], settings(url));
      expect(result.code, result.stdout + result.stderr).toBe(3);
      const lines = result.stdout
        .trim()
        .split('\n')
        .filter((l) => /does not answer as COS or S3/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^cos-conformance: the target http:\/\/127\.0\.0\.1:\d+ does not answer as COS or S3 \(Server: plain-web\/1\.0\): List Multipart Uploads \(GET \/\?uploads&prefix=preflight%2F\) answered 200 text\/html "Index of \/", and GET of an object that does not exist \(GET \/preflight\/preflight-[0-9a-f]+-never-written\) answered 404 text\/html "404 Not Found", neither with an XML body nor a request id; is COS_ENDPOINT the storage endpoint\?$/,
      );
      expect(result.stdout).not.toMatch(/✓|✗|NOT conformant/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(Date.now() - began).toBeLessThan(20_000);
      const report = readReport(reportDir);
      expect(report.verdict.kind).toBe('no-verdict');
      expect(report.verdict.summary).toMatch(/no verdict: the target .* does not answer as COS or S3/);
    });
  }, 60_000);

  test('a JSON API answering 404 to everything: exit 3', async () => {
    await serving(answeringWith(404, { 'content-type': 'application/json' }, '{"error":"not found"}'), async (url) => {
      const result = await cli(['run', '--report-dir', join(dir, 'json')], settings(url));
      expect(result.code, result.stdout).toBe(3);
      expect(result.stdout).toMatch(
        /does not answer as COS or S3: List Multipart Uploads .* answered 404 application\/json "\{"error":"not found"\}"/,
      );
    });
  }, 60_000);

  test('a server answering proper XML errors, without a request id, is judged: its checks run', async () => {
    await serving(answeringWith(500, { 'content-type': 'application/xml' }, errorXml('InternalError')), async (url) => {
      const reportDir = join(dir, 'xml-errors');
      const result = await cli(['run', '--only', 'UP-06,UP-30', '--num-runs', '3', '--report-dir', reportDir], settings(url));
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).not.toMatch(/does not answer as COS or S3/);
      expect(readStatuses(reportDir)).toMatchObject({ 'UP-30': 'fail' });
    });
  }, 60_000);

  test('a server answering plain-text errors with a request id is judged too (UP-21 is what it breaks)', async () => {
    await serving(
      answeringWith(
        404,
        { 'content-type': 'text/plain', 'x-cos-request-id': 'plain-1' },
        'NoSuchUpload: The specified upload does not exist.\n',
      ),
      async (url) => {
        const reportDir = join(dir, 'plain-errors');
        const result = await cli(['run', '--only', 'UP-21', '--num-runs', '3', '--report-dir', reportDir], settings(url));
        expect(result.stdout).not.toMatch(/does not answer as COS or S3/);
        expect(result.code, result.stdout).toBe(1);
        expect(Object.keys(readStatuses(reportDir))).toContain('UP-21');
      },
    );
  }, 60_000);
});

describe('an HTTPS endpoint whose certificate is not trusted', () => {
  test('a self-signed certificate names COS_CA_FILE; a CA file of another certificate says so; the right one runs', async () => {
    const [served, other] = await Promise.all([generateCertificate(), generateCertificate()]);
    const credentials = { secretId: 'AKIDpreflight', secretKey: 'preflight-key' };
    const emulator = await startEmulator({ bucket: 'preflight-1250000000', credentials: [credentials], tls: served });
    try {
      const url = emulator.endpoint.origin;
      expect(url).toMatch(/^https:/);
      const untrusted = await cli(['run', '--report-dir', join(dir, 'tls-untrusted')], settings(url));
      expect(untrusted.code, untrusted.stdout + untrusted.stderr).toBe(3);
      const line = untrusted.stdout
        .trim()
        .split('\n')
        .find((l) => l.startsWith('cos-conformance:'));
      expect(line).toMatch(/could not be reached: .*self-signed certificate.* set COS_CA_FILE to the PEM file of the CA that signed it/);

      const wrongCa = join(dir, 'other-ca.pem');
      writeFileSync(wrongCa, other.cert);
      const wrong = await cli(['run', '--report-dir', join(dir, 'tls-wrong')], { ...settings(url), COS_CA_FILE: wrongCa });
      expect(wrong.code).toBe(3);
      expect(wrong.stdout).toMatch(/COS_CA_FILE is set, but holds no certificate that signed the target's/);

      const rightCa = join(dir, 'ca.pem');
      writeFileSync(rightCa, served.cert);
      const trusted = await cli(['run', '--only', 'UP-06', '--num-runs', '3', '--report-dir', join(dir, 'tls-trusted')], {
        ...settings(url),
        COS_CA_FILE: rightCa,
      });
      expect(trusted.code, trusted.stdout).toBe(0);
    } finally {
      await emulator.close();
    }
  }, 90_000);
});
