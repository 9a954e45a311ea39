/**
 * cos-conformance for tools that embed it: run the suite and get its report, the catalogue it judges, and the
 * shapes of what it reports (conformance.json is a RunReport; schemas/conformance-report.schema.json describes it).
 */

export { type Level, REQUIREMENTS, type Requirement, type Source } from './catalogue/requirements.js';
export { runSuite as run } from './cli/run-command.js';
export type { RunOptions } from './cli/run-options.js';
export type { Exchange } from './http/exchange.js';
export type { CheckOutcome, CheckStatus, Judgement } from './outcomes/check-outcome.js';
export type { Evidence } from './outcomes/evidence.js';
export type { Leftover } from './outcomes/leftover.js';
export { type ChangeKind, type Comparison, compare as compareWithBaseline, type StatusChange } from './reports/comparison.js';
export type { Expectations } from './reports/expectations.js';
export { MATRIX_FORMAT, type MatrixFile, matrixFile, readBaseline } from './reports/matrix.js';
export { REPORT_FORMAT, type RunReport, type ShardRun } from './reports/run-report.js';
export { mergeRuns, mergeShards } from './reports/shard-merge.js';
export type { RequirementOutcome, RequirementStatus, Verdict, VerdictKind } from './reports/verdict.js';
