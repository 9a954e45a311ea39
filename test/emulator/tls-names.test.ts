import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateCertificate, type TlsCertificate } from '../../src/emulator/tls.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// The certificate covers every name a client reaches the emulator by, so clients keep verification on: the
// addresses and localhost (path-style clients), and `<bucket>.localhost` for virtual-host clients such as the COS
// SDK, whose Domain always carries the bucket and whose TLS server name is taken from that Host.
const BUCKET = 'conformance-1250000000';

describe('the emulator certificate', () => {
  let certificate: TlsCertificate;
  beforeAll(async () => {
    certificate = await generateCertificate({ virtualHostBuckets: [BUCKET] });
  });

  test('names 127.0.0.1, ::1, localhost and <bucket>.localhost', () => {
    const x509 = new X509Certificate(certificate.cert);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBeDefined();
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkHost(`${BUCKET}.localhost`)).toBe(`${BUCKET}.localhost`);
    expect(x509.checkHost(`other-1250000000.localhost`)).toBeUndefined();
  });

  test('without buckets it names no virtual host; a bucket name that is not a DNS label is left out', async () => {
    const plain = new X509Certificate((await generateCertificate()).cert);
    expect(plain.checkHost(`${BUCKET}.localhost`)).toBeUndefined();
    const odd = new X509Certificate((await generateCertificate({ virtualHostBuckets: ['a,DNS:evil.example', BUCKET] })).cert);
    expect(odd.subjectAltName).not.toContain('evil');
    expect(odd.checkHost(`${BUCKET}.localhost`)).toBe(`${BUCKET}.localhost`);
  });
});

describe('a virtual-host request over verified TLS', () => {
  let fx: EmulatorFixture;
  let certificate: TlsCertificate;
  beforeAll(async () => {
    certificate = await generateCertificate({ virtualHostBuckets: [BUCKET] });
    fx = await withEmulator({ COS_BUCKET: BUCKET }, { tls: certificate });
  });
  afterAll(() => fx.close());

  // Connected to the address, named by the virtual host (as the COS SDK's Ip option does): the handshake verifies
  // the certificate against that name, and the emulator finds the bucket in the Host.
  function headBucket(servername: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: fx.emulator.endpoint.port,
          method: 'HEAD',
          path: '/',
          servername,
          ca: certificate.cert,
          headers: { Host: `${servername}:${fx.emulator.endpoint.port}` },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('<bucket>.localhost verifies, and the unsigned request reaches the emulator (403, not a TLS failure)', async () => {
    expect(await headBucket(`${BUCKET}.localhost`)).toBe(403);
  });

  test('a name the certificate does not cover fails the handshake', async () => {
    await expect(headBucket('elsewhere.localhost')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
