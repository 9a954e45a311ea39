import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../package-info.js';

const HERE = fileURLToPath(import.meta.url);

/**
 * Where the specs are, relative to this module, so the run works from a clone's sources (specs/*.spec.ts beside
 * src/) and from the built package (dist/specs/*.spec.js beside dist/src/), in a clone or in node_modules.
 */
export const SPECS = { root: resolve(dirname(HERE), '../..'), pattern: `specs/*.spec.${HERE.endsWith('.ts') ? 'ts' : 'js'}` } as const;

/**
 * A spec file's path, relative to the package, as it exists where the suite is installed: the source in a clone
 * (specs/list-parts.spec.ts), the compiled file in the package, which holds no sources (dist/specs/list-parts.spec.js).
 */
export function specPath(name: string): string {
  const source = `specs/${name}.spec.ts`;
  if (existsSync(resolve(PACKAGE_ROOT, source))) return source;
  return relative(PACKAGE_ROOT, resolve(SPECS.root, SPECS.pattern.replace('*', name)));
}
