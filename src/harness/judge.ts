import type { ApiResult } from '../api/multipart.js';
import type { Exchange } from '../http/exchange.js';
import { type BodySpec, bodyChunks } from '../protocol/body.js';
import { type BodyDigest, DigestAccumulator } from '../protocol/digest.js';
import { describeRows, type ExpectedErrors, matchesRow } from '../protocol/error-codes.js';
import type { CheckRecorder } from './recorder.js';
import type { Session } from './session.js';
import { ConformanceFailure, describeAnswer } from './signals.js';

/** An answer a rule demands: a success status, or an error row (or one of several rows the documents allow). */
export type ExpectedAnswer = { readonly status: number; readonly code?: never } | ExpectedErrors;

export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly body: BodySpec;
}

/**
 * The assertions of one requirement. Each that holds is counted as a judgement of that requirement; each that
 * fails ends the case with its evidence. A Judge exists only for a requirement its check declares, so a check
 * cannot charge another rule by accident.
 */
export class Judge {
  constructor(
    readonly requirementId: string,
    private readonly recorder: CheckRecorder,
    protected readonly session: Session,
  ) {
    recorder.assertJudges(requirementId);
  }

  /** The one place a judgement is made. */
  expectThat(sent: string, condition: boolean, expected: string, actual: string, exchange?: Exchange): void {
    if (condition) {
      this.recorder.held(this.requirementId);
      return;
    }
    // A check's JSON.stringify of a missing value gives undefined whatever its type says: evidence always has an Actual.
    throw new ConformanceFailure({
      requirementId: this.requirementId,
      sent,
      expected,
      actual: actual ?? '(nothing)',
      ...(exchange ? { exchange } : {}),
    });
  }

  expectAnswer(sent: string, result: ApiResult<unknown>, expected: ExpectedAnswer): void {
    if (Array.isArray(expected) || 'code' in expected) {
      const rows = expected as ExpectedErrors;
      this.expectThat(
        sent,
        !result.ok && matchesRow(rows, result.status, result.error?.code),
        describeRows(rows),
        describeAnswer(result),
        result.response.exchange,
      );
      return;
    }
    const status = (expected as { status: number }).status;
    this.expectThat(sent, result.ok && result.status === status, `${status}`, describeAnswer(result), result.response.exchange);
  }

  /**
   * A refusal where the documents give the status but not the code (or neither: any 4xx). Returns the code
   * answered, for the check to note.
   */
  expectRefused(sent: string, result: ApiResult<unknown>, status?: number): string {
    const refused = !result.ok && (status === undefined ? result.status >= 400 && result.status < 500 : result.status === status);
    this.expectThat(
      sent,
      refused,
      status === undefined ? 'a 4xx refusal' : `${status} (any code)`,
      describeAnswer(result),
      result.response.exchange,
    );
    return result.error?.code ?? '(no code)';
  }

  /** A 2xx answer with no <Error> body. */
  expectSuccess(sent: string, result: ApiResult<unknown>, status = 200): void {
    this.expectAnswer(sent, result, { status });
  }

  expectEqual<T>(sent: string, what: string, actual: T, expected: T, exchange?: Exchange): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    this.expectThat(sent, a === e, `${what} = ${e}`, `${what} = ${a}`, exchange);
  }

  /** A header's value: `expected` undefined means the header must be absent. */
  expectHeader(sent: string, result: ApiResult<unknown>, name: string, expected: string | RegExp | undefined): void {
    const actual = result.response.headers[name.toLowerCase()];
    const ok =
      expected === undefined
        ? actual === undefined
        : actual !== undefined && (typeof expected === 'string' ? actual === expected : expected.test(actual));
    const show = (v: string | RegExp | undefined) =>
      v === undefined ? '(absent)' : typeof v === 'string' ? JSON.stringify(v) : `matching ${v}`;
    this.expectThat(sent, ok, `${name}: ${show(expected)}`, `${name}: ${show(actual)}`, result.response.exchange);
  }

  /** Upload Part as the rule under test: 200 with an ETag. */
  async uploadOk(key: string, uploadId: string, partNumber: number, body: BodySpec): Promise<UploadedPart> {
    const result = await this.session.api.uploadPart(key, uploadId, partNumber, body);
    const etag = result.ok ? result.value?.etag : undefined;
    this.expectThat(
      `Upload Part ${partNumber} (${body.length} bytes)`,
      etag !== undefined,
      '200 with an ETag',
      result.ok ? '200 without an ETag header' : describeAnswer(result),
      result.response.exchange,
    );
    return { partNumber, etag: etag!, body };
  }

  /** Complete as the rule under test: 200 with a result. */
  async completeOk(key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
    const result = await this.session.api.complete(key, uploadId, parts);
    this.expectThat(
      `Complete with parts ${parts.map((p) => p.partNumber).join(', ')}`,
      result.ok,
      '200 CompleteMultipartUploadResult',
      describeAnswer(result),
      result.response.exchange,
    );
  }

  /**
   * After a refused re-upload of a part: the part is still the one first uploaded. Complete naming its first ETag
   * must succeed (a server that stored the refused bytes answers InvalidPart: the ETag changed), and the object
   * must hold the first bytes.
   */
  async expectKept(sent: string, key: string, uploadId: string, kept: UploadedPart): Promise<void> {
    const completed = await this.session.api.complete(key, uploadId, [kept]);
    const then = `${sent}, then Complete with the first ETag of part ${kept.partNumber}`;
    this.expectThat(
      then,
      completed.ok,
      `200: part ${kept.partNumber} is still the one first uploaded`,
      describeAnswer(completed),
      completed.response.exchange,
    );
    await this.expectObjectBytes(`${then}, then GET`, key, [kept.body]);
  }

  /** Reads the object and compares its bytes (by MD5 and length) with the bodies joined in order. */
  async expectObjectBytes(sent: string, key: string, bodies: readonly BodySpec[]): Promise<void> {
    const result = await this.session.api.getObject(key);
    const expected = joinedDigest(bodies);
    const actual = result.response.bodyDigest;
    this.expectThat(
      sent,
      result.ok && actual !== undefined && actual.md5Hex === expected.md5Hex && actual.length === expected.length,
      `GET ${key}: 200, ${expected.length} bytes with MD5 ${expected.md5Hex}`,
      result.ok ? `200, ${actual?.length} bytes with MD5 ${actual?.md5Hex}` : describeAnswer(result),
      result.response.exchange,
    );
  }
}

/** The digest an object must have: the bodies joined in the given order. */
export function joinedDigest(bodies: readonly BodySpec[]): BodyDigest {
  const accumulator = new DigestAccumulator();
  for (const body of bodies) for (const chunk of bodyChunks(body)) accumulator.update(chunk);
  return accumulator.digest();
}
