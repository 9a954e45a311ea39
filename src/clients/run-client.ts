import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClientRun {
  /** Exit code; null when the client was killed (timeout). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/** What a client may see of the environment it is started from: enough to find its programs, nothing to configure it. */
const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TERM'];

/** Settings of another target a client could pick up from the environment it inherits: never passed on. */
const TARGET_SETTINGS = /^(COS|AWS)_/;

/**
 * Runs a client command with the client environment and a home directory of its own (so no ~/.aws, ~/.s3cfg or
 * rclone.conf of the machine configures it, and nothing it writes there outlives the run). The command runs in a
 * process group of its own, killed whole on timeout.
 */
export async function runClient(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  options: {
    timeoutMs?: number;
    cwd?: string;
    /** Pass on the whole environment but COS_* and AWS_* (a user's own test command needs it). */
    inherit?: boolean;
    /** Stops the client (its whole process group), as its timeout does. */
    signal?: AbortSignal;
  } = {},
): Promise<ClientRun> {
  const home = await mkdtemp(join(tmpdir(), 'client-home-'));
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && (options.inherit ? !TARGET_SETTINGS.test(entry[0]) : PASSED_THROUGH.includes(entry[0])),
    ),
  );
  const started = Date.now();
  try {
    return await new Promise<ClientRun>((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: options.cwd,
        env: { ...inherited, HOME: home, TMPDIR: home, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const kill = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, options.timeoutMs ?? 60_000);
      options.signal?.addEventListener('abort', kill, { once: true });
      const done = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', kill);
      };
      child.on('error', (error) => {
        done();
        reject(error);
      });
      child.on('close', (code) => {
        done();
        resolve({ code, stdout, stderr, timedOut, ms: Date.now() - started });
      });
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
