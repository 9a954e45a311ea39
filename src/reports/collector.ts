import type { Reporter, TestCase } from 'vitest/node';
import { requirementIdOf } from '../catalogue/requirements.js';
import type { CheckMeta } from '../harness/check.js';

/** One check as it ended, in the terms of the verdict. */
export interface CheckResult {
  readonly title: string;
  readonly file: string;
  readonly requirementId: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  /** failed because the target did not answer, or because the suite itself broke: never a pass, never a failure. */
  readonly error: boolean;
  /** For errors: 'target' when the target did not answer (TargetError), 'suite' when the suite itself broke. */
  readonly errorKind?: 'target' | 'suite';
  readonly note?: string;
  readonly message?: string;
  readonly meta?: CheckMeta;
}

/** A vitest reporter that keeps every conformance check's result and prints one line per check as it settles. */
export class ResultCollector implements Reporter {
  readonly results: CheckResult[] = [];

  constructor(private readonly progress: (line: string) => void) {}

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    const meta = testCase.meta().conformance;
    const requirementId = meta?.requirementId ?? requirementIdOf(testCase.name) ?? 'UNKNOWN';
    // Checks left out by --only or --grep are reported as skipped by vitest; they were not run, so not collected.
    if (result.state === 'pending' || (result.state === 'skipped' && testCase.options.mode !== 'run')) return;
    const firstError = result.state === 'failed' ? result.errors?.[0] : undefined;
    // Only a ConformanceFailure is a verdict on the target; anything else that failed is an error.
    const error = result.state === 'failed' && (meta?.outcome === 'error' || firstError?.name !== 'ConformanceFailure');
    const entry: CheckResult = {
      title: testCase.name,
      file: testCase.module.moduleId,
      requirementId,
      state: result.state,
      error,
      ...(error ? { errorKind: firstError?.name === 'TargetError' || meta?.outcome === 'error' ? ('target' as const) : ('suite' as const) } : {}),
      ...(result.state === 'skipped' && result.note ? { note: result.note } : {}),
      ...(firstError?.message ? { message: firstError.message } : {}),
      ...(meta ? { meta } : {}),
    };
    this.results.push(entry);
    const mark = entry.state === 'skipped' ? '-' : error ? '!' : entry.state === 'passed' ? '✓' : '✗';
    const suffix = entry.state === 'skipped' ? `  (skipped: ${entry.note ?? 'no reason given'})` : error ? `  (error: ${firstLine(entry.message)})` : '';
    this.progress(`  ${mark} ${testCase.name}${suffix}`);
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.slice(0, 200);
}
