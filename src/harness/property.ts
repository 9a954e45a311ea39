import fc from 'fast-check';
import { BudgetExceededError, TargetError } from '../http/errors.js';
import { ConformanceFailure } from './failure.js';
import { RUN_ENV, type Session } from './session.js';

export interface PropertyOptions<T> {
  /** Cases to run; defaults to COS_NUM_RUNS. Expensive properties cap it. */
  readonly numRuns?: number;
  /** Cases that always run first (boundaries). */
  readonly examples?: ReadonlyArray<NoInfer<T>>;
}

/**
 * Runs a property against the target with the run's seed. A failure shrinks to a minimal case and is reported
 * with the command that replays exactly that case: COS_SEED=<seed> COS_REPLAY=<name>:<path>.
 */
export async function forAll<T>(
  session: Session,
  name: string,
  requirementId: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  options: PropertyOptions<NoInfer<T>> = {},
): Promise<void> {
  const replay = process.env[RUN_ENV.replay];
  const path = replay?.startsWith(`${name}:`) ? replay.slice(name.length + 1) : undefined;
  let budgetExhausted: BudgetExceededError | undefined;
  let targetLost: TargetError | undefined;
  let casesChecked = 0;
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      // Once the target stopped answering, no further case (nor shrinking) would tell anything: stop sending.
      if (budgetExhausted || targetLost) return;
      try {
        await predicate(value);
        casesChecked++;
      } catch (error) {
        // Out of budget: stop generating cases rather than fail (COS_MAX_BYTES protects a real bill).
        if (error instanceof BudgetExceededError) {
          budgetExhausted = error;
          return;
        }
        if (error instanceof TargetError) targetLost = error;
        throw error;
      }
    }),
    {
      seed: session.seed,
      numRuns: options.numRuns ?? session.numRuns,
      ...(path ? { path } : {}),
      ...(options.examples ? { examples: options.examples.map((e) => [e] as [T]) } : {}),
      interruptAfterTimeLimit: 240_000,
      markInterruptAsFailure: false,
    },
  );
  if (targetLost) throw targetLost;
  // Not one case fitted in the budget: nothing was checked, so the check is skipped, never passed.
  if (!details.failed && budgetExhausted && casesChecked === 0) throw budgetExhausted;
  if (!details.failed) return;
  const cause = details.errorInstance;
  // A target that stopped answering is an error of the target, whatever case it happened in.
  if (cause instanceof TargetError) throw cause;
  const counterexample = fc.stringify(details.counterexample?.[0]);
  // A command sequence also needs fast-check's replayPath to be replayed command for command.
  const commandsPath = /replayPath="([^"]*)"/.exec(counterexample)?.[1];
  const replayLine = `COS_SEED=${details.seed} COS_REPLAY='${name}:${details.counterexamplePath}'${commandsPath ? ` ${RUN_ENV.replayCommands}='${commandsPath}'` : ''} npm run conformance -- --only ${requirementId}`;
  if (cause instanceof ConformanceFailure) {
    throw new ConformanceFailure({
      ...cause.evidence,
      sent: `${cause.evidence.sent} (minimal case after ${details.numShrinks} shrinks: ${counterexample})`,
      replay: replayLine,
    });
  }
  throw new ConformanceFailure({
    requirementId,
    sent: `generated case ${counterexample}`,
    expected: 'no error',
    actual: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
    replay: replayLine,
  });
}
