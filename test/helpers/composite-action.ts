import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

interface Action {
  readonly inputs: Record<string, { default?: string }>;
  readonly outputs?: Record<string, { value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

export interface StepResult {
  readonly name: string;
  /** null: skipped (a step before it failed, and it does not run always()); 'uses': an action this runner cannot run. */
  readonly code: number | null | 'uses';
  readonly stdout: string;
  /** A `uses:` step's inputs, expressions resolved. */
  readonly with?: Record<string, string>;
}

export interface JobResult {
  readonly steps: readonly StepResult[];
  readonly failed: boolean;
  /** What the job's step summary would show. */
  readonly summary: string;
  /** The action's outputs, as a later step reads them. */
  readonly outputs: Record<string, string>;
}

export function loadAction(file: string): Action {
  return parse(readFileSync(file, 'utf8')) as Action;
}

/**
 * Runs a composite action's steps as a GitHub runner would, on this machine: each `run:` through
 * `bash --noprofile --norc -eo pipefail`, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and the step's `env:`, and the
 * expressions it knows (inputs, github.action_path, github.run_id, steps.<id>.outputs) resolved. A `uses:` step is
 * recorded, not run. A step runs when none before it failed, or when its `if:` is always(); any other condition
 * is refused, so the action cannot rely on one this runner would judge differently.
 */
export async function runCompositeAction(
  action: Action,
  options: { actionPath: string; inputs: Record<string, string>; env?: Record<string, string> },
): Promise<JobResult> {
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const work = mkdtempSync(join(tmpdir(), 'composite-action-'));
  const summaryFile = join(work, 'summary.md');
  writeFileSync(summaryFile, '');
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? '']),
  );
  for (const name of Object.keys(options.inputs)) if (!(name in action.inputs)) throw new Error(`the action has no input "${name}"`);
  const outputs: Record<string, Record<string, string>> = {};
  const runId = '12345678901';
  const resolve = (text: string) =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      if (input) return inputs[input[1]!] ?? '';
      if (expression === 'github.action_path') return options.actionPath;
      if (expression === 'github.run_id') return runId;
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
      if (output) return outputs[output[1]!]?.[output[2]!] ?? '';
      throw new Error(`unsupported expression \${{ ${expression} }}`);
    });
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COS_') && !k.startsWith('GITHUB_')));
  const steps: StepResult[] = [];
  let failed = false;
  for (const step of action.runs.steps) {
    if (step.if !== undefined && step.if !== 'always()') throw new Error(`unsupported condition "${step.if}" on "${step.name}"`);
    if (failed && step.if !== 'always()') {
      steps.push({ name: step.name, code: null, stdout: '' });
      continue;
    }
    if (step.uses) {
      steps.push({
        name: step.name,
        code: 'uses',
        stdout: '',
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, resolve(String(v))])),
      });
      continue;
    }
    if (step.shell !== 'bash' || step.run === undefined)
      throw new Error(`"${step.name}": only bash run steps and uses steps are supported`);
    const outputFile = join(work, `output-${steps.length}`);
    writeFileSync(outputFile, '');
    const script = join(work, `step-${steps.length}.sh`);
    writeFileSync(script, step.run);
    const env = {
      ...base,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_RUN_ID: runId,
      ...options.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, resolve(String(v))])),
    };
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((done) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: options.env?.PWD ?? work,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (c) => done({ code: c ?? 1, stdout: out }));
    });
    if (step.id)
      outputs[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    steps.push({ name: step.name, code, stdout });
    if (code !== 0) failed = true;
  }
  const actionOutputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, resolve(spec.value)]));
  return { steps, failed, summary: readFileSync(summaryFile, 'utf8'), outputs: actionOutputs };
}
