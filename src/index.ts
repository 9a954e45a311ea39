/**
 * cos-conformance for tools that embed it: run the suite and get its report, the catalogue it judges, and the
 * shapes of what it reports (conformance.json is a RunReport; schemas/conformance-report.schema.json describes it).
 */
export { runSuite as run } from './cli/run-command.js';
export type { RunOptions } from './cli/run-options.js';
export { REQUIREMENTS, type Level, type Requirement, type Source } from './catalogue/requirements.js';
export { mergeRuns, mergeShards } from './reports/shard-merge.js';
export { compare as compareWithBaseline, type ChangeKind, type Comparison, type StatusChange } from './reports/comparison.js';
export { MATRIX_FORMAT, matrixFile, readBaseline, type MatrixFile } from './reports/matrix.js';
export { REPORT_FORMAT, type RunReport, type ShardRun } from './reports/run-report.js';
export type { Verdict, VerdictKind, RequirementOutcome, RequirementStatus } from './reports/verdict.js';
export type { Expectations } from './reports/expectations.js';
export type { CheckOutcome, CheckStatus, Judgement } from './outcomes/check-outcome.js';
export type { Evidence } from './outcomes/evidence.js';
export type { Exchange } from './http/exchange.js';
export type { Leftover } from './outcomes/leftover.js';
