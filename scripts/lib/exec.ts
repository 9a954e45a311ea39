import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Runs a command in the checkout with a clean COS_* environment plus `env`; stdout inherited unless captured. */
export function exec(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  capture = false,
): Promise<{ code: number; stdout: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.on('close', (code) => done({ code: code ?? 1, stdout }));
  });
}

/** `cos-conformance ARGS` from this checkout. */
export function cli(args: string[], env: Record<string, string> = {}, capture = false): Promise<{ code: number; stdout: string }> {
  return exec(process.execPath, [join(ROOT, 'bin/cos-conformance.js'), ...args], env, capture);
}
