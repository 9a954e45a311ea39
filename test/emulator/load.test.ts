import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type EmulatorProcess, startEmulatorProcess } from '../helpers/emulator-process.js';
import { runLoad } from '../helpers/load-clients.js';

// Fifty clients at once, each on its own connections, writing, overwriting, listing and completing parts of a
// dozen uploads, one request in ten cutting its body off half-way, against `cos-conformance emulator` in a
// process of its own. Bounded in requests, not in time, and judged on integrity: every acknowledged part intact,
// no part nobody was told about, every completed object the bytes its Complete named, no body file left over,
// and the emulator's memory not growing with the bytes moved. Speed is printed here, and measured by
// `npm run bench -- load`; it is never asserted.

const MiB = 1024 * 1024;
let emulator: EmulatorProcess;
beforeAll(async () => {
  emulator = await startEmulatorProcess();
});
afterAll(async () => {
  if (emulator.child.exitCode === null) await emulator.stop();
});

test('50 concurrent clients, 300 requests over 12 uploads, some cut off mid-body: every acknowledged part intact, none extra', async () => {
  const report = await runLoad(emulator.config, {
    clients: 50,
    requests: 300,
    uploads: 12,
    partsPerUpload: 3,
    partSize: { min: MiB, max: MiB + 64 * 1024 },
    seed: 17,
  });
  // Files of replaced parts are deleted just after the answers: give the last deletions a moment.
  let files = readdirSync(emulator.dataDir).length;
  for (let wait = 0; files !== report.segments && wait < 20; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    files = readdirSync(emulator.dataDir).length;
  }
  const peak = emulator.peakRssMiB();
  console.log(
    `load: ${report.requests} requests by 50 clients in ${report.seconds.toFixed(1)} s (${(report.requests / report.seconds).toFixed(0)} req/s, ${(report.bytesSent / MiB / report.seconds).toFixed(0)} MiB/s, ` +
      `${(report.bytesSent / MiB).toFixed(0)} MiB); writes ${report.writes.acknowledged} acknowledged, ${report.writes.refused} refused (${report.cutOff} cut off), ${report.writes.uncertain} unanswered; ` +
      `${report.completions} completed, ${report.objectsVerified} objects read back; ${report.verdict.partsChecked} parts checked, lost ${report.verdict.lost.length}, phantom ${report.verdict.phantoms.length}; ` +
      `emulator RSS ${emulator.idleRssMiB?.toFixed(0) ?? 'n/a'} MiB idle, ${peak?.toFixed(0) ?? 'n/a'} MiB at peak`,
  );
  expect(report.verdict.lost).toEqual([]);
  expect(report.verdict.phantoms).toEqual([]);
  expect(report.verdict.problems).toEqual([]);
  expect(report.objectProblems).toEqual([]);
  expect(report.writes.uncertain).toBe(0);
  expect(report.cutOff).toBeGreaterThan(20);
  expect(report.objectsVerified).toBe(12);
  // Every upload is completed by now, so the store keeps exactly the objects' part files: nothing of a cut-off body.
  expect(files).toBe(report.segments);
  // Bodies stream to disk: holding them would cost the bytes moved (about 230 MiB); the growth stays far below.
  if (peak !== undefined && emulator.idleRssMiB !== undefined) expect(peak - emulator.idleRssMiB).toBeLessThan(150);
  expect(await emulator.stop()).toBe(0);
}, 120_000);
