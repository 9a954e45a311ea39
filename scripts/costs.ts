/**
 * What each check sends, measured, against the cost it declares (`check(title, body, { costMiB })`):
 *
 *   npm run costs                 seeds 1 to 7, both profiles and a high-performance bucket (COS_BUCKET_TYPE=rapid),
 *                                 the default cases per property; prints the table
 *   npm run costs -- --write      the same, then writes each check's new cost into its spec file
 *   npm run costs -- --seeds 1..3
 *
 * A check's cost is the most it sent over those runs plus a tenth, rounded up to a whole MiB; 0.5 for one that sends
 * under 0.45 MiB. test/harness/check-costs.test.ts fails when a check sends more than it declares.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { inParallel } from '../src/harness/in-parallel.js';
import type { CheckOutcome } from '../src/outcomes/check-outcome.js';
import { cli, ROOT } from './lib/exec.js';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const seedsArg = args[args.indexOf('--seeds') + 1];
const [from, to] = args.includes('--seeds') && seedsArg ? seedsArg.split('..').map(Number) : [1, 7];
const seeds = Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
const dir = mkdtempSync(join(tmpdir(), 'costs-'));

const costOf = (bytes: number) => (bytes < 0.45 * MiB ? 0.5 : Math.ceil((bytes * 1.1) / MiB - 1e-9));

try {
  const variants = [
    { profile: 'cos', bucketType: 'standard' },
    { profile: 's3', bucketType: 'standard' },
    { profile: 'cos', bucketType: 'rapid' },
  ] as const;
  const jobs = seeds.flatMap((seed) => variants.map((variant) => ({ seed, ...variant })));
  const runs = await inParallel(jobs, 2, async ({ seed, profile, bucketType }) => {
    const reportDir = join(dir, `${profile}-${bucketType}-${seed}`);
    const args = ['run', '--profile', profile, '--seed', String(seed), '--report-dir', reportDir];
    // An allowance far above the default, so that no check is stopped by the share its present cost gives it: what
    // is measured is what it sends when nothing stops it.
    const { code } = await cli(args, { COS_BUCKET_TYPE: bucketType, COS_MAX_BYTES: '64GiB' }, true);
    if (code !== 0) throw new Error(`the faithful run of seed ${seed} under ${profile} (${bucketType} bucket) exited ${code}`);
    return (JSON.parse(readFileSync(join(reportDir, 'conformance.json'), 'utf8')) as { checks: CheckOutcome[] }).checks;
  });
  const most = new Map<string, { file: string; sent: number; declared: number }>();
  for (const check of runs.flat()) {
    const seen = most.get(check.title);
    if (!seen || check.usage.bytesSent > seen.sent)
      most.set(check.title, { file: check.file, sent: check.usage.bytesSent, declared: check.costMiB ?? 0 });
  }
  console.log(
    `| Check | Most sent (seeds ${seeds[0]}..${seeds.at(-1)}, both profiles, standard and rapid) | Declared | Measured cost |\n|---|---:|---:|---:|`,
  );
  for (const [title, m] of most)
    console.log(
      `| ${title.slice(0, 100)} | ${(m.sent / MiB).toFixed(2)} MiB | ${m.declared} | ${costOf(m.sent)}${costOf(m.sent) > m.declared ? ' (over)' : ''} |`,
    );
  const total = [...most.values()].reduce((sum, m) => sum + costOf(m.sent), 0);
  console.log(`\nTotal of the measured costs: ${total} MiB`);
  if (args.includes('--write')) writeCosts(new Map([...most].map(([title, m]) => [title, costOf(m.sent)])));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Rewrites `costMiB: N` in the options of each check whose title was measured. */
function writeCosts(costs: ReadonlyMap<string, number>): void {
  const specs = join(ROOT, 'specs');
  for (const file of readdirSync(specs).filter((f) => f.endsWith('.spec.ts'))) {
    const path = join(specs, file);
    let text = readFileSync(path, 'utf8');
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const edits: Array<{ start: number; end: number; value: string }> = [];
    for (const statement of source.statements) {
      const call = ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) ? statement.expression : undefined;
      if (!call || !ts.isIdentifier(call.expression) || call.expression.text !== 'check') continue;
      const [title, , options] = call.arguments;
      const cost = title && ts.isStringLiteralLike(title) ? costs.get(title.text) : undefined;
      if (cost === undefined || !options || !ts.isObjectLiteralExpression(options)) continue;
      const property = options.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'costMiB') as
        | ts.PropertyAssignment
        | undefined;
      if (property) edits.push({ start: property.initializer.getStart(), end: property.initializer.getEnd(), value: String(cost) });
    }
    for (const edit of edits.sort((a, b) => b.start - a.start)) text = `${text.slice(0, edit.start)}${edit.value}${text.slice(edit.end)}`;
    writeFileSync(path, text);
  }
}
