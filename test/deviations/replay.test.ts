import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cli, ROOT, readReport } from '../helpers/cli.js';

// Every printed replay line, pasted as printed into a shell, reproduces its failure. One deviation per kind of
// failure: a plain check, a generated case (COS_REPLAY), a model-based sequence (COS_REPLAY_COMMANDS), a fixed
// model sequence, a run under other options (profile, signature, addressing, num-runs), a high-performance bucket.
const dir = mkdtempSync(join(tmpdir(), 'replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A directory where `npx cos-conformance` resolves to this checkout, as it does in a clone or an install.
const shell = join(dir, 'shell');
mkdirSync(join(shell, 'node_modules', '.bin'), { recursive: true });
symlinkSync(join(ROOT, 'bin', 'cos-conformance.js'), join(shell, 'node_modules', '.bin', 'cos-conformance'));

function paste(line: string): Promise<number | null> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_')));
  return new Promise((resolve) => spawn('sh', ['-c', line], { cwd: shell, env, stdio: 'ignore' }).on('close', resolve));
}

interface Failure {
  requirementId: string;
  sent: string;
  expected: string;
  actual: string;
  replay?: string;
}

const failuresIn = (reportDir: string): Failure[] =>
  (readReport(reportDir).checks as Array<{ judgements: Record<string, { failures: Failure[] }> }>).flatMap((c) =>
    Object.values(c.judgements).flatMap((j) => j.failures),
  );

const KINDS: Array<[string, string[], RegExp, Record<string, string>?]> = [
  ['a plain check', ['--deviate', 'drop-sse-header', '--only', 'UP-17'], /^npx cos-conformance run --only UP-17 /],
  ['a generated case', ['--deviate', 'accept-part-number-zero', '--only', 'UP-06'], /^COS_REPLAY=UP-06\/below-one:\S+ npx /],
  [
    'a generated command sequence',
    ['--deviate', 'ignore-reupload', '--only', 'UP-04', '--grep', 'generated command sequences'],
    /COS_REPLAY_COMMANDS=\S+ npx /,
  ],
  [
    'a fixed model sequence',
    ['--deviate', 'list-parts-ended-no-such-key', '--only', 'UP-32', '--grep', 'fixed command sequences'],
    /^npx cos-conformance run --only UP-32 /,
  ],
  [
    'a run under other options',
    [
      '--deviate',
      'accept-part-number-above-max',
      '--only',
      'UP-07',
      '--profile',
      's3',
      '--signature',
      'sigv4',
      '--addressing',
      'path',
      '--num-runs',
      '7',
    ],
    /--num-runs 7 --profile s3 --signature sigv4 --addressing path /,
  ],
  // The bucket type has no flag: the line sets COS_BUCKET_TYPE, or the rapid-only check would be not applicable.
  [
    'a high-performance bucket',
    ['--deviate', 'rapid-refuse-gaps', '--only', 'UP-53'],
    /^COS_BUCKET_TYPE=rapid (COS_REPLAY=\S+ )?npx /,
    { COS_BUCKET_TYPE: 'rapid' },
  ],
];

describe('replay lines reproduce', () => {
  test.each(KINDS)(
    '%s',
    async (_kind, args, shape, env = {}) => {
      const original = join(dir, args.join('-').replace(/\W+/g, '-'));
      const run = await cli(['run', '--seed', '424242', '--report-dir', original, ...args], env);
      expect(run.code, run.stdout.slice(-2000)).toBe(1);
      const [failure] = failuresIn(original);
      expect(failure?.replay, JSON.stringify(failure)).toMatch(shape);
      expect(failure!.replay).not.toMatch(/COS_SECRET|q-signature|Signature=/);
      // Pasted as printed: its reports land in the directory it runs in.
      rmSync(join(shell, 'reports'), { recursive: true, force: true });
      expect(await paste(failure!.replay!)).toBe(1);
      const replayed = failuresIn(join(shell, 'reports'));
      expect(replayed.map((f) => [f.requirementId, f.expected, f.actual])).toContainEqual([
        failure!.requirementId,
        failure!.expected,
        failure!.actual,
      ]);
    },
    180_000,
  );
});
