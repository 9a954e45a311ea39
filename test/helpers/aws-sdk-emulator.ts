import { Agent } from 'node:https';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ObservedRequest } from '../../src/emulator/server.js';
import { generateCertificate } from '../../src/emulator/tls.js';
import { type EmulatorFixture, withEmulator } from './emulator.js';

/** The emulator under the s3 profile over HTTPS, the AWS SDK v3 as its users configure it, and what arrived. */
export interface AwsSdkAgainstEmulator {
  readonly fixture: EmulatorFixture;
  readonly s3: S3Client;
  /** Every request the emulator received, in order, as it arrived (the SDK's own wire form). */
  readonly seen: ObservedRequest[];
  close(): Promise<void>;
}

/** Starts the emulator (s3 profile, HTTPS with a certificate made for it) and an S3Client that trusts it. */
export async function awsSdkAgainstEmulator(options: Pick<S3ClientConfig, 'checksumAlgorithms'> = {}): Promise<AwsSdkAgainstEmulator> {
  const seen: ObservedRequest[] = [];
  const tls = await generateCertificate();
  const fixture = await withEmulator({ COS_PROFILE: 's3' }, { tls, observe: (observed) => seen.push(observed) });
  const s3 = new S3Client({
    region: fixture.config.region,
    endpoint: fixture.emulator.endpoint.origin,
    forcePathStyle: true,
    credentials: {
      accessKeyId: fixture.config.credentials.secretId,
      secretAccessKey: fixture.config.credentials.secretKey,
      sessionToken: fixture.config.credentials.securityToken!,
    },
    requestHandler: { httpsAgent: new Agent({ ca: tls.cert }) },
    ...options,
  });
  return {
    fixture,
    s3,
    seen,
    close: async () => {
      s3.destroy();
      await fixture.close();
    },
  };
}
