import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cli } from './helpers/cli.js';
import { startEmulatorProcess } from './helpers/emulator-process.js';

// A busy machine changes no verdict. CI runners are busy machines: beside processes that keep every core busy,
// runs used to end checks in "the connection was closed before an answer" (a kept-alive connection closed by the
// emulator as the client reused it) and "no answer within the request timeout" (a whole exchange, or a TLS
// handshake, bounded in wall time while it was still moving), and so gave no verdict. Here the suite runs beside
// CPU burners, three per core, against the embedded emulator and against `cos-conformance emulator` in a process of
// its own, both runs at once (each its own load on the other), and must give the normal verdict. Bounded in work
// (a pinned seed, few generated cases), never in time: what is asserted is the verdict, not how long it took.

const BURNERS = Math.min(12, 3 * availableParallelism());
const burners: ChildProcess[] = [];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cos-busy-'));
  for (let i = 0; i < BURNERS; i++) burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
});

afterAll(() => {
  for (const burner of burners) burner.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// A pinned seed and two generated cases per property: every check still runs, on fewer generated inputs.
const reduced = ['--seed', '20260121', '--num-runs', '2'];

describe(`beside ${BURNERS} CPU burners`, () => {
  test.concurrent('the embedded emulator: conformant, exit 0', async () => {
    const outcome = await cli(['run', ...reduced, '--report-dir', join(dir, 'embedded')]);
    expect(outcome.stdout).toMatch(/^embedded emulator: conformant to COS Upload Part \(\d+\/\d+ MUST and SHOULD requirements pass/m);
    expect(outcome.code).toBe(0);
  }, 900_000);

  test.concurrent('`cos-conformance emulator --tls` in a process of its own: conformant, exit 0', async () => {
    const emulator = await startEmulatorProcess(['--tls']);
    try {
      const outcome = await cli(['run', ...reduced, '--report-dir', join(dir, 'standalone')], emulator.settings);
      expect(outcome.stdout).toMatch(/^127\.0\.0\.1:\d+: conformant to COS Upload Part \(\d+\/\d+ MUST and SHOULD requirements pass/m);
      expect(outcome.code).toBe(0);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  }, 900_000);
});
