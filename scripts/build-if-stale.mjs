/**
 * `npm run build`, only when dist/ is older than what it is built from: the sources (src/, specs/), the TypeScript
 * configurations, package.json and package-lock.json. The scripts that run the built package (`npm run conformance`,
 * `emulator`, `bench`, `targets`, …) start with it. An incremental `tsc` that finds nothing to do still loads the
 * compiler and reads the whole program (about 2.5 s of CPU here, a fifth of the default run's); this looks at file
 * times only. Plain JavaScript, so that it needs no loader either.
 *
 * dist/.tsbuildinfo (tsc's own record of the build) stands for dist/: after a build it is given the time the build
 * started, so a source saved while tsc ran is seen as newer the next time.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RECORD = join(ROOT, 'dist/.tsbuildinfo');
const INPUTS = ['src', 'specs', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest modification time under `path` (directories count too: a file removed or renamed changes its own). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function builtAt() {
  try {
    return statSync(RECORD).mtimeMs;
  } catch {
    return -1;
  }
}

const built = builtAt();
const sources = Math.max(...INPUTS.map((input) => newest(join(ROOT, input))));
if (built < 0 || sources >= built) {
  const started = new Date();
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  if (builtAt() >= 0) utimesSync(RECORD, started, started);
}
