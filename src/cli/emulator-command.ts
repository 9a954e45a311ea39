import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BUCKET_TYPES, type BucketType, PROFILES, type Profile } from '../config/index.js';
import { DEVIATIONS, type DeviationName, parseDeviations } from '../emulator/deviations.js';
import { startEmulator } from '../emulator/server.js';
import { generateCertificate } from '../emulator/tls.js';
import { UsageError } from './usage.js';

export const EMULATOR_HELP = `cos-conformance emulator — serve the reference COS emulator until SIGINT/SIGTERM

Options:
  --port N            port on 127.0.0.1 (default 9000; 0 picks a free one)
  --host ADDR         address to listen on (default 127.0.0.1)
  --bucket NAME       bucket it serves (default conformance-1250000000)
  --region NAME       region it reports (default ap-guangzhou)
  --secret-id ID      SecretId it accepts (default: generated, printed)
  --secret-key KEY    SecretKey it accepts (default: generated, printed)
  --security-token T  require this x-cos-security-token (temporary keys)
  --profile cos|s3    COS rules and x-cos-* headers, or S3 rules and x-amz-* headers (default cos)
  --bucket-type standard|rapid
                      the COS bucket variant it serves: rapid completes as high-performance (cosrapid) buckets do
                      (doc 436/139736); default standard
  --data-dir DIR      keep bodies here (default: a temporary directory, removed on exit)
  --tls               serve HTTPS with a certificate made for it (by the openssl command) for 127.0.0.1, ::1,
                      localhost and BUCKET.localhost (the virtual-host name; connect to 127.0.0.1 with that Host);
                      its CA file is printed as COS_CA_FILE. SSE-C (UP-39) is only accepted over HTTPS
  --deviate A,B       break these documented rules on purpose (see "cos-conformance emulator --list-deviations")
  --list-deviations   the deviations the emulator knows, with the requirements each must make fail
  --help              this text

On SIGTERM or SIGINT it stops accepting connections, closes idle ones, gives requests in flight up to
3 s to finish, closes the rest, deletes the bodies of cut-off requests and its temporary files, and
exits 0. A second signal exits at once (130).
`;

export async function emulatorCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      bucket: { type: 'string' },
      region: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
      'security-token': { type: 'string' },
      profile: { type: 'string' },
      'bucket-type': { type: 'string' },
      'data-dir': { type: 'string' },
      deviate: { type: 'string' },
      tls: { type: 'boolean' },
      'list-deviations': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    out(EMULATOR_HELP);
    return 0;
  }
  if (values['list-deviations']) {
    for (const [name, d] of Object.entries(DEVIATIONS)) out(`${name.padEnd(36)} breaks ${d.breaks.join(', ').padEnd(14)} ${d.description}`);
    return 0;
  }
  const deviations = deviationsOption(values.deviate);
  const port = values.port === undefined ? 9000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, got "${values.port}"`);
  const profile = (values.profile ?? 'cos') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile: expected cos or s3, got "${values.profile}"`);
  const bucketType = (values['bucket-type'] ?? 'standard') as BucketType;
  if (!BUCKET_TYPES.includes(bucketType) || (bucketType === 'rapid' && profile !== 'cos'))
    throw new UsageError(`--bucket-type: expected standard or rapid (rapid with --profile cos), got "${values['bucket-type']}"`);
  const secretId = values['secret-id'] ?? `AKID${randomBytes(16).toString('hex')}`;
  const secretKey = values['secret-key'] ?? randomBytes(24).toString('base64url');
  const bucket = values.bucket ?? 'conformance-1250000000';
  const region = values.region ?? 'ap-guangzhou';
  const tls = values.tls
    ? await generateCertificate({ virtualHostBuckets: [bucket] }).catch((error: Error) => {
        throw new UsageError(`--tls: ${error.message}`);
      })
    : undefined;
  const caFile = tls ? await writeCaFile(tls.cert) : undefined;
  const emulator = await startEmulator({
    bucket,
    region,
    profile,
    bucketType,
    host: values.host ?? '127.0.0.1',
    port,
    credentials: [{ secretId, secretKey, ...(values['security-token'] ? { securityToken: values['security-token'] } : {}) }],
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    deviations,
    ...(tls ? { tls } : {}),
  });
  if (deviations.size > 0) out(`Deviating on purpose from: ${[...deviations].join(', ')}`);
  // Printed as settings a user pastes into .env or an environment: these are the emulator's own throwaway keys.
  out(`COS emulator (${profile} profile) listening on ${emulator.endpoint.origin}`);
  out(`COS_ENDPOINT=${emulator.endpoint.origin}`);
  out(`COS_BUCKET=${bucket}`);
  out(`COS_REGION=${region}`);
  out(`COS_PROFILE=${profile}`);
  if (bucketType !== 'standard') out(`COS_BUCKET_TYPE=${bucketType}`);
  out(`COS_SECRET_ID=${secretId}`);
  out(`COS_SECRET_KEY=${secretKey}`);
  if (values['security-token']) out(`COS_SECURITY_TOKEN=${values['security-token']}`);
  if (caFile) out(`COS_CA_FILE=${caFile.path}`);
  const ownsDataDir = values['data-dir'] === undefined;
  out(`Data: ${emulator.store.dataDir}${ownsDataDir ? ' (temporary, removed when the emulator stops)' : ''}`);
  await new Promise<void>((resolve) => onSignal(resolve));
  // A second signal means "now": no grace, and the temporary files removed on the way out.
  const forget = onSignal(() => {
    if (ownsDataDir) rmSync(emulator.store.dataDir, { recursive: true, force: true });
    caFile?.removeNow();
    process.exit(130);
  });
  out(`stopping: requests in flight have ${STOP_GRACE_MS / 1000} s to finish`);
  await emulator.close({ graceMs: STOP_GRACE_MS });
  await caFile?.remove();
  forget();
  out('emulator stopped');
  return 0;
}

/** The certificate, where a client's COS_CA_FILE can point; removed when the emulator stops. */
async function writeCaFile(cert: string): Promise<{ path: string; remove(): Promise<void>; removeNow(): void }> {
  const dir = await mkdtemp(join(tmpdir(), 'cos-emulator-ca-'));
  const path = join(dir, 'emulator-ca.pem');
  await writeFile(path, cert);
  return { path, remove: () => rm(dir, { recursive: true, force: true }), removeNow: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Calls `handler` once, on the first SIGINT or SIGTERM; returns a function that stops listening. */
function onSignal(handler: () => void): () => void {
  const once = () => {
    forget();
    handler();
  };
  const forget = () => {
    process.removeListener('SIGINT', once);
    process.removeListener('SIGTERM', once);
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
  return forget;
}

/** How long requests in flight may take to finish once a stop is asked for: a bound, so a stop is prompt. */
const STOP_GRACE_MS = 3_000;

export function deviationsOption(value: string | undefined): Set<DeviationName> {
  try {
    return parseDeviations(value);
  } catch (error) {
    throw new UsageError(`--deviate: ${(error as Error).message}`);
  }
}
