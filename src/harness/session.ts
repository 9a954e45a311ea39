import { basename } from 'node:path';
import { inject } from 'vitest';
import { type ApiResult, CosApi, type InitiateOptions } from '../api/multipart.js';
import type { Config } from '../config/index.js';
import { type ByteBudget, HoldingBudget, LocalBudget } from '../http/budget.js';
import type { RequestBody } from '../http/client.js';
import { Target, trustedContext } from '../http/client.js';
import { ExchangeLog, Redactor } from '../http/exchange.js';
import { TargetHealth } from '../http/health.js';
import type { AuthOptions } from '../http/sign-request.js';
import type { Leftover } from '../outcomes/leftover.js';
import type { Dialect } from '../protocol/dialect.js';
import type { CompletePartEntry } from '../protocol/documents.js';
import { currentCheckScope } from './check-scope.js';
import { inParallel } from './in-parallel.js';
import type { ReplayOptions, ReplayRequest } from './replay.js';
import { deserializeConfig, RUN_CONTEXT_KEY } from './run-context.js';
import { describeAnswer } from './signals.js';
import { byteShare } from './spec-costs.js';

/** What a spec file's session reports when it closes (through the file's task meta). */
export interface SessionReport {
  readonly usage: { readonly requests: number; readonly bytesSent: number };
  readonly leftovers: readonly Leftover[];
}

declare module 'vitest' {
  interface TaskMeta {
    session?: SessionReport;
  }
}

/**
 * The multipart calls with their bookkeeping done: an upload that Initiate opened is tracked until Complete or
 * Abort ends it, an object that Complete or PUT created until it is deleted, so the session can clean up whatever
 * a check did and however it ended.
 */
class TrackedApi extends CosApi {
  readonly openUploads = new Map<string, string>();
  readonly objects = new Set<string>();

  override async initiate(key: string, options: InitiateOptions = {}, auth?: AuthOptions) {
    const result = await super.initiate(key, options, auth);
    if (result.value?.uploadId) this.openUploads.set(result.value.uploadId, key);
    return result;
  }

  override async complete(
    key: string,
    uploadId: string,
    parts: readonly CompletePartEntry[] | { rawBody: string },
    headers: ReadonlyArray<readonly [string, string]> = [],
  ) {
    const result = await super.complete(key, uploadId, parts, headers);
    // A refusal answered 200 with an <Error> body may have completed anyway: the object is deleted if it exists.
    if (result.ok || result.error?.inSuccessStatus) this.objects.add(key);
    if (result.ok) this.openUploads.delete(uploadId);
    return result;
  }

  override async abort(key: string, uploadId: string) {
    const result = await super.abort(key, uploadId);
    if (result.ok) this.openUploads.delete(uploadId);
    return result;
  }

  override async putObject(key: string, body: RequestBody, headers: ReadonlyArray<readonly [string, string]> = []) {
    const result = await super.putObject(key, body, headers);
    if (result.ok) this.objects.add(key);
    return result;
  }
}

/**
 * What one spec file works with: the target (spending the run's one byte allowance), keys of its own under
 * `COS_KEY_PREFIX/<run id>/<spec>/`, and cleanup of everything its checks started.
 */
export class Session {
  readonly api: TrackedApi;
  readonly config: Config;
  readonly dialect: Dialect;
  readonly runId: string;
  readonly replay: ReplayRequest;
  readonly replayOptions: ReplayOptions;
  readonly only: readonly string[] | undefined;
  private counter = 0;

  private constructor(readonly specName: string) {
    const context = inject(RUN_CONTEXT_KEY);
    if (!context) throw new Error('the conformance specs run under "cos-conformance run", which hands them the run context');
    this.config = deserializeConfig(context.config);
    this.runId = context.runId;
    this.replay = context.replay;
    this.replayOptions = context.replayOptions;
    this.only = context.only;
    // Requests go through one Target whatever check sends them; each is charged to the check it runs for.
    const outsideChecks = new LocalBudget(0, 'COS_MAX_BYTES budget (outside any check)');
    const budget: ByteBudget = { reserve: (bytes) => (currentCheckScope()?.budget ?? outsideChecks).reserve(bytes) };
    const log = new ExchangeLog(new Redactor(this.config.credentials, this.config.expiredCredentials), undefined, (exchange) => {
      const scope = currentCheckScope();
      if (!scope) return;
      scope.usage.requests++;
      scope.usage.bytesSent += exchange.request.bodyBytes;
    });
    const health = new TargetHealth(
      this.config.endpoint!,
      context.stopFile,
      this.config.caCertificate ? trustedContext(this.config.caCertificate) : undefined,
    );
    this.api = new TrackedApi(new Target(this.config, { budget, log, health, currentCheck: () => currentCheckScope()?.title }));
    this.dialect = this.api.dialect;
  }

  /** The allowance of a check that declares `costMiB`: its fixed share of COS_MAX_BYTES (spec-costs.ts). */
  budgetFor(costMiB: number): HoldingBudget {
    const share = byteShare(costMiB, this.config.maxBytes);
    const allowance = new LocalBudget(share, `COS_MAX_BYTES budget (this check's share, ${share} bytes)`);
    return new HoldingBudget(allowance, async (bytes) => allowance.release(bytes));
  }

  static open(specUrl: string): Session {
    return new Session(basename(specUrl).replace(/\.spec\.[tj]s$/, ''));
  }

  get target(): Target {
    return this.api.target;
  }

  /** Generated cases for a property: COS_NUM_RUNS, or `cap` when the property is expensive and asks for fewer. */
  cases(cap?: number): number {
    return cap === undefined ? this.config.numRuns : Math.min(this.config.numRuns, cap);
  }

  /** A fresh key under this run's prefix. */
  key(label: string): string {
    return `${this.config.keyPrefix}${this.runId}/${this.specName}/${++this.counter}-${label}`;
  }

  /**
   * Aborts what is still open and deletes what was created, a few calls at a time (against a distant target one
   * after another cost seconds) and each once more after a 5xx (servers with a file store race on parallel
   * deletes); names what could not be removed, and why, in the order they were created.
   */
  async close(): Promise<SessionReport> {
    const leftovers: Leftover[] = [];
    const attempt = async (call: () => Promise<ApiResult<unknown>>): Promise<ApiResult<unknown> | Error> => {
      const first = await call().catch((error: Error) => error);
      return first instanceof Error || first.status >= 500 ? call().catch((error: Error) => error) : first;
    };
    // 404: already gone (an upload a Complete answered with an <Error> body completed anyway, say).
    const failure = (result: ApiResult<unknown> | Error, what: string) =>
      result instanceof Error
        ? `${what}: ${result.message}`
        : !result.ok && result.status !== 404
          ? `${what} answered ${describeAnswer(result)}`
          : undefined;
    try {
      const uploads = await inParallel([...this.api.openUploads], CLEANUP_CONCURRENCY, async ([uploadId, key]) => {
        const reason = failure(await attempt(() => this.api.abort(key, uploadId)), 'Abort');
        return reason ? ({ kind: 'upload', key, uploadId, reason } as const) : undefined;
      });
      const objects = await inParallel([...this.api.objects], CLEANUP_CONCURRENCY, async (key) => {
        const reason = failure(await attempt(() => this.api.deleteObject(key)), 'DELETE');
        return reason ? ({ kind: 'object', key, reason } as const) : undefined;
      });
      for (const leftover of [...uploads, ...objects]) if (leftover) leftovers.push(leftover);
      return { usage: { requests: this.target.log.requests, bytesSent: this.target.log.bytesSent }, leftovers };
    } finally {
      await this.target.close();
    }
  }
}

/** Cleanup calls in flight at once: enough to hide round trips, few enough for a file-store server. */
const CLEANUP_CONCURRENCY = 4;
