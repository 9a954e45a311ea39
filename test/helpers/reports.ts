import type { CheckOutcome } from '../../src/outcomes/check-outcome.js';
import { REPORT_FORMAT, REPORT_SCHEMA_URL, type RunReport } from '../../src/reports/run-report.js';
import { judgeRun, type RunFacts, type Verdict } from '../../src/reports/verdict.js';
import { assertMatchesSchema } from './schemas.js';

/** A run's report around synthetic check outcomes (test/helpers/outcomes.ts), checked against the report schema. */
export function syntheticReport(
  name: string,
  checks: CheckOutcome[],
  facts: Partial<RunFacts> & { verdict?: Verdict; target?: Record<string, string>; runId?: string } = {},
): RunReport {
  const { verdict, target, runId, ...more } = facts;
  const report: RunReport = {
    $schema: REPORT_SCHEMA_URL,
    format: REPORT_FORMAT,
    tool: { name: 'cos-conformance', version: '0.1.0' },
    target: target ?? {
      name,
      endpoint: `${name}.example:9000`,
      bucket: 'examplebucket-1250000000',
      region: 'ap-guangzhou',
      profile: 'cos',
      signature: 'cos',
      addressing: 'virtual',
    },
    runId: runId ?? `20261125T120000-${name.replace(/\W/g, '')}`,
    seed: 424242,
    numRuns: 10,
    options: {
      profile: 'cos',
      signature: 'cos',
      addressing: 'virtual',
      maxBytes: 268435456,
      deviations: [],
      strict: false,
      ...(more.filter ? { filter: more.filter } : {}),
    },
    startedAt: new Date(0).toISOString(),
    durationMs: 12_345,
    bytesSent: 18_000_000,
    requests: 2412,
    verdict: verdict ?? judgeRun({ checks, strict: false, targetName: target?.version ? `${name} ${target.version}` : name, ...more }),
    checks,
    leftovers: [],
  };
  assertMatchesSchema('report', JSON.parse(JSON.stringify(report)), name);
  return report;
}
