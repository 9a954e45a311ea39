import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLIENT_REQUIREMENTS } from '../catalogue/client-requirements.js';
import { startClientEmulator } from '../clients/client-emulator.js';
import {
  CLIENT_IDS,
  defaultScenarios,
  gradeClientCommand,
  parseScenarios,
  reportOf,
  scenarioFaults,
  sequenceOf,
} from '../clients/grading.js';
import { PROFILES, type Profile } from '../config/index.js';
import { FAULTS, faultKeyToken, parseFault } from '../emulator/faults.js';
import { consoleSummary } from '../reports/console.js';
import { loadExpectations } from '../reports/expectations.js';
import { clearReports, reportPaths, writeReports } from '../reports/write-reports.js';
import { EXIT, UsageError } from './usage.js';

const scenarioLines = Object.entries(FAULTS)
  .map(
    ([name, f]) =>
      `  ${`${name}${f.parameter ? `=${f.parameter === 'part' ? 'N' : f.parameter === 'seconds' ? 'S' : 'MS'}` : ''}`.padEnd(22)}${f.description}`,
  )
  .join('\n');

export const CLIENT_HELP = `cos-conformance client — grade a client's multipart upload against the COS documents

Usage:
  cos-conformance client [options] -- COMMAND [ARGS...]   run the client once per scenario against the reference
                                                          emulator, grade what it sent, write the reports
  cos-conformance client [options]                        serve the emulator, print the client settings, and grade
                                                          what clients send until SIGINT or SIGTERM
  cos-conformance client --list [--json]                  the client requirements (CL-NN) with their sources

The command gets COS_ENDPOINT, COS_BUCKET, COS_REGION, COS_SECRET_ID, COS_SECRET_KEY, COS_CA_FILE and their AWS
equivalents AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_CA_BUNDLE (the CA files
over --tls), the rest of your environment but other COS_* and AWS_* settings, and a HOME of its own.

Options:
  --tls                 serve HTTPS, with a certificate made for the run (names 127.0.0.1, localhost and
                        <bucket>.localhost); SSE-C is only accepted over HTTPS
  --profile cos|s3      COS rules and x-cos-* headers (default), or S3 rules and x-amz-* headers
  --fault F[,G]         with a command: run only these scenarios (plain, or faults below): a partial run;
                        without one: apply these faults to every upload
  --env NAME=VALUE      a setting of the client's own for the command (repeatable); replay lines name it
  --name NAME           the client's name in the reports (default: the command)
  --timeout S           seconds one scenario's client run may take before it is stopped (default 300)
  --expectations FILE   the client's known deviations (CL-NN entries; schemas/expectations.schema.json)
  --strict              SHOULD requirements count as MUST, and stale expectation entries fail the run
  --report-dir DIR      where reports go (default reports/); earlier reports there are replaced
  --port N              without a command: the port to serve on (default: a free one)
  --list                the client catalogue; --json for JSON
  --help                this text

Scenarios: a full grading runs the client with no fault (plain), then once per fault the catalogue is exercised
by (${defaultScenarios('cos').slice(1).join(', ')}; wrong-crc64 under cos only).
A fault applies to every upload of its scenario; an object key containing fault-NAME-N (fault-slowdown-on-part-2,
fault-complete-error) asks for one on that upload alone, so a client's own tests can pick them:
${scenarioLines}

Exit codes: 0 conformant (or, for a partial run, no failure among what ran), 1 not conformant or no verdict,
2 usage error, 3 the client sent nothing to the emulator, 130 interrupted.
Reports: junit.xml, conformance.json, conformance.md, index.html, ctrf.json, as for a server run.
`;

export async function clientCommand(args: string[], out: (line: string) => void): Promise<number> {
  const split = args.indexOf('--');
  const own = split < 0 ? args : args.slice(0, split);
  const command = split < 0 ? [] : args.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: own,
    strict: true,
    allowPositionals: true,
    options: {
      tls: { type: 'boolean' },
      profile: { type: 'string' },
      fault: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      name: { type: 'string' },
      timeout: { type: 'string' },
      expectations: { type: 'string' },
      strict: { type: 'boolean' },
      'report-dir': { type: 'string' },
      port: { type: 'string' },
      list: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    out(CLIENT_HELP);
    return 0;
  }
  if (values.list) return list(out, values.json === true);
  if (positionals.length > 0)
    throw new UsageError(`put the client command after --: cos-conformance client [options] -- ${positionals.join(' ')}`);
  if (split >= 0 && command.length === 0) throw new UsageError('no client command after --');
  const profile = (values.profile ?? 'cos') as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile: expected cos or s3, got "${values.profile}"`);
  const timeout = values.timeout === undefined ? 300 : Number(values.timeout);
  if (!(timeout > 0)) throw new UsageError(`--timeout: expected a number of seconds, got "${values.timeout}"`);
  const faultText = values.fault?.join(',');
  let scenarios: string[];
  try {
    scenarios = faultText === undefined ? defaultScenarios(profile) : parseScenarios(faultText);
  } catch (error) {
    throw new UsageError(`--fault: ${(error as Error).message}`);
  }
  if (values.expectations) loadExpectations(values.expectations, CLIENT_IDS);
  const reportDir = resolve(values['report-dir'] ?? 'reports');
  clearReports(reportDir);
  const options = {
    profile,
    tls: values.tls === true,
    reportDir,
    strict: values.strict === true,
    ...(values.expectations ? { expectations: values.expectations } : {}),
  };
  if (command.length === 0)
    return serve(
      {
        ...options,
        scenarios: faultText === undefined ? [] : scenarios,
        ...(values.name ? { name: values.name } : {}),
        ...(values.port ? { port: values.port } : {}),
      },
      out,
    );

  const env: Record<string, string> = {};
  for (const setting of values.env ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(setting);
    if (!match || /^(COS|AWS)_/.test(match[1]!))
      throw new UsageError(`--env: expected NAME=VALUE for a setting of the client's own (not COS_* or AWS_*), got "${setting}"`);
    env[match[1]!] = match[2]!;
  }
  const name = values.name ?? command.join(' ');
  out(`Grading ${name}: ${scenarios.length} scenario(s) over ${options.tls ? 'HTTPS' : 'HTTP'} (${profile} profile)`);
  // Ctrl-C or SIGTERM stops the client in flight (it runs in a process group of its own, out of the terminal's
  // reach) and the grading; the reports say it was interrupted.
  const interruption = new AbortController();
  const stop = () => {
    out('Interrupted: stopping the client and writing the reports');
    interruption.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let report: Awaited<ReturnType<typeof gradeClientCommand>>;
  try {
    report = await gradeClientCommand({
      ...options,
      command,
      name,
      env,
      scenarios,
      chosen: faultText !== undefined,
      timeoutMs: timeout * 1000,
      onProgress: out,
      signal: interruption.signal,
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new UsageError(`cannot run the client command "${command[0]}": not found`);
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  for (const line of consoleSummary(report)) out(line);
  out(`Reports: ${Object.values(reportPaths(reportDir)).join(', ')}`);
  return report.verdict.exitCode;
}

/** Serve mode: one emulator for clients started elsewhere; on SIGINT or SIGTERM, grade what came. */
async function serve(
  options: {
    profile: Profile;
    tls: boolean;
    reportDir: string;
    strict: boolean;
    expectations?: string;
    scenarios: string[];
    name?: string;
    port?: string;
  },
  out: (line: string) => void,
): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port number, got "${options.port}"`);
  const faults = options.scenarios.filter((s) => s !== 'plain').flatMap(scenarioFaults);
  const startedAt = new Date();
  const target = await startClientEmulator({ profile: options.profile, tls: options.tls, port, faults: { faults, byKey: true } });
  out(`COS emulator (${options.profile} profile) grading the clients it serves, on ${target.emulator.endpoint.origin}`);
  for (const [name, value] of Object.entries(target.env)) out(`${name}=${value}`);
  if (faults.length) out(`Faults on every upload: ${options.scenarios.join(', ')}`);
  out(
    `An object key containing ${faultKeyToken(parseFault('slowdown-on-part=2'))} (or another fault-NAME-N) asks for that fault on its upload. Stop with Ctrl-C to grade.`,
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const requests = [...target.observed];
  const openUploads = [...target.emulator.store.uploads.values()].map((u) => ({ key: u.key, uploadId: u.id }));
  await target.close();
  const run = { name: 'serve', faults: faults.map((f) => f.name), requests, openUploads, profile: options.profile };
  const report = reportOf(
    [run],
    {
      command: [],
      profile: options.profile,
      transport: options.tls ? 'https' : 'http',
      scenarios: [
        { name: 'serve', durationMs: Date.now() - startedAt.getTime(), requests: requests.length, sequence: sequenceOf(requests) },
      ],
    },
    {
      name: options.name ?? 'clients served by the emulator',
      startedAt,
      strict: options.strict,
      filter: 'serve mode: what the clients sent',
      ...(options.expectations
        ? { expectations: loadExpectations(options.expectations, CLIENT_IDS), expectationsPath: options.expectations }
        : {}),
    },
  );
  writeReports(options.reportDir, report);
  for (const line of consoleSummary(report)) out(line);
  out(`Reports: ${Object.values(reportPaths(options.reportDir)).join(', ')}`);
  return report.verdict.exitCode === EXIT.interrupted ? EXIT.notConformant : report.verdict.exitCode;
}

function list(out: (line: string) => void, json: boolean): number {
  if (json) {
    out(JSON.stringify(CLIENT_REQUIREMENTS, null, 2));
    return 0;
  }
  for (const r of CLIENT_REQUIREMENTS) {
    out(`${r.id}  ${r.level.padEnd(6)} ${r.sentence}`);
    for (const source of [r.source, ...(r.also ?? [])])
      out(`        ${source.document} [revision ${source.revision}], ${source.section}: "${source.quote}" <${source.url}>`);
    if (r.levelNote) out(`        level: ${r.levelNote}`);
    out(
      `        judged: ${r.scenarios ? `in scenario ${r.scenarios.join(', ')}` : 'in every scenario'}${r.profile ? `, ${r.profile} profile only` : ''} (src/clients/grade/${r.specs[0]}.ts)`,
    );
  }
  return 0;
}
