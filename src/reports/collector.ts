import { basename } from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { requirementIdOf } from '../catalogue/requirements.js';
import type { CheckOutcome, CheckStatus } from '../outcomes/check-outcome.js';
import type { Leftover } from '../outcomes/leftover.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', error: '!', inconclusive: '?', skipped: '-', 'not-applicable': '-', recorded: '·', 'not-run': '-' };

const specName = (moduleId: string) => basename(moduleId).replace(/\.spec\.[tj]s$/, '');

/**
 * A vitest reporter that keeps every check's outcome, as the check's own harness decided it, and prints one line
 * per check as it settles. It decides nothing itself, except for a check that left no outcome (its spec file
 * broke, or a filter left it out).
 */
export class ResultCollector implements Reporter {
  private readonly outcomes: CheckOutcome[] = [];
  readonly fileErrors: Array<{ file: string; message: string }> = [];
  readonly leftovers: Leftover[] = [];
  private readonly sessionUsage = { requests: 0, bytesSent: 0 };
  /** Spec files whose session reported what it sent: every request of theirs, setup and cleanup included. */
  private readonly filesReported = new Set<string>();

  constructor(private readonly progress: (line: string) => void) {}

  /** Every outcome, in spec-file order and then in the order of the checks within the file. */
  get checks(): CheckOutcome[] {
    return [...this.outcomes].sort((a, b) => a.file.localeCompare(b.file) || a.index - b.index);
  }

  /**
   * Requests and body bytes the run sent: each spec file's whole session when it ended, and for a file whose
   * worker was stopped (an interrupted run) what its settled checks sent, so an interrupted run never says 0.
   */
  get usage(): { requests: number; bytesSent: number } {
    const unreported = this.outcomes.filter((c) => !this.filesReported.has(c.file));
    return {
      requests: this.sessionUsage.requests + unreported.reduce((sum, c) => sum + c.usage.requests, 0),
      bytesSent: this.sessionUsage.bytesSent + unreported.reduce((sum, c) => sum + c.usage.bytesSent, 0),
    };
  }

  onTestCaseResult(testCase: TestCase): void {
    const outcome = testCase.meta().conformance ?? withoutOutcome(testCase);
    if (!outcome) return;
    this.outcomes.push(outcome);
    if (outcome.status === 'not-run') return;
    const suffix = outcome.status === 'pass' || outcome.status === 'fail' ? '' : `  (${outcome.status}${outcome.reason ? `: ${firstLine(outcome.reason)}` : ''})`;
    this.progress(`  ${MARK[outcome.status]} ${outcome.title}${suffix}`);
  }

  onTestModuleEnd(module: TestModule): void {
    const session = module.meta().session;
    if (session) {
      this.filesReported.add(specName(module.moduleId));
      this.sessionUsage.requests += session.usage.requests;
      this.sessionUsage.bytesSent += session.usage.bytesSent;
      this.leftovers.push(...session.leftovers);
    }
    const errors = module.errors();
    if (errors.length > 0) {
      const message = firstLine(errors.map((e) => e.message).join('; '));
      this.fileErrors.push({ file: specName(module.moduleId), message });
      this.progress(`  ! specs/${specName(module.moduleId)}.spec.ts: ${message}`);
    }
  }
}

/** The outcome of a check whose harness left none: left out by a filter, or broken before its harness ran. */
function withoutOutcome(testCase: TestCase): CheckOutcome | undefined {
  const result = testCase.result();
  if (result.state === 'pending') return undefined;
  const requirementId = requirementIdOf(testCase.name);
  if (!requirementId) return undefined;
  const filtered = result.state === 'skipped' && testCase.options.mode !== 'run';
  const status: CheckStatus = filtered ? 'not-run' : result.state === 'failed' ? 'error' : 'not-run';
  const reason = filtered ? 'left out by --only, --grep or --shard' : result.state === 'failed' ? (result.errors?.[0]?.message ?? 'the check failed before its harness ran') : ((result.state === 'skipped' ? result.note : undefined) ?? 'did not run');
  return {
    title: testCase.name,
    file: specName(testCase.module.moduleId),
    index: Number.MAX_SAFE_INTEGER,
    requirementId,
    judges: [requirementId],
    status,
    judgements: {},
    contributions: { [requirementId]: status },
    reason: firstLine(reason),
    ...(status === 'error' ? { errorKind: 'suite' as const } : {}),
    durationMs: 0,
    usage: { requests: 0, bytesSent: 0 },
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
