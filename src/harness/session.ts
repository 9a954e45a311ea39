import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CosApi, type InitiateOptions } from '../api/multipart.js';
import type { Dialect } from '../api/dialect.js';
import { loadConfig, type Config } from '../config/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { Target } from '../http/client.js';
import { ConformanceFailure, describeAnswer } from './failure.js';

/** Variables the CLI passes to the spec workers, beside the COS_* settings. */
export const RUN_ENV = {
  runId: 'COS_RUN_ID',
  usageFile: 'COS_USAGE_FILE',
  /** How many spec files run at once: each session may spend only its share of what is left. */
  parallelFiles: 'COS_PARALLEL_FILES',
  replay: 'COS_REPLAY',
  /** fast-check's replayPath of a failing fc.commands sequence, printed beside COS_REPLAY. */
  replayCommands: 'COS_REPLAY_COMMANDS',
} as const;

export interface Usage {
  readonly bytesSent: number;
  readonly requests: number;
}

/** The requests and bytes the sessions of a run have reported so far (one JSON line per closed session). */
export function readUsage(file: string | undefined): Usage {
  if (!file || !existsSync(file)) return { bytesSent: 0, requests: 0 };
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Usage)
    .reduce((a, b) => ({ bytesSent: a.bytesSent + b.bytesSent, requests: a.requests + b.requests }), { bytesSent: 0, requests: 0 });
}

/**
 * What one spec file works with: the target, keys of its own under `COS_KEY_PREFIX/<run id>/<spec>/`, and a
 * record of every upload and object it starts, so that `close` leaves nothing behind whatever failed.
 */
export class Session {
  readonly api: CosApi;
  readonly dialect: Dialect;
  readonly runId: string;
  private readonly openUploads = new Map<string, string>();
  private readonly objects = new Set<string>();
  private counter = 0;

  private constructor(
    readonly config: Config,
    readonly specName: string,
    private readonly emulator: RunningEmulator | undefined,
    private readonly usageFile: string | undefined,
  ) {
    this.runId = process.env[RUN_ENV.runId] || `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
    const used = readUsage(usageFile);
    const share = Math.max(1, Number(process.env[RUN_ENV.parallelFiles] ?? '1') || 1);
    this.api = new CosApi(new Target({ ...config, maxBytes: Math.floor(Math.max(0, config.maxBytes - used.bytesSent) / share) }));
    this.dialect = this.api.dialect;
  }

  /** Opens a session for a spec file; with no COS_ENDPOINT it starts an emulator of its own. */
  static async open(specUrl: string): Promise<Session> {
    let config = loadConfig();
    let emulator: RunningEmulator | undefined;
    if (!config.endpoint) {
      emulator = await startEmulator({ bucket: config.bucket, region: config.region, profile: config.profile, credentials: [config.credentials] });
      config = { ...config, endpoint: emulator.endpoint };
    }
    return new Session(config, basename(specUrl).replace(/\.spec\.[tj]s$/, ''), emulator, process.env[RUN_ENV.usageFile]);
  }

  get seed(): number {
    return this.config.seed;
  }

  get numRuns(): number {
    return this.config.numRuns;
  }

  get target(): Target {
    return this.api.target;
  }

  /** True while the run's byte budget allows sending `bytes` more. */
  canSpend(bytes: number): boolean {
    return this.target.remainingBytes >= bytes;
  }

  /** A fresh key under this run's prefix. */
  key(label: string): string {
    return `${this.config.keyPrefix}${this.runId}/${this.specName}/${++this.counter}-${label}`;
  }

  /** Starts an upload (tracked for cleanup); a failure to start is a failure of UP-01/UP-30. */
  async initiate(key: string, options: InitiateOptions = {}): Promise<string> {
    const result = await this.api.initiate(key, options);
    if (!result.ok || !result.value) {
      throw new ConformanceFailure({
        requirementId: 'UP-30',
        sent: `Initiate ${key}`,
        expected: '200 with an InitiateMultipartUploadResult carrying an UploadId',
        actual: describeAnswer(result),
        exchange: result.response.exchange,
      });
    }
    this.openUploads.set(result.value.uploadId, key);
    return result.value.uploadId;
  }

  /** Notes that an upload ended (completed or aborted), and that a completed one left an object behind. */
  ended(uploadId: string, completedObject?: string): void {
    this.openUploads.delete(uploadId);
    if (completedObject !== undefined) this.objects.add(completedObject);
  }

  createdObject(key: string): void {
    this.objects.add(key);
  }

  /** Aborts what is still open and deletes what was created; errors here never hide the check's own result. */
  async close(): Promise<void> {
    try {
      await Promise.all([...this.openUploads].map(([id, key]) => this.api.abort(key, id).catch(() => undefined)));
      await Promise.all([...this.objects].map((key) => this.api.deleteObject(key).catch(() => undefined)));
      this.openUploads.clear();
      this.objects.clear();
    } finally {
      if (this.usageFile) {
        appendFileSync(this.usageFile, `${JSON.stringify({ bytesSent: this.target.log.bytesSent, requests: this.target.log.requests })}\n`);
      }
      await this.target.close();
      await this.emulator?.close();
    }
  }
}
