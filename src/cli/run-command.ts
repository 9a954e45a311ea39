import { consoleSummary } from '../reports/console.js';
import { reportPaths } from '../reports/write-reports.js';
import { parseRunOptions, reportDirOf, RUN_HELP } from './run-options.js';
import { reportConfigurationError, runSuite } from './run-suite.js';
import { EXIT } from './usage.js';

export { RUN_HELP } from './run-options.js';

/**
 * `cos-conformance run`: the suite, its progress as it goes, every failure's evidence and the verdict at the end.
 * Ctrl-C stops the run, which still cleans up and reports; a second Ctrl-C exits at once.
 */
export async function runCommand(args: string[], out: (line: string) => void): Promise<number> {
  let parsed: ReturnType<typeof parseRunOptions>;
  try {
    parsed = parseRunOptions(args, process.env);
  } catch (error) {
    // Even a run whose arguments were wrong replaces the reports, saying why there is no verdict.
    reportConfigurationError(reportDirOf(args), (error as Error).message);
    throw error;
  }
  if (parsed.help) {
    out(RUN_HELP);
    return 0;
  }
  const interruption = new AbortController();
  const onSignal = () => {
    if (interruption.signal.aborted) {
      out('Interrupted twice: exiting now; run "cos-conformance sweep" to clean up.');
      process.exit(EXIT.interrupted);
    }
    out('Interrupted: stopping, aborting uploads in flight and deleting what the run created (Ctrl-C again to exit at once)');
    interruption.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const report = await runSuite({ ...parsed.options, onProgress: out, signal: interruption.signal });
    // A run that never reached the target has said why already; there is nothing more to summarise.
    if (report.runId === 'none') return report.verdict.exitCode;
    for (const line of consoleSummary(report)) out(line);
    const paths = reportPaths(parsed.options.reportDir);
    out(`Reports: ${Object.values(paths).join(', ')}`);
    return report.verdict.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
