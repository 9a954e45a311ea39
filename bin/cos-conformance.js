#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so a clone needs no build step.
import { register } from 'tsx/esm/api';

// A closed pipe (`cos-conformance list | head`) is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
