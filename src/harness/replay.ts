import type { Addressing, BucketType, Profile, SignatureMode } from '../config/index.js';

/** Variables that select one generated case to replay (printed in every replay line). */
export const REPLAY_ENV = {
  /** `<requirement>/<property>:<fast-check path>`: the case to replay. */
  path: 'COS_REPLAY',
  /** fast-check's replayPath of a failing fc.commands sequence. */
  commands: 'COS_REPLAY_COMMANDS',
} as const;

/** Everything that changed what a run sent, so a replay sends the same: never a secret. */
export interface ReplayOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly profile: Profile;
  readonly signature: SignatureMode;
  readonly addressing: Addressing;
  readonly maxBytes: number;
  readonly deviations: readonly string[];
  /** The --env-file the run read its target from, if any. */
  readonly envFile?: string;
  /** The embedded emulator served plain HTTP (--plain-http). */
  readonly plainHttp?: boolean;
  /** COS_BUCKET_TYPE, when not standard: rapid-only checks are not applicable to a standard bucket. */
  readonly bucketType?: BucketType;
}

/** The case a run was asked to replay. */
export interface ReplayRequest {
  readonly path?: string;
  readonly commands?: string;
}

export function replayRequestFrom(env: Readonly<Record<string, string | undefined>>): ReplayRequest {
  return {
    ...(env[REPLAY_ENV.path] ? { path: env[REPLAY_ENV.path] } : {}),
    ...(env[REPLAY_ENV.commands] ? { commands: env[REPLAY_ENV.commands] } : {}),
  };
}

const quote = (value: string) => (/^[\w./:,=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * The command line that re-runs one requirement exactly as the run did; with `property`, only its minimal case.
 * Settings are given as flags (they win over .env and the environment), so it reproduces wherever it is pasted.
 */
export function replayCommand(
  options: ReplayOptions,
  requirementId: string,
  property?: { name: string; path: string; commands?: string },
): string {
  // No flag names the bucket type: it is set as the environment variable, ahead of the command.
  const env = options.bucketType && options.bucketType !== 'standard' ? [`COS_BUCKET_TYPE=${options.bucketType}`] : [];
  if (property) env.push(`${REPLAY_ENV.path}=${quote(`${property.name}:${property.path}`)}`);
  if (property?.commands) env.push(`${REPLAY_ENV.commands}=${quote(property.commands)}`);
  const flags = [
    '--only',
    requirementId,
    '--seed',
    String(options.seed),
    '--num-runs',
    String(options.numRuns),
    '--profile',
    options.profile,
    '--signature',
    options.signature,
    '--addressing',
    options.addressing,
    '--max-bytes',
    String(options.maxBytes),
  ];
  if (options.deviations.length > 0) flags.push('--deviate', options.deviations.join(','));
  if (options.envFile) flags.push('--env-file', options.envFile);
  if (options.plainHttp) flags.push('--plain-http');
  return [...env, 'npx cos-conformance run', ...flags.map(quote)].join(' ');
}
