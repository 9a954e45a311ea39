import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { cli, readReport } from '../helpers/cli.js';

// Integrity is judged across orders of magnitude, not only on bodies of a few KiB: under the defaults of a remote
// run (10 cases per property, the default byte budget) every check of bytes, an ETag, a CRC or a digest still
// covers a body over the profile's minimum part size (where servers stream a part) and over 4 MiB, and says which
// sizes it covered.
const dir = mkdtempSync(join(tmpdir(), 'integrity-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1024 * 1024;

describe('body sizes of integrity checks', () => {
  // Each integrity rule of a profile: the bytes stored (UP-04, UP-31), the Content-MD5 (UP-13), the ETag (UP-16), the
  // part's and the object's CRC-64 (UP-20, UP-41, COS only), the S3 checksums and aws-chunked trailers (UP-42, UP-44).
  test.each([
    ['cos', 1 * MiB, ['UP-04', 'UP-13', 'UP-16', 'UP-20', 'UP-31', 'UP-41']],
    ['s3', 5 * MiB, ['UP-04', 'UP-13', 'UP-16', 'UP-31', 'UP-42', 'UP-44']],
  ] as const)(
    'under the remote defaults and the %s profile, each integrity check covers a small body and one over the minimum part size (and over 4 MiB), and reports its sizes',
    async (profile, minPartSize, ids) => {
      const credentials = { secretId: 'AKIDsizes', secretKey: 'sizes-key' };
      const emulator = await startEmulator({ bucket: 'sizes-1250000000', credentials: [credentials], profile });
      try {
        const env = {
          COS_ENDPOINT: emulator.endpoint.origin,
          COS_BUCKET: 'sizes-1250000000',
          COS_SECRET_ID: credentials.secretId,
          COS_SECRET_KEY: credentials.secretKey,
          COS_KEY_PREFIX: 'sizes/',
          COS_PROFILE: profile,
          COS_ADDRESSING: 'path',
        };
        const reportDir = join(dir, profile);
        const result = await cli(['run', '--only', ids.join(','), '--seed', '7', '--report-dir', reportDir], env);
        expect(result.code, result.stdout.slice(-2000)).toBe(0);
        const checks = readReport(reportDir).checks as Array<{ title: string; sizesCovered?: number[] }>;
        const sized = checks.filter((c) => c.sizesCovered);
        expect([...new Set(sized.map((c) => c.title.slice(0, 5)))].sort()).toEqual([...ids]);
        for (const c of sized) {
          expect(Math.max(...c.sizesCovered!), c.title).toBeGreaterThan(Math.max(minPartSize, 4 * MiB));
          expect(Math.min(...c.sizesCovered!), c.title).toBeLessThanOrEqual(4 * 1024);
        }
      } finally {
        await emulator.close();
      }
    },
    300_000,
  );
});
