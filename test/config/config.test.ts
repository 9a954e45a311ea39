import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, configFromEnvironment, loadConfig, VARIABLES } from '../../src/config/index.js';

const remote = {
  COS_ENDPOINT: 'https://cos.ap-beijing.myqcloud.com',
  COS_BUCKET: 'examplebucket-1250000000',
  COS_REGION: 'ap-beijing',
  COS_SECRET_ID: 'AKIDexample',
  COS_SECRET_KEY: 'secret',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    configFromEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  test('no settings at all means the embedded emulator, with generated credentials', () => {
    const config = configFromEnvironment({});
    expect(config.endpoint).toBeUndefined();
    expect(config.bucket).toBe('conformance-1250000000');
    expect(config.credentials.secretId).toMatch(/^AKID/);
    expect(config.profile).toBe('cos');
    expect(config.signature).toBe('cos');
    expect(config.keyPrefix).toBe('cos-conformance/');
  });

  test('a full remote configuration is taken as given', () => {
    const config = configFromEnvironment({ ...remote, COS_MAX_BYTES: '64MiB', COS_SEED: '42', COS_KEY_PREFIX: 'ci/x' });
    expect(config.endpoint?.host).toBe('cos.ap-beijing.myqcloud.com');
    expect(config.maxBytes).toBe(64 * 1024 * 1024);
    expect(config.seed).toBe(42);
    expect(config.keyPrefix).toBe('ci/x/');
    expect(config.numRuns).toBe(10);
    expect(config.concurrency).toBe(6);
    expect(configFromEnvironment({ ...remote, COS_CONCURRENCY: '1' }).concurrency).toBe(1);
  });

  test.each([
    [{ COS_ENDPOINT: 'not a url' }, 'COS_ENDPOINT', /URL/],
    [{ COS_ENDPOINT: 'ftp://example.com' }, 'COS_ENDPOINT', /http/],
    [{ COS_ENDPOINT: 'http://127.0.0.1:9000/bucket' }, 'COS_ENDPOINT', /no path/],
    [{ COS_BUCKET: 'examplebucket' }, 'COS_BUCKET', /APPID/],
    [{ COS_BUCKET: '' }, 'COS_BUCKET', /not set/],
    [{ COS_REGION: '' }, 'COS_REGION', /required/],
    [{ COS_SECRET_ID: '' }, 'COS_SECRET_ID', /not set/],
    [{ COS_SECRET_KEY: '  ' }, 'COS_SECRET_KEY', /not set/],
    [{ COS_PROFILE: 'azure' }, 'COS_PROFILE', /cos, s3/],
    [{ COS_SIGNATURE: 'sigv2' }, 'COS_SIGNATURE', /cos, sigv4/],
    [{ COS_ADDRESSING: 'dns' }, 'COS_ADDRESSING', /virtual, path/],
    [{ COS_MAX_BYTES: '-5' }, 'COS_MAX_BYTES', /negative/],
    [{ COS_MAX_BYTES: '12 parsecs' }, 'COS_MAX_BYTES', /byte count/],
    [{ COS_NUM_RUNS: '0' }, 'COS_NUM_RUNS', /positive/],
    [{ COS_NUM_RUNS: '1.5' }, 'COS_NUM_RUNS', /positive/],
    [{ COS_REQUEST_TIMEOUT_MS: 'soon' }, 'COS_REQUEST_TIMEOUT_MS', /positive/],
    [{ COS_SEED: 'abc' }, 'COS_SEED', /whole number/],
    [{ COS_CONCURRENCY: '0' }, 'COS_CONCURRENCY', /positive/],
    [{ COS_CONCURRENCY: '17' }, 'COS_CONCURRENCY', /at most 16/],
    [{ COS_KEY_PREFIX: '/abs' }, 'COS_KEY_PREFIX', /must not start/],
  ])('%o is refused, naming %s', (override, variable, message) => {
    const error = configError({ ...remote, ...override });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });

  test('a non-COS endpoint accepts any valid bucket name', () => {
    const config = configFromEnvironment({ ...remote, COS_ENDPOINT: 'http://127.0.0.1:4568', COS_BUCKET: 'plain', COS_PROFILE: 's3' });
    expect(config.bucket).toBe('plain');
    expect(config.signature).toBe('sigv4');
    expect(config.region).toBe('ap-beijing');
  });

  test('.env is read, --env-file replaces it, and the process environment wins over both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cos-conf-'));
    writeFileSync(join(dir, '.env'), 'COS_SEED=7\nCOS_NUM_RUNS=3\n');
    writeFileSync(join(dir, 'other.env'), 'COS_SEED=8\n');
    expect(loadConfig({ env: {}, cwd: dir }).seed).toBe(7);
    expect(loadConfig({ env: { COS_SEED: '9' }, cwd: dir }).seed).toBe(9);
    expect(loadConfig({ env: {}, cwd: dir, envFile: join(dir, 'other.env') }).seed).toBe(8);
    expect(() => loadConfig({ env: {}, cwd: dir, envFile: join(dir, 'missing.env') })).toThrow(/--env-file: no such file/);
  });

  test('.env.example and the README document every variable the suite reads', () => {
    const example = readFileSync(join(import.meta.dirname, '../../.env.example'), 'utf8');
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const name of Object.keys(VARIABLES)) {
      expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, name).toContain(`\`${name}\``);
    }
  });
});

describe('COS_CA_FILE', () => {
  test('a PEM file is read into the configuration; a missing or non-PEM file names the variable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-file-'));
    const pem = join(dir, 'ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(configFromEnvironment({ COS_CA_FILE: pem }).caCertificate).toContain('BEGIN CERTIFICATE');
    expect(() => configFromEnvironment({ COS_CA_FILE: join(dir, 'missing.pem') })).toThrow(/COS_CA_FILE.*ENOENT/);
    const text = join(dir, 'text.txt');
    writeFileSync(text, 'hello');
    expect(() => configFromEnvironment({ COS_CA_FILE: text })).toThrow(/COS_CA_FILE.*no PEM certificate/);
  });
});

describe('COS_BUCKET_TYPE', () => {
  const remote = {
    COS_ENDPOINT: 'https://cos.ap-beijing.myqcloud.com',
    COS_BUCKET: 'examplebucket-1250000000',
    COS_REGION: 'ap-beijing',
    COS_SECRET_ID: 'AKIDexample',
    COS_SECRET_KEY: 'secret',
  };

  test('standard by default, rapid for a cosrapid endpoint or when set; a typo or rapid under the s3 profile names the variable', () => {
    expect(configFromEnvironment({}).bucketType).toBe('standard');
    expect(configFromEnvironment(remote).bucketType).toBe('standard');
    expect(
      configFromEnvironment({ ...remote, COS_ENDPOINT: 'https://examplebucket-1250000000.cosrapid.ap-beijing.myqcloud.com' }).bucketType,
    ).toBe('rapid');
    expect(configFromEnvironment({ ...remote, COS_BUCKET_TYPE: 'RAPID' }).bucketType).toBe('rapid');
    expect(() => configFromEnvironment({ ...remote, COS_BUCKET_TYPE: 'fast' })).toThrow(/COS_BUCKET_TYPE.*standard, rapid/);
    expect(() => configFromEnvironment({ COS_PROFILE: 's3', COS_BUCKET_TYPE: 'rapid' })).toThrow(/COS_BUCKET_TYPE.*COS_PROFILE=cos/);
  });
});
