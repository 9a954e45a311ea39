import { defineConfig } from 'vitest/config';

// The project's own tests (npm test), from the TypeScript sources. The conformance specs are not a project here:
// `cos-conformance run` configures their vitest run itself, from the built package (src/cli/spec-runner.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Tests that spawn the command line run the built package: it is brought up to date first.
          globalSetup: ['test/helpers/build-package.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
    ],
  },
});
