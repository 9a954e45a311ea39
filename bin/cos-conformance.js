#!/usr/bin/env node
// The command line, from the compiled package (dist/). A clone builds it in `npm ci` (the prepare script).
import { existsSync } from 'node:fs';

// A closed pipe (`cos-conformance list | head`) is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('cos-conformance: dist/ is missing; in a clone, build it with "npm run build" (npm ci does)');
  process.exit(2);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
