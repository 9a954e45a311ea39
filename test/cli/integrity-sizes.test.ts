import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { cli, readReport } from '../helpers/cli.js';

// Integrity is judged across orders of magnitude, not only on bodies of a few KiB: under the defaults of a remote
// run (10 cases per property, the default byte budget) every check of bytes, an ETag, a CRC or a digest still
// covers a body of at least 4 MiB, and says which sizes it covered.
const dir = mkdtempSync(join(tmpdir(), 'integrity-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MiB = 1024 * 1024;

describe('body sizes of integrity checks', () => {
  test('under the remote defaults, each integrity check covers 1 B and a body of at least 4 MiB, and reports its sizes', async () => {
    const credentials = { secretId: 'AKIDsizes', secretKey: 'sizes-key' };
    const emulator = await startEmulator({ bucket: 'sizes-1250000000', credentials: [credentials] });
    try {
      const env = { COS_ENDPOINT: emulator.endpoint.origin, COS_BUCKET: 'sizes-1250000000', COS_SECRET_ID: credentials.secretId, COS_SECRET_KEY: credentials.secretKey, COS_KEY_PREFIX: 'sizes/' };
      const reportDir = join(dir, 'remote');
      const result = await cli(['run', '--only', 'UP-04,UP-13,UP-16,UP-20,UP-31', '--seed', '7', '--report-dir', reportDir], env);
      expect(result.code, result.stdout.slice(-2000)).toBe(0);
      const checks = readReport(reportDir).checks as Array<{ title: string; sizesCovered?: number[] }>;
      const sized = checks.filter((c) => c.sizesCovered);
      expect(sized.map((c) => c.title.slice(0, 5)).sort()).toEqual(['UP-04', 'UP-13', 'UP-16', 'UP-20', 'UP-31']);
      for (const c of sized) {
        expect(Math.max(...c.sizesCovered!), c.title).toBeGreaterThanOrEqual(4 * MiB);
        expect(Math.min(...c.sizesCovered!), c.title).toBeLessThanOrEqual(4 * 1024);
      }
    } finally {
      await emulator.close();
    }
  }, 180_000);
});
