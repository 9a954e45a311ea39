/**
 * The client mode against real clients nobody here wrote (scripts/clients/runners.ts): each graded by
 * `cos-conformance client` over HTTPS with certificate verification on, in every scenario, and, where its runner
 * takes a customer key, once more with one (CLIENT_SSE_C=1, the plain scenario), against its reviewed expectation
 * file (fixtures/client-expectations/), with --strict, so a new deviation, or a listed one that went away, fails the
 * job. Reports in reports/clients/<configuration>/, all of them side by side in reports/clients/merged/.
 *
 *   npm run clients                    every client
 *   npm run clients -- s3cmd rclone    only these runners
 *
 * A Debian client that is not installed is skipped (apt-get install it), and fails the job under CI.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cli, ROOT } from '../lib/exec.js';
import { CLIENT_RUNNERS, type ClientRunner, isInstalled } from './runners.js';

const REPORTS = resolve(process.env.COS_JOB_REPORTS ?? join(ROOT, 'reports', 'clients'));

interface Configuration {
  readonly name: string;
  readonly runner: ClientRunner;
  readonly args: readonly string[];
}

/** A runner's configurations: every scenario as its users leave it; the plain scenario with a customer key. */
function configurations(runner: ClientRunner): Configuration[] {
  const base = runner.name.replace('/', '-');
  return [
    { name: base, runner, args: [] },
    ...(runner.sseC ? [{ name: `${base}-sse-c`, runner, args: ['--env', 'CLIENT_SSE_C=1', '--fault', 'plain'] }] : []),
  ];
}

export const expectationFile = (configuration: string): string => join(ROOT, 'fixtures/client-expectations', `${configuration}.json`);

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !CLIENT_RUNNERS.some((r) => r.name === a));
  if (unknown.length) {
    console.error(`clients: unknown runner ${unknown.join(', ')} (known: ${CLIENT_RUNNERS.map((r) => r.name).join(', ')})`);
    return 2;
  }
  const runners = asked.length ? CLIENT_RUNNERS.filter((r) => asked.includes(r.name)) : CLIENT_RUNNERS;
  const results: Array<{ name: string; code: number; seconds: number; note?: string }> = [];
  for (const configuration of runners.flatMap(configurations)) {
    const { runner } = configuration;
    if (!isInstalled(runner)) {
      const why = `${runner.debian!.package} is not installed (apt-get install ${runner.debian!.package})`;
      console.log(`\n=== ${configuration.name}: skipped: ${why}`);
      results.push({ name: configuration.name, code: process.env.CI ? 1 : 0, seconds: 0, note: `skipped: ${why}` });
      continue;
    }
    const began = Date.now();
    const expectations = expectationFile(configuration.name);
    console.log(`\n=== ${configuration.name}: ${runner.client}`);
    const { code } = await cli([
      'client',
      '--tls',
      '--profile',
      runner.profile,
      '--name',
      configuration.name,
      '--strict',
      '--timeout',
      '240',
      ...(existsSync(expectations) ? ['--expectations', expectations] : []),
      '--report-dir',
      join(REPORTS, configuration.name),
      ...configuration.args,
      '--',
      runner.command,
      ...runner.args,
    ]);
    results.push({ name: configuration.name, code, seconds: (Date.now() - began) / 1000 });
  }
  const reported = results.filter((r) => existsSync(join(REPORTS, r.name, 'conformance.json'))).map((r) => join(REPORTS, r.name));
  if (reported.length) await cli(['report', ...reported, '--out', join(REPORTS, 'merged')], {}, true);
  console.log('');
  for (const r of results) console.log(`${r.name.padEnd(28)} exit ${r.code}  ${r.seconds.toFixed(1)} s${r.note ? `  (${r.note})` : ''}`);
  console.log(`Side by side: ${join(REPORTS, 'merged', 'index.html')}`);
  return results.every((r) => r.code === 0) ? 0 : 1;
}

process.exitCode = await main();
