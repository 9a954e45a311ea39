import type { StopRecord } from '../http/health.js';

export type { StopRecord } from '../http/health.js';

/**
 * A time the target stopped answering during a run: what each worker saw (the request that found it gone, its check,
 * the last answer before), the check in flight when it is known (checks running one at a time after a restart), and
 * whether --restart brought the target back.
 */
export interface TargetStop {
  readonly records: readonly StopRecord[];
  readonly check?: string;
  readonly restarted: boolean;
}
