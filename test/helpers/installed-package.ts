import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export interface Exec {
  readonly code: number | null;
  readonly output: string;
}

/** An environment for a program run as a user would run it: no COS_* settings, and nothing of the npm script around the tests. */
export function userEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith('COS_') && !k.startsWith('npm_') && k !== 'INIT_CWD'),
  ) as Record<string, string>;
  return { ...base, ...extra };
}

export function exec(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = userEnvironment(),
): Promise<Exec> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

/**
 * An empty project that depends on the packed tarball, with a lockfile for `npm ci --offline`: the tarball's
 * entry, and this repository's locked versions of the package's runtime dependencies, whose tarballs `npm ci` left
 * in npm's cache. So the install needs no registry, and installs exactly what a user of this version would get.
 */
export function writeConsumerProject(dir: string, tarball: string): void {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
    dependencies: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const resolved = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512')
    .update(readFileSync(join(dir, tarball)))
    .digest('base64')}`;
  // Development-only packages, and optional peers that only development pulls in, are not part of an install.
  const runtime = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && !entry.dev && !entry.devOptional);
  const packages = {
    '': { name: 'consumer', dependencies: { 'cos-conformance': resolved } },
    'node_modules/cos-conformance': {
      version: manifest.version,
      resolved,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
    ...Object.fromEntries(runtime),
  };
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'cos-conformance': resolved } }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}
