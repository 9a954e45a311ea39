import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../config/index.js';
import type { DeviationName } from '../emulator/deviations.js';
import type { FaultPlan } from '../emulator/faults.js';
import { type ObservedRequest, type RunningEmulator, startEmulator } from '../emulator/server.js';
import { generateCertificate } from '../emulator/tls.js';
import { clientEnvironment } from './environment.js';

export interface ClientEmulator {
  readonly emulator: RunningEmulator;
  /** The client environment (src/clients/environment.ts) that points at it. */
  readonly env: Record<string, string>;
  /** Every request it answered, in order. */
  readonly observed: ObservedRequest[];
  close(): Promise<void>;
}

/**
 * The reference emulator on a loopback port, as a client under test meets it: its own throwaway key pair, and over
 * HTTPS a certificate that also names `<bucket>.localhost` (virtual-host clients), written where COS_CA_FILE and
 * AWS_CA_BUNDLE point.
 */
export async function startClientEmulator(options: {
  profile: Profile;
  tls: boolean;
  bucket?: string;
  region?: string;
  deviations?: ReadonlySet<DeviationName>;
  /** Fault scenarios (src/emulator/faults.ts); none unless given. */
  faults?: FaultPlan;
  /** A certificate made earlier for this bucket (one per grading run, rather than one per scenario). */
  certificate?: { readonly cert: string; readonly key: string };
  port?: number;
}): Promise<ClientEmulator> {
  const bucket = options.bucket ?? 'conformance-1250000000';
  const region = options.region ?? 'ap-guangzhou';
  const secretId = `AKID${randomBytes(16).toString('hex')}`;
  const secretKey = randomBytes(24).toString('base64url');
  const certificate = options.tls ? (options.certificate ?? (await generateCertificate({ virtualHostBuckets: [bucket] }))) : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'client-emulator-'));
  const caFile = certificate ? join(dir, 'emulator-ca.pem') : undefined;
  if (caFile && certificate) await writeFile(caFile, certificate.cert);
  const observed: ObservedRequest[] = [];
  const emulator = await startEmulator({
    bucket,
    region,
    profile: options.profile,
    credentials: [{ secretId, secretKey }],
    ...(certificate ? { tls: certificate } : {}),
    ...(options.deviations ? { deviations: options.deviations } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    observe: (event) => observed.push(event),
  });
  return {
    emulator,
    env: clientEnvironment({ endpoint: emulator.endpoint, bucket, region, secretId, secretKey, ...(caFile ? { caFile } : {}) }),
    observed,
    async close() {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
