import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, createVitest, type TestSpecification } from 'vitest/node';
import { RUN_CONTEXT_KEY, type RunContext } from '../harness/run-context.js';
import { ResultCollector } from '../reports/collector.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Spec files in one fixed order (by path), whatever vitest's cache of earlier durations says: with a pinned seed, a
 * target that crashes at the same request does so in the same check every time.
 */
class FixedOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export interface SpecRun {
  readonly collector: ResultCollector;
  readonly interrupted: boolean;
}

export interface SpecRunOptions {
  readonly context: RunContext;
  /** Spec files at once: 1 against a remote target. */
  readonly parallelFiles: number;
  readonly testNamePattern?: RegExp;
  readonly files: readonly string[];
  readonly out: (line: string) => void;
}

/**
 * Runs the conformance specs through vitest's Node API. The run context goes to every worker through
 * provide/inject; outcomes come back through the collector. Ctrl-C stops the run (not the process), so the
 * caller can still clean up and write reports that say the run was interrupted.
 */
export async function runSpecs(options: SpecRunOptions): Promise<SpecRun> {
  const collector = new ResultCollector(options.out);
  let interrupted = false;
  let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
  const onInterrupt = () => {
    if (interrupted) {
      options.out('Interrupted twice: exiting now; run "cos-conformance sweep" to clean up.');
      process.exit(130);
    }
    interrupted = true;
    options.out('Interrupted: stopping, aborting uploads in flight and deleting what the run created (Ctrl-C again to exit at once)');
    void vitest?.cancelCurrentRun('keyboard-input');
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    process.env.TEST = 'true';
    process.env.VITEST = 'true';
    process.env.NODE_ENV ??= 'test';
    const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM'), ...process.listeners('exit')]);
    vitest = await createVitest(
      'test',
      {
        root: ROOT,
        config: join(ROOT, 'vitest.config.ts'),
        project: ['conformance'],
        watch: false,
        passWithNoTests: true,
        reporters: [collector],
        ...(options.testNamePattern ? { testNamePattern: options.testNamePattern } : {}),
        fileParallelism: options.parallelFiles > 1,
        maxWorkers: options.parallelFiles,
        sequence: { sequencer: FixedOrderSequencer },
      },
      {},
      { stdout: process.stdout, stderr: process.stderr },
    );
    // vitest exits the process on SIGINT; this command must clean up first, so its handlers go.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
    }
    for (const listener of process.listeners('exit')) if (!before.has(listener)) process.off('exit', listener);
    vitest.provide(RUN_CONTEXT_KEY, options.context);
    if (!interrupted) await vitest.start([...options.files]);
    await vitest.close();
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
  return { collector, interrupted };
}
