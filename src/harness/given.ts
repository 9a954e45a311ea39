import type { ApiResult, InitiateOptions, ListPartsPage } from '../api/multipart.js';
import type { RequestBody } from '../http/client.js';
import type { BodySpec } from '../protocol/body.js';
import type { UploadedPart } from './judge.js';
import type { Session } from './session.js';
import { describeAnswer, PreconditionFailed } from './signals.js';

/**
 * Setup steps: calls a check needs to succeed but does not judge. A step that does not do what the check needs
 * makes the case inconclusive, naming the step, what it needed and what came back; it is never charged to the
 * requirement of that call (its own checks judge it) nor to the check's.
 */
export class Given {
  constructor(
    private readonly requirementId: string,
    private readonly session: Session,
  ) {}

  private need(step: string, result: ApiResult<unknown>, ok: boolean, expected: string): void {
    if (ok) return;
    throw new PreconditionFailed({
      requirementId: this.requirementId,
      sent: step,
      expected,
      actual: describeAnswer(result),
      exchange: result.response.exchange,
    });
  }

  /** A setup condition on an answer the check obtained itself (it needs the answer, not only its success). */
  that(step: string, result: ApiResult<unknown>, condition: boolean, expected: string): void {
    this.need(step, result, condition, expected);
  }

  /** An open upload of `key`. */
  async initiate(key: string, options: InitiateOptions = {}): Promise<string> {
    const result = await this.session.api.initiate(key, options);
    // Header names only from `headers`: their values may be secret (an SSE-C key).
    const extras = [
      options.serverSideEncryption && `${this.session.dialect.sseHeader}: ${options.serverSideEncryption}`,
      options.storageClass && `${this.session.dialect.storageClassHeader}: ${options.storageClass}`,
      ...(options.headers ?? []).map(([name]) => name),
    ].filter(Boolean);
    this.need(
      `Initiate ${key}${extras.length ? ` with ${extras.join(', ')}` : ''}`,
      result,
      result.ok && result.value !== undefined,
      '200 with an UploadId',
    );
    return result.value!.uploadId;
  }

  async upload(key: string, uploadId: string, partNumber: number, body: BodySpec): Promise<UploadedPart> {
    const result = await this.session.api.uploadPart(key, uploadId, partNumber, body);
    this.need(
      `Upload Part ${partNumber} (${body.length} bytes)`,
      result,
      result.ok && result.value?.etag !== undefined,
      '200 with an ETag',
    );
    return { partNumber, etag: result.value!.etag!, body };
  }

  async complete(key: string, uploadId: string, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<void> {
    const result = await this.session.api.complete(key, uploadId, parts);
    this.need(`Complete with parts ${parts.map((p) => p.partNumber).join(', ')}`, result, result.ok, '200 CompleteMultipartUploadResult');
  }

  /**
   * List Parts as the means to see what an upload holds: a 200 whose body is not a ListPartsResult (another root
   * element, say) leaves the case inconclusive, naming the step, rather than charging the rule the case is about.
   * `all` follows NextPartNumberMarker.
   */
  async listParts(
    key: string,
    uploadId: string,
    options: { all?: boolean } = {},
  ): Promise<ListPartsPage & { result: ApiResult<ListPartsPage> }> {
    const result = options.all ? await this.session.api.listAllParts(key, uploadId) : await this.session.api.listParts(key, uploadId);
    this.need('List Parts', result, result.ok && result.value !== undefined, '200 with a ListPartsResult');
    return { ...result.value!, result };
  }

  async abort(key: string, uploadId: string): Promise<void> {
    const result = await this.session.api.abort(key, uploadId);
    this.need('Abort', result, result.ok, '204');
  }

  async putObject(key: string, body: RequestBody): Promise<void> {
    const result = await this.session.api.putObject(key, body);
    this.need(`PUT Object ${key}`, result, result.ok, '200');
  }
}
