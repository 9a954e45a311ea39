import fc from 'fast-check';
import { BudgetExceededError, TargetError, TargetStoppedError } from '../http/errors.js';
import type { CheckRecorder } from './recorder.js';
import { replayCommand } from './replay.js';
import type { Session } from './session.js';
import { ConformanceFailure, ConformanceFailures, PreconditionFailed } from './signals.js';
import { withSoftJudgements } from './soft.js';

export interface PropertyOptions<T> {
  /** At most this many generated cases (expensive properties); COS_NUM_RUNS when it asks for fewer. */
  readonly maxRuns?: number;
  /**
   * Cases that always run first (boundaries, every value of a dimension), all of them whatever the number of cases:
   * generated ones fill the rest of the count, if any is left.
   */
  readonly examples?: ReadonlyArray<NoInfer<T>>;
}

/**
 * Runs a property against the target with the run's seed. A failure shrinks to a minimal case and carries the
 * command that replays exactly that case. A case whose request got no answer is recorded as an error with that
 * request, and the next case goes on. Once no case can go on (a setup step refused, the target stopped, the byte
 * budget spent) no further case is sent, and nothing is shrunk: the property ends with that reason.
 */
export async function runProperty<T>(
  session: Session,
  recorder: CheckRecorder,
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions<T> = {},
): Promise<void> {
  const requirementId = recorder.identity.requirementId;
  const fullName = `${requirementId}/${name}`;
  const replayed = session.replay.path?.startsWith(`${fullName}:`) ? session.replay.path.slice(fullName.length + 1) : undefined;
  // fast-check counts the examples among numRuns: every example runs at every seed, however few cases are asked for.
  const numRuns = Math.max(session.cases(options.maxRuns), options.examples?.length ?? 0);
  let stopped: BudgetExceededError | TargetStoppedError | PreconditionFailed | undefined;
  let checked = 0;
  let unanswered = 0;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      if (stopped) return;
      try {
        await withSoftJudgements(() => predicate(value));
        checked++;
      } catch (error) {
        if (error instanceof BudgetExceededError || error instanceof TargetStoppedError || error instanceof PreconditionFailed) {
          stopped = error;
          return;
        }
        if (error instanceof TargetError) {
          // Not a verdict on the rule, and no reason to stop: this case is an error, the next one is sent.
          recorder.caseError(error, `${fullName}: ${fc.stringify(value)}`);
          unanswered++;
          return;
        }
        throw error;
      }
    }),
    {
      seed: session.config.seed,
      numRuns,
      ...(replayed ? { path: replayed } : {}),
      ...(options.examples ? { examples: options.examples.map((e) => [e] as [T]) } : {}),
      interruptAfterTimeLimit: 240_000,
      markInterruptAsFailure: false,
    },
  );
  if (details.failed) {
    const cause = details.errorInstance;
    const counterexample = fc.stringify(details.counterexample?.[0]);
    // A command sequence also needs fast-check's replayPath to be replayed command for command.
    const commands = /replayPath="([^"]*)"/.exec(counterexample)?.[1];
    const replayOf = (charged: string) =>
      replayCommand(session.replayOptions, charged, {
        name: fullName,
        path: details.counterexamplePath ?? '',
        ...(commands ? { commands } : {}),
      });
    const minimal = `minimal case after ${details.numShrinks} shrinks: ${counterexample}`;
    const minimalOf = (f: ConformanceFailure) =>
      new ConformanceFailure({ ...f.evidence, sent: `${f.evidence.sent} (${minimal})`, replay: replayOf(f.evidence.requirementId) });
    if (cause instanceof ConformanceFailure) throw minimalOf(cause);
    if (cause instanceof ConformanceFailures) throw new ConformanceFailures(cause.failures.map(minimalOf), cause.then);
    const replay = replayOf(requirementId);
    // Anything else a case threw is the suite's own fault: an error, not a verdict on the target.
    recorder.caseError(cause, `${fullName} (${minimal}; replay: ${replay})`);
    return;
  }
  if (stopped instanceof BudgetExceededError) {
    // Not one case fitted in the budget, or not every fixed example (each is a value of a dimension the check says
    // it covers): the check is skipped, never passed on what it did not reach.
    const examples = options.examples?.length ?? 0;
    if (checked === 0) throw stopped;
    if (checked < examples) {
      recorder.note(`${fullName}: COS_MAX_BYTES ran out after ${checked} of its ${examples} fixed examples`);
      throw stopped;
    }
    recorder.note(`${fullName}: COS_MAX_BYTES ran out after ${checked} of ${numRuns} generated cases`);
  } else if (stopped) {
    throw stopped;
  }
  if (details.interrupted) recorder.note(`${fullName}: time limit reached after ${checked} of ${numRuns} generated cases`);
  if (unanswered > 0) recorder.note(`${fullName}: ${unanswered} generated case(s) got no answer from the target`);
}
