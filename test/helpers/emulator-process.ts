import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, configFromEnvironment } from '../../src/config/index.js';

const ROOT = join(import.meta.dirname, '../..');

/** `cos-conformance emulator --port 0`, as users run it, in a process of its own: its memory is its own. */
export interface EmulatorProcess {
  readonly child: ChildProcess;
  /** A client configuration from the settings it printed. */
  readonly config: Config;
  /** The COS_* settings it printed, as a user pastes them into the environment. */
  readonly settings: Record<string, string>;
  readonly dataDir: string;
  /** Resident set once it listens, before any request, in MiB (Linux; undefined elsewhere). */
  readonly idleRssMiB: number | undefined;
  /** Peak resident set so far, in MiB (Linux: VmHWM; undefined elsewhere). */
  peakRssMiB(): number | undefined;
  /** Resolves with the exit code and everything printed, once the process has exited. */
  readonly finished: Promise<{ code: number | null; stdout: string }>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<number | null>;
}

/** `clientSettings` adds COS_* settings to the client configuration (a timeout, a byte budget). */
export function startEmulatorProcess(args: readonly string[] = [], clientSettings: Record<string, string> = {}): Promise<EmulatorProcess> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  const child = spawn(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), 'emulator', '--port', '0', ...args], {
    cwd: ROOT,
    env: base,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const finished = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout })),
  );
  const status = (field: string) => {
    try {
      const kiB = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return kiB === undefined ? undefined : Number(kiB) / 1024;
    } catch {
      return undefined;
    }
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (data) => {
      const before = stdout;
      stdout += data;
      const dataLine = /^Data: (\S+)/m.exec(stdout);
      if (!dataLine || /^Data: /m.test(before)) return;
      const settings = Object.fromEntries(
        stdout
          .split('\n')
          .filter((l) => l.startsWith('COS_'))
          .map((l) => l.split(/=(.*)/s).slice(0, 2)),
      );
      resolve({
        child,
        settings,
        config: configFromEnvironment({ COS_MAX_BYTES: '100GiB', COS_REQUEST_TIMEOUT_MS: '120000', ...settings, ...clientSettings }),
        dataDir: dataLine[1]!,
        idleRssMiB: status('VmRSS'),
        peakRssMiB: () => status('VmHWM'),
        finished,
        async stop() {
          child.kill('SIGTERM');
          return (await finished).code;
        },
      });
    });
    void finished.then(() => reject(new Error(`the emulator exited before it was ready: ${stdout}`)));
  });
}
