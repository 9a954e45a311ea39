import type { CheckOutcome } from '../outcomes/check-outcome.js';
import type { RunReport } from './run-report.js';

/**
 * What distinguishes the report of a client run (`cos-conformance client`) from a server run's, for the renderers:
 * its title, and where its checks live (the client grader's modules rather than spec files).
 */
export const isClientReport = (report: RunReport): boolean => report.client !== undefined;

export function reportTitle(reports: readonly RunReport[]): string {
  return reports.length > 0 && reports.every(isClientReport) ? 'COS multipart upload client conformance' : 'COS Upload Part conformance';
}

/** The command that prints the catalogue a report's requirements come from. */
export const catalogueCommand = (reports: readonly RunReport[]): string => (reports.length > 0 && reports.every(isClientReport) ? 'cos-conformance client --list' : 'cos-conformance list');

/** The file a check comes from: a spec file, or a module of the client grader. */
export function checkSource(report: RunReport, check: CheckOutcome): string {
  return isClientReport(report) ? `src/clients/grade/${check.file}.ts` : `specs/${check.file}.spec.ts`;
}
