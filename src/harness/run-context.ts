import type { Config } from '../config/index.js';
import type { ReplayOptions, ReplayRequest } from './replay.js';

/**
 * What the run command hands every spec worker, once, through vitest's provide/inject: the parsed configuration
 * (workers never re-read the environment), the run id and what a replay line must carry. It crosses a process boundary, so it is plain data.
 */
export interface RunContext {
  readonly config: SerializedConfig;
  readonly runId: string;
  readonly replay: ReplayRequest;
  readonly replayOptions: ReplayOptions;
  /** --only: the requirements to judge; a check runs when it judges any of them. */
  readonly only?: readonly string[];
  /** A file that exists once the target has stopped answering (src/http/health.ts): every worker then stops sending. */
  readonly stopFile: string;
}

export type SerializedConfig = Omit<Config, 'endpoint'> & { readonly endpoint: string };

export const RUN_CONTEXT_KEY = 'cos-conformance-run';

declare module 'vitest' {
  interface ProvidedContext {
    [RUN_CONTEXT_KEY]: RunContext;
  }
}

export function serializeConfig(config: Config): SerializedConfig {
  if (!config.endpoint) throw new Error('the run command starts the embedded emulator before the specs run');
  return { ...config, endpoint: config.endpoint.href };
}

export function deserializeConfig(config: SerializedConfig): Config {
  return { ...config, endpoint: new URL(config.endpoint) };
}
