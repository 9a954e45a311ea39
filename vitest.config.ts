import { defineConfig } from 'vitest/config';

// Two projects: `unit` is the project's own tests (npm test); `conformance` is the suite users run against a
// target (cos-conformance run), whose reports are written by the CLI.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'conformance',
          include: ['specs/**/*.spec.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // The run command decides: spec files in parallel against the embedded emulator, one at a time
          // against a remote target (an exact COS_MAX_BYTES budget, and no load a real bill notices).
          fileParallelism: false,
        },
      },
    ],
  },
});
