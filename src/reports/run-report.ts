import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { ClientRunFacts } from '../outcomes/client-run.js';
import type { Leftover } from '../outcomes/leftover.js';
import type { TargetStop } from '../outcomes/target-stop.js';
import { PACKAGE_VERSION } from '../package-info.js';
import type { Verdict } from './verdict.js';

/** The version of conformance.json's shape; docs/interpreting.md says how a runner reads it. */
export const REPORT_FORMAT = 'cos-conformance-report/4';

/**
 * Where the JSON Schema of conformance.json is published: the copy in the package that wrote the report (it ships
 * in node_modules/cos-conformance/schemas/ too).
 */
export const REPORT_SCHEMA_URL = `https://unpkg.com/cos-conformance@${PACKAGE_VERSION}/schemas/conformance-report.schema.json`;

/** One shard's part of a merged run: which slice it was and what it cost. */
export interface ShardRun {
  readonly index: number;
  readonly count: number;
  readonly runId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly bytesSent: number;
  readonly requests: number;
}

/** Everything a run reports; conformance.json is this object. It never holds a secret. */
export interface RunReport {
  readonly $schema: string;
  /** This version writes /4; a /3 report (before target.version) is read by `report` too. */
  readonly format: typeof REPORT_FORMAT | 'cos-conformance-report/3';
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
  /** A shard of a run (`--shard index/count`): the requirements whose checks it ran. */
  readonly shard?: { readonly index: number; readonly count: number; readonly requirements: readonly string[] };
  /** A run merged from shards by `cos-conformance report`: each shard it was made of. */
  readonly shards?: readonly ShardRun[];
  readonly startedAt: string;
  /** Wall time of the run; of a merged run, the sum over its shards. */
  readonly durationMs: number;
  readonly bytesSent: number;
  readonly requests: number;
  readonly expectations?: string;
  readonly verdict: Verdict;
  /** Every check that ran, in spec-file order. */
  readonly checks: readonly CheckOutcome[];
  /** Spec files that broke before their checks could run, and why: their requirements are errors. */
  readonly fileErrors?: ReadonlyArray<{ readonly file: string; readonly message: string }>;
  readonly leftovers: readonly Leftover[];
  /** What the run noticed about the target that limits what it can do (a cleanup it cannot verify, say). */
  readonly warnings?: readonly string[];
  /** Each time the target stopped answering, and whether --restart brought it back. */
  readonly targetStops?: readonly TargetStop[];
  /** A client run (`cos-conformance client`): the target is a client, judged against the client catalogue (CL-NN). */
  readonly client?: ClientRunFacts;
}
