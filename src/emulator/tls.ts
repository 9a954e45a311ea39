import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A self-signed certificate for the emulator's HTTPS: SSE-C is only accepted over HTTPS, so the checks of it need
 * one to run here end to end. Made by the openssl command (Node can sign with a key but cannot build an X.509
 * certificate), for 127.0.0.1, ::1 and localhost, valid for a week; clients trust it through COS_CA_FILE.
 * `virtualHostBuckets` adds `<bucket>.localhost` for each: the name a virtual-host client (the COS SDK, whose
 * Domain always puts the bucket in the host) addresses, verifies the certificate against, and sends as SNI. A
 * wildcard `*.localhost` would not do: TLS clients refuse a wildcard directly under a single-label name.
 */
export interface TlsCertificate {
  readonly cert: string;
  readonly key: string;
}

export class TlsUnavailable extends Error {}

export async function generateCertificate(options: { readonly virtualHostBuckets?: readonly string[] } = {}): Promise<TlsCertificate> {
  // A bucket name that is not a DNS label has no virtual-host name (and must not reach openssl's argument).
  const buckets = (options.virtualHostBuckets ?? []).filter((bucket) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(bucket));
  const names = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost', ...buckets.map((bucket) => `DNS:${bucket}.localhost`)];
  const dir = await mkdtemp(join(tmpdir(), 'cos-emulator-tls-'));
  try {
    await promisify(execFile)(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '7',
        '-subj',
        '/CN=cos-conformance emulator',
        '-addext',
        `subjectAltName=${names.join(',')}`,
      ],
      { timeout: 20_000 },
    );
    return { cert: await readFile(join(dir, 'cert.pem'), 'utf8'), key: await readFile(join(dir, 'key.pem'), 'utf8') };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the openssl command is not installed' : (error as Error).message.split('\n')[0];
    throw new TlsUnavailable(`cannot make a certificate for the emulator's HTTPS: ${reason}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
