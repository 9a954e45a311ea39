import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver (npm), an S3 emulator nobody here wrote, on loopback with one bucket and its fixed credentials. */
export interface RunningS3rver {
  readonly endpoint: string;
  readonly bucket: string;
  /** Crashes s3rver had while serving (its unhandled stream errors), kept alive so the run can go on. */
  readonly crashes: string[];
  close(): Promise<void>;
}

export const S3RVER_CREDENTIALS = { secretId: 'S3RVER', secretKey: 'S3RVER' } as const;

export async function startS3rver(bucket = 'conformance'): Promise<RunningS3rver> {
  const { default: S3rver } = (await import('s3rver')) as unknown as {
    default: new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  };
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const crashes: string[] = [];
  // s3rver leaves some stream errors unhandled (a Complete naming a part never uploaded), which would end the
  // whole process; record them instead, so the rest of the run still has a target.
  const onCrash = (error: Error) => crashes.push(error.message);
  process.on('uncaughtException', onCrash);
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    bucket,
    crashes,
    async close() {
      process.off('uncaughtException', onCrash);
      await server.close().catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
