/**
 * What a client run (`cos-conformance client`) reports besides its checks: the client graded, how it was reached,
 * and each scenario it ran in, with how its run ended. conformance.json carries it as `client`.
 */
export interface ClientRunFacts {
  /** The command graded, as given (empty when the emulator served a client started elsewhere). */
  readonly command: readonly string[];
  readonly profile: 'cos' | 's3';
  readonly transport: 'http' | 'https';
  readonly scenarios: readonly ScenarioRunFacts[];
}

export interface ScenarioRunFacts {
  /** `plain`, or the fault in its flag form (`slowdown-on-part=2`). */
  readonly name: string;
  /** Exit code of the client; null when it was killed at its timeout, absent when it was not started by the grader. */
  readonly exitCode?: number | null;
  readonly timedOut?: boolean;
  readonly durationMs: number;
  readonly requests: number;
  /** What the client sent, operations in order with repeats folded (`UploadPart×3`). */
  readonly sequence: string;
  /** The last lines the client printed on stderr, when it failed. */
  readonly stderrTail?: string;
}
