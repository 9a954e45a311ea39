import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError } from './errors.js';
import { parseByteSize, parseEndpoint, parseEnum, parsePositiveInt, parseSeed } from './parse.js';

export { ConfigError } from './errors.js';

export const PROFILES = ['cos', 's3'] as const;
export const SIGNATURE_MODES = ['cos', 'sigv4'] as const;
export const ADDRESSING_STYLES = ['virtual', 'path'] as const;
/** COS bucket variants whose documents differ: standard buckets (doc 436/7742) and high-performance ones (cosrapid, doc 436/139736). */
export const BUCKET_TYPES = ['standard', 'rapid'] as const;
export type Profile = (typeof PROFILES)[number];
export type BucketType = (typeof BUCKET_TYPES)[number];
export type SignatureMode = (typeof SIGNATURE_MODES)[number];
export type Addressing = (typeof ADDRESSING_STYLES)[number];

export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Temporary keys: sent as `x-cos-security-token` (`x-amz-security-token` under SigV4). */
  readonly securityToken?: string;
}

export interface Config {
  /** Base URL of the target; undefined means the embedded emulator, started by the run. */
  readonly endpoint: URL | undefined;
  readonly bucket: string;
  readonly region: string;
  readonly credentials: Credentials;
  /** A temporary key set whose validity has ended: UP-35 signs with it to see it refused. */
  readonly expiredCredentials?: Credentials;
  readonly signature: SignatureMode;
  readonly profile: Profile;
  readonly addressing: Addressing;
  /** The COS bucket variant: the rules of high-performance (cosrapid) buckets are judged only against them. */
  readonly bucketType: BucketType;
  /** Every key the suite writes starts with this (ends with `/`), followed by the run id. */
  readonly keyPrefix: string;
  readonly seed: number;
  readonly numRuns: number;
  /** Upper bound on request body bytes sent in one run. */
  readonly maxBytes: number;
  readonly requestTimeoutMs: number;
  /** Spec files run side by side (COS_CONCURRENCY). */
  readonly concurrency: number;
  /** PEM certificates trusted for an https:// endpoint besides the system's (COS_CA_FILE; the embedded emulator's own). */
  readonly caCertificate?: string;
  /** What the reports call the target (COS_TARGET_NAME) and which version of it ran (COS_TARGET_VERSION). */
  readonly targetName?: string;
  readonly targetVersion?: string;
}

/** Every variable the suite reads, with its meaning; `.env.example` and the README are checked against it. */
export const VARIABLES = {
  COS_ENDPOINT: 'Base URL of the target. Unset: the embedded emulator is started on loopback.',
  COS_BUCKET: 'Bucket, e.g. examplebucket-1250000000 (real COS needs the -APPID suffix).',
  COS_REGION: 'Region, e.g. ap-beijing (SigV4 signs it; real COS needs it).',
  COS_SECRET_ID: 'SecretId (access key id).',
  COS_SECRET_KEY: 'SecretKey.',
  COS_SECURITY_TOKEN: 'Session token of temporary keys, sent as x-cos-security-token. The embedded emulator issues one.',
  COS_EXPIRED_SECRET_ID:
    'SecretId of a temporary key set that has expired (with COS_EXPIRED_SECRET_KEY and COS_EXPIRED_SECURITY_TOKEN): UP-35 checks it is refused.',
  COS_EXPIRED_SECRET_KEY: 'SecretKey of that expired temporary key set.',
  COS_EXPIRED_SECURITY_TOKEN: 'Session token of that expired temporary key set.',
  COS_SIGNATURE: 'cos (default: q-sign-algorithm=sha1) or sigv4 (AWS4-HMAC-SHA256).',
  COS_PROFILE: 'cos (default) or s3: S3 rules, e.g. a 5 MiB minimum part and x-amz-* headers.',
  COS_ADDRESSING: 'virtual (default: bucket in the Host) or path (/bucket/key).',
  COS_BUCKET_TYPE:
    'standard or rapid: a COS high-performance bucket (cosrapid), whose Complete rules differ (doc 436/139736). Default standard; rapid for a cosrapid endpoint.',
  COS_KEY_PREFIX: 'Prefix of every key the suite writes; a run id is appended. Default cos-conformance/.',
  COS_SEED: 'Seed of the generated cases and bodies; printed by every run, so a run can be replayed.',
  COS_NUM_RUNS: 'Generated cases per property. Default 100 against the emulator, 10 against a remote target.',
  COS_MAX_BYTES: 'Upper bound on body bytes sent in one run (e.g. 256MiB); each check has a fixed share of it. Default 1GiB.',
  COS_CONCURRENCY:
    'Spec files run side by side, 1 to 16; within a file up to 4 checks run at once (1: one check at a time). Default 6; against the embedded emulator 4, at most the number of cores.',
  COS_REQUEST_TIMEOUT_MS:
    'Milliseconds one request may go with nothing coming or going (connecting included) before it counts as unanswered. Default 30000.',
  COS_CA_FILE: 'PEM file of certificates to trust for an https:// endpoint (a gateway with its own CA, an emulator started with --tls).',
  COS_TARGET_NAME: "The target's name in the reports and the matrix. Default: the expectation file's target, else the endpoint's host.",
  COS_TARGET_VERSION: 'The version of the target that ran: versions of one server become columns side by side in the matrix.',
} as const;

export type Environment = Readonly<Record<string, string | undefined>>;

const REAL_COS_HOST = /(^|\.)(myqcloud\.com|tencentcos\.cn)$/i;
const COS_BUCKET_WITH_APPID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d{5,}$/;
const COS_REGION_NAME = /^[a-z]+-[a-z]+(?:-\d+)?$/;

export const EMBEDDED_BUCKET = 'conformance-1250000000';
export const DEFAULT_MAX_BYTES = 1024 ** 3;
export const DEFAULT_CONCURRENCY = 6;
const EMBEDDED_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;
export const EMBEDDED_REGION = 'ap-guangzhou';

export function isRealCos(endpoint: URL | undefined): boolean {
  return endpoint !== undefined && REAL_COS_HOST.test(endpoint.hostname);
}

/** Builds a Config from variables; pure, so every rule is testable without touching the process. */
export function configFromEnvironment(env: Environment): Config {
  const endpoint = parseEndpoint('COS_ENDPOINT', env.COS_ENDPOINT);
  const profile = parseEnum('COS_PROFILE', env.COS_PROFILE, PROFILES, 'cos');
  const signature = parseEnum('COS_SIGNATURE', env.COS_SIGNATURE, SIGNATURE_MODES, profile === 's3' ? 'sigv4' : 'cos');
  const addressing = parseEnum('COS_ADDRESSING', env.COS_ADDRESSING, ADDRESSING_STYLES, 'virtual');
  const bucketType = parseEnum(
    'COS_BUCKET_TYPE',
    env.COS_BUCKET_TYPE,
    BUCKET_TYPES,
    endpoint && /\.cosrapid\./i.test(endpoint.hostname) ? 'rapid' : 'standard',
  );
  if (bucketType === 'rapid' && profile === 's3')
    throw new ConfigError('COS_BUCKET_TYPE', 'rapid is a COS bucket variant (cosrapid): it needs COS_PROFILE=cos');
  const embedded = endpoint === undefined;
  const realCos = isRealCos(endpoint);

  const bucket = embedded
    ? env.COS_BUCKET?.trim() || EMBEDDED_BUCKET
    : required('COS_BUCKET', env.COS_BUCKET, 'the bucket to test, e.g. examplebucket-1250000000');
  if (!/^[a-zA-Z0-9][a-zA-Z0-9.-]{1,61}[a-zA-Z0-9]$/.test(bucket)) {
    throw new ConfigError('COS_BUCKET', `"${bucket}" is not a valid bucket name (3-63 letters, digits, dots and dashes)`);
  }
  if (realCos && !COS_BUCKET_WITH_APPID.test(bucket)) {
    throw new ConfigError('COS_BUCKET', `real COS names buckets BucketName-APPID (e.g. examplebucket-1250000000), got "${bucket}"`);
  }

  const regionRaw = env.COS_REGION?.trim();
  if (realCos && !regionRaw) throw new ConfigError('COS_REGION', 'is required for real COS, e.g. ap-beijing');
  const region = regionRaw || (profile === 's3' && !embedded ? 'us-east-1' : EMBEDDED_REGION);
  if (realCos && !COS_REGION_NAME.test(region)) {
    throw new ConfigError('COS_REGION', `expected a COS region such as ap-beijing, got "${region}"`);
  }

  // The embedded emulator issues temporary keys, and an expired set, so that UP-35 is judged in its runs too.
  const credentials: Credentials = embedded
    ? {
        secretId: env.COS_SECRET_ID?.trim() || `AKID${randomBytes(16).toString('hex')}`,
        secretKey: env.COS_SECRET_KEY?.trim() || randomBytes(24).toString('base64url'),
        securityToken: env.COS_SECURITY_TOKEN?.trim() || `temporary-${randomBytes(24).toString('base64url')}`,
      }
    : {
        secretId: required('COS_SECRET_ID', env.COS_SECRET_ID, 'the SecretId of the key the suite signs with'),
        secretKey: required('COS_SECRET_KEY', env.COS_SECRET_KEY, 'the SecretKey of the key the suite signs with'),
        ...(env.COS_SECURITY_TOKEN ? { securityToken: env.COS_SECURITY_TOKEN.trim() } : {}),
      };
  const expiredCredentials = embedded ? generatedExpiredCredentials() : expiredFrom(env);

  const keyPrefixRaw = env.COS_KEY_PREFIX ?? 'cos-conformance/';
  if (keyPrefixRaw.startsWith('/')) throw new ConfigError('COS_KEY_PREFIX', `must not start with "/", got "${keyPrefixRaw}"`);
  if (keyPrefixRaw.trim() === '') {
    throw new ConfigError('COS_KEY_PREFIX', 'must not be empty: the suite only writes and sweeps under its own prefix');
  }
  const keyPrefix = keyPrefixRaw.endsWith('/') ? keyPrefixRaw : `${keyPrefixRaw}/`;

  return {
    endpoint,
    bucket,
    region,
    credentials,
    ...(expiredCredentials ? { expiredCredentials } : {}),
    signature,
    profile,
    addressing,
    bucketType,
    keyPrefix,
    seed: parseSeed('COS_SEED', env.COS_SEED, () => randomInt(0, 2 ** 31)),
    numRuns: parsePositiveInt('COS_NUM_RUNS', env.COS_NUM_RUNS, embedded ? 100 : 10),
    maxBytes: parseByteSize('COS_MAX_BYTES', env.COS_MAX_BYTES, DEFAULT_MAX_BYTES),
    requestTimeoutMs: parsePositiveInt('COS_REQUEST_TIMEOUT_MS', env.COS_REQUEST_TIMEOUT_MS, 30_000),
    concurrency: parseConcurrency(env.COS_CONCURRENCY, embedded),
    ...caCertificateFrom(env.COS_CA_FILE),
    ...label('COS_TARGET_NAME', 'targetName', env.COS_TARGET_NAME),
    ...label('COS_TARGET_VERSION', 'targetVersion', env.COS_TARGET_VERSION),
  };
}

/** A name shown in reports and on badges: one line of printable text. */
function label<K extends 'targetName' | 'targetVersion'>(variable: string, key: K, raw: string | undefined): Partial<Record<K, string>> {
  const value = raw?.trim();
  if (!value) return {};
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a name with a control character would break a report's line
  if (value.length > 100 || /[\u0000-\u001f\u007f]/.test(value))
    throw new ConfigError(variable, 'expected one line of at most 100 characters');
  return { [key]: value } as Partial<Record<K, string>>;
}

/**
 * A remote target is bound by round trips, so files overlap their waits; the embedded emulator shares this
 * machine's cores with the suite, and more workers than cores only add start-up.
 */
function parseConcurrency(raw: string | undefined, embedded: boolean): number {
  const value = parsePositiveInt(
    'COS_CONCURRENCY',
    raw,
    embedded ? Math.min(availableParallelism(), EMBEDDED_CONCURRENCY) : DEFAULT_CONCURRENCY,
  );
  if (value > MAX_CONCURRENCY)
    throw new ConfigError('COS_CONCURRENCY', `at most ${MAX_CONCURRENCY} spec files run side by side, got ${value}`);
  return value;
}

function caCertificateFrom(path: string | undefined): { caCertificate?: string } {
  if (!path?.trim()) return {};
  let text: string;
  try {
    text = readFileSync(path.trim(), 'utf8');
  } catch (error) {
    throw new ConfigError(
      'COS_CA_FILE',
      `cannot read ${path.trim()}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('COS_CA_FILE', `${path.trim()} holds no PEM certificate`);
  return { caCertificate: text };
}

function generatedExpiredCredentials(): Credentials {
  return {
    secretId: `AKIDexpired${randomBytes(12).toString('hex')}`,
    secretKey: randomBytes(24).toString('base64url'),
    securityToken: `expired-${randomBytes(24).toString('base64url')}`,
  };
}

/** COS_EXPIRED_*: all three or none. */
function expiredFrom(env: Environment): Credentials | undefined {
  const names = ['COS_EXPIRED_SECRET_ID', 'COS_EXPIRED_SECRET_KEY', 'COS_EXPIRED_SECURITY_TOKEN'] as const;
  const values = names.map((n) => env[n]?.trim() || undefined);
  if (values.every((v) => v === undefined)) return undefined;
  const missing = names.find((_, i) => values[i] === undefined);
  if (missing)
    throw new ConfigError(
      missing,
      'is not set: an expired temporary key set needs COS_EXPIRED_SECRET_ID, COS_EXPIRED_SECRET_KEY and COS_EXPIRED_SECURITY_TOKEN together',
    );
  return { secretId: values[0]!, secretKey: values[1]!, securityToken: values[2]! };
}

function required(name: string, raw: string | undefined, what: string): string {
  const value = raw?.trim();
  if (!value) throw new ConfigError(name, `is not set: set it to ${what} (COS_ENDPOINT is set, so a remote target is tested)`);
  return value;
}

export interface LoadOptions {
  /** The process environment; it wins over every file. */
  env?: Environment;
  /** A file named with --env-file; read instead of `.env` in the working directory. */
  envFile?: string;
  cwd?: string;
}

/** Reads `.env` (or the named file) under the environment, then validates. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const fromFile = readEnvFile(options.envFile, options.cwd ?? process.cwd());
  return configFromEnvironment({ ...fromFile, ...definedOnly(env) });
}

function readEnvFile(envFile: string | undefined, cwd: string): Record<string, string> {
  const path = envFile ?? `${cwd}/.env`;
  if (!existsSync(path)) {
    if (envFile !== undefined) throw new ConfigError('--env-file', `no such file: ${envFile}`);
    return {};
  }
  return parseDotenv(readFileSync(path));
}

function definedOnly(env: Environment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

/** The target described without secrets, for logs and reports. */
export function describeTarget(config: Config): Record<string, string> {
  return {
    endpoint: config.endpoint ? config.endpoint.host : 'embedded emulator',
    bucket: config.bucket,
    region: config.region,
    profile: config.profile,
    signature: config.signature,
    addressing: config.addressing,
    ...(config.profile === 'cos' ? { bucketType: config.bucketType } : {}),
  };
}
