import type fc from 'fast-check';
import { afterAll, beforeAll, type TestContext, test } from 'vitest';
import { requirement, requirementIdOf } from '../catalogue/requirements.js';
import type { Config, Profile } from '../config/index.js';
import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { Dialect } from '../protocol/dialect.js';
import { type CheckScope, runInCheckScope } from './check-scope.js';
import { Given } from './given.js';
import { Judge } from './judge.js';
import { type PropertyOptions, runProperty } from './property.js';
import { type CheckIdentity, CheckRecorder } from './recorder.js';
import { Session } from './session.js';
import { softly, withSoftJudgements } from './soft.js';

declare module 'vitest' {
  interface TaskMeta {
    /** How the check ended: the one record the run command reads. */
    conformance?: CheckOutcome;
  }
}

interface SpecFile {
  readonly name: string;
  session?: Session;
  checks: number;
}

let spec: SpecFile | undefined;

/** Binds a spec file to a session: opened before its first check, closed (and cleaned up) after its last. */
export function conformanceSpec(specUrl: string): void {
  const file: SpecFile = { name: specUrl.replace(/^.*\//, '').replace(/\.spec\.[tj]s$/, ''), checks: 0 };
  spec = file;
  beforeAll(() => {
    file.session = Session.open(specUrl);
  });
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads fixtures from the first argument, so it must be a destructuring pattern, even an empty one.
  afterAll(async ({}, suite) => {
    const report = await file.session?.close();
    if (report) suite.meta.session = report;
  });
}

export interface CheckOptions {
  /**
   * The most the check may send, in MiB: what it was measured to send at the default cases per property, with a
   * margin (src/harness/spec-costs.ts). Its share of COS_MAX_BYTES is in proportion.
   */
  readonly costMiB: number;
  /** Profiles the rule applies to; under another the check is not applicable, with `reason`. */
  readonly profiles?: readonly Profile[];
  readonly reason?: string;
  /** Whether the rule applies to this run's settings: true, or why not (temporary keys that the run does not use). */
  readonly appliesTo?: (config: Config) => true | string;
  readonly timeoutMs?: number;
  /** Requirements the check judges besides its own (a model-based check); each must list this spec file. */
  readonly judges?: readonly string[];
}

/**
 * What a check's body works with. Its assertions (`expect*`, `uploadOk`, ...) judge the check's own requirement;
 * `as(id)` judges another one the check declares; `given` runs setup steps; `case` keeps a failing case from
 * stopping the next one.
 */
export class CheckContext extends Judge {
  readonly given: Given;

  constructor(
    private readonly checkRecorder: CheckRecorder,
    override readonly session: Session,
    private readonly scope: CheckScope,
  ) {
    super(checkRecorder.identity.requirementId, checkRecorder, session);
    this.given = new Given(checkRecorder.identity.requirementId, session);
  }

  get api(): Session['api'] {
    return this.session.api;
  }

  get dialect(): Dialect {
    return this.session.dialect;
  }

  get config(): Config {
    return this.session.config;
  }

  key(label: string): string {
    return this.session.key(label);
  }

  /** The assertions of another requirement this check declares in its `judges`. */
  as(requirementId: string): Judge {
    return new Judge(requirementId, this.checkRecorder, this.session);
  }

  /**
   * One case of several: its failures (each soft judgement's too), a refused setup step, a request that got no answer
   * or an exception of the suite are recorded with its name, and the check goes on.
   */
  async case(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await withSoftJudgements(body);
    } catch (thrown) {
      this.checkRecorder.settleCase(thrown, name);
    }
  }

  /**
   * A leaf judgement of the case: if it fails, the failure is kept with its evidence and the case goes on to its
   * next judgement; the case then ends with every failure it kept. For judgements no later step relies on.
   */
  soft(judgement: () => void): void {
    softly(judgement);
  }

  forAll<T>(
    name: string,
    arbitrary: fc.Arbitrary<T>,
    predicate: (value: T) => Promise<void>,
    options: PropertyOptions<T> = {},
  ): Promise<void> {
    return runProperty(this.session, this.checkRecorder, name, arbitrary, predicate, options);
  }

  /** An integrity judgement was made on a body of this size: the reports show the sizes each check covered. */
  covered(bytes: number): void {
    this.checkRecorder.covered(bytes);
  }

  /** INFO checks: what the target did, shown in the reports and never judged. */
  record(name: string, value: string): void {
    this.checkRecorder.record(name, value);
  }

  /** A case with nothing to judge, and why; a check with nothing judged at all is inconclusive. */
  unjudged(reason: string): void {
    this.checkRecorder.unjudgedCase(reason);
  }

  note(text: string): void {
    this.checkRecorder.note(text);
  }

  /**
   * Holds what a case is about to send, so a case the byte budget cannot cover is skipped before it sends
   * anything. Checks with bodies of a megabyte or more say so; what is not sent goes back when the check ends.
   */
  async reserve(bytes: number): Promise<void> {
    await this.scope.budget.hold(bytes);
  }
}

/**
 * One conformance check. Its title starts with the requirement it judges (`UP-05 ...`) followed by what it sends;
 * its outcome is decided here, once, and travels to the run command in the test's meta.
 */
export function check(title: string, body: (t: CheckContext) => Promise<void>, options: CheckOptions): void {
  const file = spec;
  if (!file) throw new Error('conformanceSpec(import.meta.url) must be called at the top of the spec file');
  const id = requirementIdOf(title);
  if (!id) throw new Error(`a check's title starts with a catalogued requirement ID (UP-NN): "${title}"`);
  const judges = [id, ...(options.judges ?? [])];
  for (const judged of judges) {
    if (!requirement(judged).specs.includes(file.name))
      throw new Error(`${judged} does not list specs/${file.name}.spec.ts in the catalogue, yet "${title}" judges it`);
  }
  if (!(options.costMiB > 0)) throw new Error(`"${title}" declares no cost: check(title, body, { costMiB })`);
  const identity: CheckIdentity = {
    title,
    file: file.name,
    index: file.checks++,
    requirementId: id,
    level: requirement(id).level,
    judges,
    costMiB: options.costMiB,
  };
  // The checks of a file run side by side (up to the run's maxConcurrency): each has its own keys, its own share of
  // the byte allowance and its own count of requests (check-scope.ts), and nothing it judges depends on another.
  test.concurrent(
    title,
    async (context) => {
      const session = file.session;
      if (!session) throw new Error(`the session of specs/${file.name}.spec.ts did not open`);
      const recorder = new CheckRecorder(
        identity,
        () => session.replayOptions,
        (id) => session.target.log.find(id),
      );
      if (session.only && !judges.some((id) => session.only!.includes(id))) {
        settle(context, recorder.notRun(`left out by --only ${session.only.join(',')}`));
        return;
      }
      if (options.profiles && !options.profiles.includes(session.config.profile)) {
        settle(
          context,
          recorder.notApplicable(`does not apply under the ${session.config.profile} profile: ${options.reason ?? 'a COS-only rule'}`),
        );
        return;
      }
      const applies = options.appliesTo?.(session.config) ?? true;
      if (applies !== true) {
        settle(context, recorder.notApplicable(applies));
        return;
      }
      const scope: CheckScope = { title, budget: session.budgetFor(options.costMiB), usage: { requests: 0, bytesSent: 0 } };
      const startedAt = performance.now();
      let thrown: unknown;
      try {
        await runInCheckScope(scope, () => withSoftJudgements(() => body(new CheckContext(recorder, session, scope))));
      } catch (error) {
        thrown = error;
      } finally {
        await scope.budget.releaseHold().catch(() => undefined);
      }
      settle(context, recorder.finish(thrown, { ...scope.usage }, Math.round(performance.now() - startedAt)), thrown);
    },
    options.timeoutMs,
  );
}

/** Leaves the outcome in the test's meta, and gives vitest the state that matches it. */
function settle(context: TestContext, outcome: CheckOutcome, thrown?: unknown): void {
  context.task.meta.conformance = outcome;
  if (outcome.status === 'pass') return;
  if (outcome.status === 'fail') {
    const failures = Object.values(outcome.judgements).flatMap((j) => j.failures);
    const error = new Error(
      failures
        .map((f) => `${f.requirementId}${f.case ? ` [${f.case}]` : ''}: expected ${f.expected}, got ${f.actual} (${f.sent})`)
        .join('\n'),
    );
    error.name = 'ConformanceFailure';
    throw error;
  }
  if (outcome.status === 'error') throw thrown instanceof Error ? thrown : new Error(outcome.reason);
  context.skip(`${outcome.status}${outcome.reason ? `: ${outcome.reason}` : ''}`);
}
