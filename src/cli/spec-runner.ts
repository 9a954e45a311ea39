import { basename, resolve } from 'node:path';
import { BaseSequencer, createVitest, type Reporter, type TestSpecification } from 'vitest/node';
import { RUN_CONTEXT_KEY, type RunContext } from '../harness/run-context.js';
import { longestFirst } from '../harness/spec-costs.js';
import { ResultCollector } from '../reports/collector.js';
import { SPECS } from './spec-files.js';

/**
 * Spec files start in one fixed order, longest first (src/harness/spec-costs.ts), whatever vitest's cache of earlier
 * durations says, so that files run side by side finish soonest, and one at a time they go in the same order every
 * run.
 */
class FixedOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byName = new Map(files.map((file) => [specNameOf(file.moduleId), file]));
    return longestFirst([...byName.keys()]).map((name) => byName.get(name)!);
  }
}

/** Checks of one spec file running at once: enough to overlap round trips to a distant target. */
const CHECKS_AT_ONCE = 4;

const specNameOf = (path: string) => basename(path).replace(/\.spec\.[tj]s$/, '');

export interface SpecRun {
  readonly collector: ResultCollector;
  readonly interrupted: boolean;
}

export interface SpecRunOptions {
  readonly context: RunContext;
  /** Spec files at once (COS_CONCURRENCY). */
  readonly parallelFiles: number;
  readonly testNamePattern?: RegExp;
  /** Spec names (`model-based`) to load; empty: all of them. */
  readonly specs: readonly string[];
  readonly out: (line: string) => void;
  /** Stops the run (not the process): the caller still cleans up and reports the run as interrupted. */
  readonly signal?: AbortSignal;
}

/**
 * Runs the conformance specs through vitest's Node API, with its configuration given here rather than looked up
 * in a file: the package has no vitest.config.ts, and a user's own must not change how the suite runs. The run
 * context goes to every worker through provide/inject; outcomes come back through the collector.
 */
export async function runSpecs(options: SpecRunOptions): Promise<SpecRun> {
  const collector = new ResultCollector(options.out);
  if (options.signal?.aborted) return { collector, interrupted: true };
  let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
  // vitest's own cancel waits for the checks in flight to end, and each may take many seconds against a distant
  // target (13 s at 100 ms a round trip), while its requests go on after the session's cleanup. A second cancel
  // made while the first is under way terminates the workers, as Ctrl-C in a terminal does: the run's sweep then
  // aborts what they left open, as it does after Ctrl-C.
  const cancel = () => {
    if (!vitest) return;
    void vitest.cancelCurrentRun('keyboard-input');
    void vitest.cancelCurrentRun('keyboard-input');
  };
  // A cancel sent while the workers are still starting reaches none of them: any spec file that starts after the
  // abort is cancelled again.
  const lateStarts: Reporter = { onTestModuleStart: () => void (options.signal?.aborted && cancel()) };
  options.signal?.addEventListener('abort', cancel, { once: true });
  // vitest sets the process's exit code when a check fails or the run is cancelled: the verdict decides it, and a
  // tool that embeds run() decides its own.
  const exitCode = process.exitCode;
  try {
    process.env.TEST = 'true';
    process.env.VITEST = 'true';
    process.env.NODE_ENV ??= 'test';
    const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM'), ...process.listeners('exit')]);
    vitest = await createVitest(
      'test',
      {
        root: SPECS.root,
        config: false,
        include: [SPECS.pattern],
        testTimeout: 300_000,
        hookTimeout: 120_000,
        pool: 'forks',
        // A worker runs several spec files rather than a fresh process each: the fourteen process starts and module
        // loads were a third of the embedded run's CPU. Nothing a file keeps outlives it (conformanceSpec binds its
        // session to that file's hooks), so sharing the module instances changes no outcome.
        isolate: false,
        // COS_CONCURRENCY=1 runs one check at a time, for a target that must see one request at a time.
        maxConcurrency: Math.min(CHECKS_AT_ONCE, options.parallelFiles),
        // Nothing is written beside the specs, which may be inside node_modules: the order is fixed anyway.
        cache: false,
        watch: false,
        passWithNoTests: true,
        reporters: [collector, lateStarts],
        ...(options.testNamePattern ? { testNamePattern: options.testNamePattern } : {}),
        fileParallelism: options.parallelFiles > 1,
        maxWorkers: options.parallelFiles,
        sequence: { sequencer: FixedOrderSequencer },
      },
      {},
      { stdout: process.stdout, stderr: process.stderr },
    );
    // vitest exits the process on SIGINT; the caller decides what an interruption does, so its handlers go.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
    }
    for (const listener of process.listeners('exit')) if (!before.has(listener)) process.off('exit', listener);
    vitest.provide(RUN_CONTEXT_KEY, options.context);
    const files = options.specs.map((name) => resolve(SPECS.root, SPECS.pattern.replace('*', name)));
    if (!options.signal?.aborted) await vitest.start(files);
    await vitest.close();
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    process.exitCode = exitCode;
  }
  return { collector, interrupted: options.signal?.aborted === true };
}
