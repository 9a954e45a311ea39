import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { Leftover } from '../outcomes/leftover.js';
import type { Verdict } from './verdict.js';

/** The version of conformance.json's shape; docs/interpreting.md says how a runner reads it. */
export const REPORT_FORMAT = 'cos-conformance-report/2';

/** Everything a run reports; conformance.json is this object. It never holds a secret. */
export interface RunReport {
  readonly format: typeof REPORT_FORMAT;
  readonly tool: { readonly name: 'cos-conformance'; readonly version: string };
  readonly target: Readonly<Record<string, string>>;
  readonly runId: string;
  /** Absent when the run stopped before its settings were known (a configuration error). */
  readonly seed?: number;
  readonly numRuns?: number;
  /** The options that decided what was sent and judged. */
  readonly options?: {
    readonly profile: string;
    readonly signature: string;
    readonly addressing: string;
    readonly maxBytes: number;
    readonly deviations: readonly string[];
    readonly strict: boolean;
    readonly filter?: string;
  };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly bytesSent: number;
  readonly requests: number;
  readonly expectations?: string;
  readonly verdict: Verdict;
  /** Every check that ran, in spec-file order. */
  readonly checks: readonly CheckOutcome[];
  readonly leftovers: readonly Leftover[];
  /** What the run noticed about the target that limits what it can do (a cleanup it cannot verify, say). */
  readonly warnings?: readonly string[];
}
