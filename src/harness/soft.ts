import { AsyncLocalStorage } from 'node:async_hooks';
import { ConformanceFailure, ConformanceFailures } from './signals.js';

/**
 * Judgements that do not depend on one another run to the end of their case, as a test's soft assertions do: a
 * failure of one is kept, the next one still runs, and when the case ends every failure it kept is raised at once,
 * each with its own evidence. A property then shrinks on them as on any failure, and its minimal case reports them
 * all. Only leaf judgements are soft: one whose answer later steps rely on stays hard.
 */
const buffers = new AsyncLocalStorage<ConformanceFailure[]>();

/**
 * Runs one case with a buffer of its own, and raises what its soft judgements kept. When something ends the case
 * after a soft failure (a hard failure, a setup step, no answer), the kept failures are raised with it.
 */
export async function withSoftJudgements<T>(body: () => Promise<T>): Promise<T> {
  const kept: ConformanceFailure[] = [];
  let result: T;
  try {
    result = await buffers.run(kept, body);
  } catch (error) {
    if (kept.length === 0) throw error;
    if (error instanceof ConformanceFailure) throw new ConformanceFailures([...kept, error]);
    if (error instanceof ConformanceFailures) throw new ConformanceFailures([...kept, ...error.failures], error.then);
    throw new ConformanceFailures(kept, error);
  }
  raiseKept(kept);
  return result;
}

/** Runs a judgement; its failure is kept for the end of the case instead of ending the case now. */
export function softly(judgement: () => void): void {
  const kept = buffers.getStore();
  try {
    judgement();
  } catch (error) {
    if (!(error instanceof ConformanceFailure) || kept === undefined) throw error;
    kept.push(error);
  }
}

function raiseKept(kept: readonly ConformanceFailure[]): void {
  if (kept.length === 1) throw kept[0]!;
  if (kept.length > 1) throw new ConformanceFailures(kept);
}
