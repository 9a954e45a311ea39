import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../src/catalogue/requirements.js';
import { startEmulator } from '../src/emulator/server.js';
import { ROOT } from './helpers/cli.js';
import { exec, userEnvironment, writeConsumerProject } from './helpers/installed-package.js';
import { assertValidCtrf, readValidReport } from './helpers/schemas.js';

// The package as a user gets it: packed, installed into an empty project, and run there with npx. The install is
// offline (see writeConsumerProject); nothing here talks to anything but 127.0.0.1.
const dir = mkdtempSync(join(tmpdir(), 'package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const npm = (args: string[]) => exec('npm', args, dir);

/** The README's example of run(), as printed there. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding the suite'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md: no js example under "## Embedding the suite"');
  return match[1]!;
}

describe('the package, packed, installed into an empty project and run with npx', () => {
  let files: string[] = [];
  beforeAll(async () => {
    // dist/ is current (the tests' global setup built it), and another test may be running it: no rebuild here.
    const packed = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
    expect(packed.code, packed.output).toBe(0);
    const [info] = JSON.parse(packed.output.slice(packed.output.indexOf('['))) as Array<{
      filename: string;
      files: Array<{ path: string }>;
    }>;
    files = info!.files.map((f) => f.path);
    writeConsumerProject(dir, info!.filename);
    const installed = await npm(['ci', '--offline', '--no-audit', '--no-fund']);
    expect(installed.code, installed.output).toBe(0);
  }, 120_000);

  test('the tarball holds the build, its declarations, the specs, the schemas and the docs, and no sources or tests', () => {
    // What the README tells a user to copy or read is there too: .env.example, the example expectation file, the licence.
    for (const file of [
      'bin/cos-conformance.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/specs/model-based.spec.js',
      'schemas/conformance-report.schema.json',
      'schemas/expectations.schema.json',
      'docs/interpreting.md',
      'README.md',
      'package.json',
      '.env.example',
      'fixtures/expectations/example.json',
      'LICENSE',
    ]) {
      expect(files).toContain(file);
    }
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('`.env.example`');
    expect(readme).toContain('`fixtures/expectations/example.json`');
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(
      files.filter(
        (f) =>
          /^(test|src|specs|scripts|bench|fixtures)\/|tsbuildinfo|\.spec\.d\.ts$/.test(f) && f !== 'fixtures/expectations/example.json',
      ),
    ).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(dir, 'node_modules/cos-conformance/package.json'), 'utf8')) as {
      private?: boolean;
      dependencies: Record<string, string>;
    };
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx');
  });

  test('npx cos-conformance run against the embedded emulator: exit 0, every report written and valid', async () => {
    const result = await exec('npx', ['--no', 'cos-conformance', 'run', '--num-runs', '5'], dir);
    expect(result.code, result.output.slice(-3000)).toBe(0);
    expect(result.output).toMatch(/embedded emulator: conformant to COS Upload Part/);
    for (const name of ['conformance.json', 'conformance.md', 'index.html', 'junit.xml', 'ctrf.json'])
      expect(existsSync(join(dir, 'reports', name)), name).toBe(true);
    const report = readValidReport<{ tool: { version: string }; verdict: { requirements: unknown[] } }>(
      join(dir, 'reports', 'conformance.json'),
    );
    expect(report.verdict.requirements).toHaveLength(REQUIREMENTS.length);
    assertValidCtrf(join(dir, 'reports', 'ctrf.json'));
    // Nothing is written inside the installed package (vitest's cache, say).
    expect(existsSync(join(dir, 'node_modules/cos-conformance/dist/node_modules'))).toBe(false);
  }, 180_000);

  test('npx cos-conformance client grades a client end to end: every scenario, every report written and valid', async () => {
    const client = join(ROOT, 'test/fixtures/clients/mini-client.mjs');
    const result = await exec(
      'npx',
      ['--no', 'cos-conformance', 'client', '--report-dir', 'client-reports', '--name', 'mini client', '--', process.execPath, client],
      dir,
    );
    expect(result.code, result.output.slice(-3000)).toBe(0);
    expect(result.output).toMatch(/mini client: conformant to the COS multipart upload client requirements/);
    const report = readValidReport<{ client: { scenarios: unknown[] }; verdict: { requirements: Array<{ id: string }> } }>(
      join(dir, 'client-reports', 'conformance.json'),
    );
    expect(report.client.scenarios.length).toBeGreaterThan(1);
    expect(report.verdict.requirements.every((r) => r.id.startsWith('CL-'))).toBe(true);
    assertValidCtrf(join(dir, 'client-reports', 'ctrf.json'));
    for (const name of ['conformance.md', 'index.html', 'junit.xml'])
      expect(existsSync(join(dir, 'client-reports', name)), name).toBe(true);
    const listed = await exec('npx', ['--no', 'cos-conformance', 'client', '--list'], dir);
    expect(listed.output).toContain('CL-08  MUST');
  }, 180_000);

  test('npx cos-conformance list prints the catalogue with its public citations, and spec files the package holds', async () => {
    const result = await exec('npx', ['--no', 'cos-conformance', 'list'], dir);
    expect(result.code, result.output).toBe(0);
    for (const r of REQUIREMENTS) expect(result.output).toContain(`${r.id}  ${r.level}`);
    expect(result.output).toContain('<https://www.tencentcloud.com/document/product/436/7750>');
    const paths = [...result.output.matchAll(/^\s+specs: (.*)$/gm)].flatMap((m) => m[1]!.split(', '));
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !files.includes(p))).toEqual([]);
  }, 60_000);

  test('npx cos-conformance --version, and the example expectation file loads from the package', async () => {
    const version = await exec('npx', ['--no', '--', 'cos-conformance', '--version'], dir);
    expect(version.output.trim()).toBe(
      `cos-conformance ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`,
    );
    const example = join(dir, 'node_modules/cos-conformance/fixtures/expectations/example.json');
    const result = await exec(
      'npx',
      [
        '--no',
        'cos-conformance',
        'run',
        '--only',
        'UP-06',
        '--num-runs',
        '3',
        '--expectations',
        example,
        '--report-dir',
        'example-expectations',
      ],
      dir,
    );
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/^embedded emulator: partial run/m);
  }, 120_000);

  test("the README's example of run() type-checks against the installed declarations and runs against an emulator", async () => {
    const example = readmeExample();
    writeFileSync(join(dir, 'example.ts'), example);
    const checked = await exec(
      process.execPath,
      [
        join(ROOT, 'node_modules/typescript/bin/tsc'),
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--skipLibCheck',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        '--types',
        'node',
        'example.ts',
      ],
      dir,
    );
    expect(checked.code, checked.output).toBe(0);
    const emulator = await startEmulator({
      bucket: 'examplebucket-1250000000',
      credentials: [{ secretId: 'AKIDexample', secretKey: 'example-secret' }],
    });
    try {
      // Pointed at this emulator, and at one requirement to keep the test short; otherwise as printed.
      const runnable = example
        .replace('http://127.0.0.1:9000', emulator.endpoint.origin)
        .replace("reportDir: 'reports',", "reportDir: 'example-reports', only: ['UP-06'],");
      expect(runnable).not.toBe(example);
      writeFileSync(join(dir, 'example.mjs'), runnable);
      const ran = await exec(process.execPath, ['example.mjs'], dir, userEnvironment());
      expect(ran.code, ran.output).toBe(0);
      expect(ran.output).toMatch(/127\.0\.0\.1:\d+: partial run, no verdict on COS Upload Part as a whole/);
      readValidReport(join(dir, 'example-reports', 'conformance.json'));
    } finally {
      await emulator.close();
    }
  }, 120_000);

  test('the schemas resolve through the package name', async () => {
    const resolved = await exec(
      process.execPath,
      ['--input-type=module', '-e', "console.log(import.meta.resolve('cos-conformance/schemas/conformance-report.schema.json'))"],
      dir,
    );
    expect(resolved.output.trim()).toBe(`file://${join(dir, 'node_modules/cos-conformance/schemas/conformance-report.schema.json')}`);
  });
});
