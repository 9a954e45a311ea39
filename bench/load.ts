/**
 * Many clients against the standalone emulator (`cos-conformance emulator`, a child process, as users run it):
 * uploading, overwriting, listing and completing parts of a dozen uploads, one request in ten cut off mid-body.
 * Prints requests per second, MiB/s and the emulator's peak RSS, against one client doing the same requests
 * (the baseline), and the integrity verdict of each run (lost and phantom parts must be 0).
 *   npm run bench -- load
 */
import { startEmulatorProcess } from '../test/helpers/emulator-process.js';
import { type LoadPlan, runLoad } from '../test/helpers/load-clients.js';

const KiB = 1024;
const MiB = 1024 * KiB;

const PLANS: Array<{ name: string; plan: Omit<LoadPlan, 'clients'> }> = [
  {
    name: 'small parts (4-64 KiB)',
    plan: { requests: 3000, uploads: 12, partsPerUpload: 4, partSize: { min: 4 * KiB, max: 64 * KiB }, seed: 1 },
  },
  { name: '1 MiB parts', plan: { requests: 800, uploads: 12, partsPerUpload: 4, partSize: { min: MiB, max: MiB + 64 * KiB }, seed: 2 } },
];

export async function loadBenchmark(): Promise<void> {
  console.log(
    'Load on the standalone emulator: concurrent clients writing, overwriting, listing and completing parts; 1 request in 10 cut off mid-body',
  );
  console.log(
    'parts                    clients  requests  seconds   req/s   MiB/s  cut off  lost  phantom  emulator RSS idle / peak  exit on SIGTERM',
  );
  for (const { name, plan } of PLANS) {
    for (const clients of [50, 1]) {
      const emulator = await startEmulatorProcess();
      const report = await runLoad(emulator.config, { ...plan, clients });
      const peak = emulator.peakRssMiB();
      const exit = await emulator.stop();
      const lost = report.verdict.lost.length + report.objectProblems.length + report.verdict.problems.length;
      console.log(
        `${name.padEnd(24)} ${String(clients).padStart(7)}  ${String(report.requests).padStart(8)}  ${report.seconds.toFixed(1).padStart(7)}  ${(report.requests / report.seconds).toFixed(0).padStart(6)}  ${(report.bytesSent / MiB / report.seconds).toFixed(0).padStart(6)}  ${String(report.cutOff).padStart(7)}  ${String(lost).padStart(4)}  ${String(report.verdict.phantoms.length).padStart(7)}  ${`${emulator.idleRssMiB?.toFixed(0) ?? 'n/a'} / ${peak?.toFixed(0) ?? 'n/a'} MiB`.padStart(24)}  ${String(exit).padStart(15)}`,
      );
      for (const problem of [
        ...report.verdict.lost,
        ...report.verdict.phantoms,
        ...report.verdict.problems,
        ...report.objectProblems,
      ].slice(0, 5))
        console.log(`  ! ${problem}`);
    }
  }
}
