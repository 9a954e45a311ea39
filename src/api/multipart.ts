import { createHash } from 'node:crypto';
import type { HttpRequestSpec, HttpResponse, RequestBody, Target, UnusualRequestOptions } from '../http/client.js';
import type { AuthOptions } from '../http/sign-request.js';
import { describeBody } from '../protocol/body.js';
import { type Dialect, dialectFor } from '../protocol/dialect.js';
import { type CompletePartEntry, readErrorDocument, renderCompleteRequest } from '../protocol/documents.js';
import { asArray, parseXml, text } from '../protocol/xml.js';

/** An error answer, as COS documents it (doc 7730): status, Code, Message, Resource, RequestId, TraceId. */
export interface CosError {
  readonly status: number;
  /** The XML Code, or undefined when the body was not an <Error> document. */
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly resource: string | undefined;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
  /** True when a 2xx answer carried an <Error> body (COS's long-running Complete). */
  readonly inSuccessStatus: boolean;
}

export interface ApiResult<T> {
  readonly ok: boolean;
  readonly status: number;
  readonly value?: T;
  readonly error?: CosError;
  readonly response: HttpResponse;
}

export interface InitiateOptions {
  readonly storageClass?: string;
  readonly serverSideEncryption?: string;
  readonly contentType?: string;
  readonly meta?: Readonly<Record<string, string>>;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}

export interface UploadPartOptions {
  /** Base64 Content-MD5 to send: `true` sends the body's true digest. */
  readonly contentMd5?: string | true;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly auth?: AuthOptions;
}

export interface PartInfo {
  readonly partNumber: number;
  readonly etag: string;
  readonly size: number;
  readonly lastModified: string | undefined;
}

export interface ListPartsPage {
  readonly parts: PartInfo[];
  readonly isTruncated: boolean;
  readonly nextPartNumberMarker: number | undefined;
  readonly maxParts: number | undefined;
  readonly partNumberMarker: number | undefined;
}

export interface UploadSummary {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: string | undefined;
}

function parseError(response: HttpResponse, dialect: Dialect): CosError | undefined {
  const ok = response.status >= 200 && response.status < 300;
  const error = response.body.length > 0 ? readErrorDocument(response.body.toString('utf8')) : undefined;
  if (ok && !error) return undefined;
  return {
    status: response.status,
    code: error?.code,
    message: error?.message,
    resource: error?.resource,
    requestId: error?.requestId ?? response.headers[dialect.requestIdHeader],
    traceId: error?.traceId ?? response.headers[dialect.traceIdHeader],
    inSuccessStatus: ok,
  };
}

const toNumber = (value: unknown): number | undefined => {
  const t = text(value);
  return t === undefined || t === '' ? undefined : Number(t);
};

/** The multipart calls and the object calls around them, typed; every answer keeps its exchange. */
export class CosApi {
  readonly dialect: Dialect;

  constructor(readonly target: Target) {
    this.dialect = dialectFor(target.config.profile);
  }

  private async call<T>(
    spec: HttpRequestSpec,
    read: (response: HttpResponse) => T | undefined,
    unusual?: UnusualRequestOptions,
  ): Promise<ApiResult<T>> {
    const response = unusual ? await this.target.sendUnusual(spec, unusual) : await this.target.send(spec);
    const error = parseError(response, this.dialect);
    if (error) return { ok: false, status: response.status, error, response };
    const value = read(response);
    return { ok: true, status: response.status, ...(value !== undefined ? { value } : {}), response };
  }

  initiate(
    key: string,
    options: InitiateOptions = {},
    auth?: AuthOptions,
  ): Promise<ApiResult<{ uploadId: string; key: string | undefined; bucket: string | undefined }>> {
    const d = this.dialect;
    const headers: Array<[string, string]> = [['Content-Type', options.contentType ?? 'application/octet-stream']];
    if (options.storageClass) headers.push([d.storageClassHeader, options.storageClass]);
    if (options.serverSideEncryption) headers.push([d.sseHeader, options.serverSideEncryption]);
    for (const [name, value] of Object.entries(options.meta ?? {})) headers.push([`${d.metaPrefix}${name}`, value]);
    headers.push(...(options.headers ?? []).map(([n, v]) => [n, v] as [string, string]));
    return this.call({ method: 'POST', key, query: [['uploads', undefined]], headers, ...(auth ? { auth } : {}) }, (response) => {
      const result = parseXml(response.body.toString('utf8'))?.InitiateMultipartUploadResult as Record<string, unknown> | undefined;
      const uploadId = text(result?.UploadId);
      return uploadId ? { uploadId, key: text(result?.Key), bucket: text(result?.Bucket) } : undefined;
    });
  }

  /** `partNumber` is a string when a check sends a malformed one (`abc`, `+1`). */
  uploadPart(
    key: string,
    uploadId: string,
    partNumber: number | string,
    body: RequestBody,
    options: UploadPartOptions = {},
    unusual?: UnusualRequestOptions,
  ): Promise<ApiResult<{ etag: string | undefined }>> {
    const headers: Array<[string, string]> = [];
    if (options.contentMd5 !== undefined) {
      headers.push(['Content-MD5', options.contentMd5 === true ? md5Base64Of(body) : options.contentMd5]);
    }
    headers.push(...(options.headers ?? []).map(([n, v]) => [n, v] as [string, string]));
    return this.call(
      {
        method: 'PUT',
        key,
        query: partQuery(partNumber, uploadId),
        headers,
        body,
        ...(options.auth ? { auth: options.auth } : {}),
      },
      (response) => ({ etag: response.headers.etag }),
      unusual,
    );
  }

  /** Upload Part with a body already framed (aws-chunked): its headers and SigV4 payload hash come with it. */
  uploadPartFramed(
    key: string,
    uploadId: string,
    partNumber: number,
    framed: {
      readonly body: Buffer;
      readonly headers: ReadonlyArray<readonly [string, string]>;
      readonly payloadHash: string;
      readonly auth?: AuthOptions;
    },
  ): Promise<ApiResult<{ etag: string | undefined }>> {
    return this.call(
      {
        method: 'PUT',
        key,
        query: partQuery(partNumber, uploadId),
        headers: framed.headers,
        body: framed.body,
        payloadHash: framed.payloadHash,
        ...(framed.auth ? { auth: framed.auth } : {}),
      },
      (response) => ({ etag: response.headers.etag }),
    );
  }

  listParts(
    key: string,
    uploadId: string,
    options: { maxParts?: number; partNumberMarker?: number } = {},
  ): Promise<ApiResult<ListPartsPage>> {
    const query: Array<[string, string | undefined]> = [['uploadId', uploadId]];
    if (options.maxParts !== undefined) query.push(['max-parts', String(options.maxParts)]);
    if (options.partNumberMarker !== undefined) query.push(['part-number-marker', String(options.partNumberMarker)]);
    return this.call({ method: 'GET', key, query }, (response) => {
      const result = parseXml(response.body.toString('utf8'))?.ListPartsResult as Record<string, unknown> | undefined;
      if (!result) return undefined;
      return {
        parts: asArray(result.Part as Record<string, unknown> | Array<Record<string, unknown>> | undefined).map((part) => ({
          partNumber: toNumber(part.PartNumber) ?? Number.NaN,
          etag: text(part.ETag) ?? '',
          size: toNumber(part.Size) ?? Number.NaN,
          lastModified: text(part.LastModified),
        })),
        isTruncated: text(result.IsTruncated) === 'true',
        nextPartNumberMarker: toNumber(result.NextPartNumberMarker),
        maxParts: toNumber(result.MaxParts),
        partNumberMarker: toNumber(result.PartNumberMarker),
      };
    });
  }

  /** Follows NextPartNumberMarker until IsTruncated is false (at most `maxPages` pages, as a guard). */
  async listAllParts(key: string, uploadId: string, maxPages = 20): Promise<ApiResult<ListPartsPage> & { pages: number }> {
    const parts: PartInfo[] = [];
    let marker: number | undefined;
    for (let page = 1; ; page++) {
      const result = await this.listParts(key, uploadId, marker === undefined ? {} : { partNumberMarker: marker });
      if (!result.ok || !result.value) return { ...result, pages: page };
      parts.push(...result.value.parts);
      if (!result.value.isTruncated || page >= maxPages || result.value.nextPartNumberMarker === undefined) {
        return { ...result, value: { ...result.value, parts }, pages: page };
      }
      marker = result.value.nextPartNumberMarker;
    }
  }

  /** Completes with the given parts, or with a raw body when a check sends malformed XML. */
  /** `headers`: the request headers a Complete may carry (x-cos-forbid-overwrite, If-None-Match, x-amz-mp-object-size, ...). */
  complete(
    key: string,
    uploadId: string,
    parts: readonly CompletePartEntry[] | { rawBody: string },
    headers: ReadonlyArray<readonly [string, string]> = [],
  ): Promise<ApiResult<{ etag: string | undefined; location: string | undefined }>> {
    const body = 'rawBody' in parts ? parts.rawBody : renderCompleteRequest(parts);
    return this.call(
      { method: 'POST', key, query: [['uploadId', uploadId]], headers: [['Content-Type', 'application/xml'], ...headers], body },
      (response) => {
        const result = parseXml(response.body.toString('utf8'))?.CompleteMultipartUploadResult as Record<string, unknown> | undefined;
        return { etag: text(result?.ETag), location: text(result?.Location) };
      },
    );
  }

  abort(key: string, uploadId: string): Promise<ApiResult<void>> {
    return this.call({ method: 'DELETE', key, query: [['uploadId', uploadId]] }, () => undefined);
  }

  putObject(
    key: string,
    body: RequestBody,
    headers: ReadonlyArray<readonly [string, string]> = [],
  ): Promise<ApiResult<{ etag: string | undefined }>> {
    return this.call({ method: 'PUT', key, body, headers }, (response) => ({ etag: response.headers.etag }));
  }

  /** Reads an object through MD5/CRC-64 without keeping it: the digest is in `response.bodyDigest`. */
  getObject(key: string): Promise<ApiResult<{ etag: string | undefined }>> {
    return this.call({ method: 'GET', key, responseBody: 'digest' }, (response) => ({ etag: response.headers.etag }));
  }

  headObject(key: string): Promise<ApiResult<{ etag: string | undefined; size: number | undefined }>> {
    return this.call({ method: 'HEAD', key }, (response) => ({
      etag: response.headers.etag,
      size: toNumber(response.headers['content-length']),
    }));
  }

  deleteObject(key: string): Promise<ApiResult<void>> {
    return this.call({ method: 'DELETE', key }, () => undefined);
  }

  /**
   * Lists in-progress uploads under a prefix, following key and upload-id markers. A 2xx answer that is not a
   * ListMultipartUploadsResult leaves `value` undefined: nothing can be read from it.
   */
  async listMultipartUploads(prefix: string | undefined, maxPages = 50): Promise<ApiResult<UploadSummary[]>> {
    const uploads: UploadSummary[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (let page = 0; ; page++) {
      const query: Array<[string, string | undefined]> = [
        ['uploads', undefined],
        ...(prefix === undefined ? [] : [['prefix', prefix] as [string, string]]),
      ];
      if (keyMarker !== undefined) query.push(['key-marker', keyMarker]);
      if (uploadIdMarker !== undefined) query.push(['upload-id-marker', uploadIdMarker]);
      let truncated = false;
      const result = await this.call({ method: 'GET', query }, (response) => {
        const list = parseXml(response.body.toString('utf8'))?.ListMultipartUploadsResult as Record<string, unknown> | undefined;
        if (!list) return undefined;
        truncated = text(list?.IsTruncated) === 'true';
        keyMarker = text(list?.NextKeyMarker);
        uploadIdMarker = text(list?.NextUploadIdMarker);
        return asArray(list?.Upload as Record<string, unknown> | Array<Record<string, unknown>> | undefined).map((u) => ({
          key: text(u.Key) ?? '',
          uploadId: text(u.UploadId) ?? '',
          initiated: text(u.Initiated),
        }));
      });
      if (!result.ok || result.value === undefined) return result;
      uploads.push(...result.value);
      if (!truncated || page >= maxPages || keyMarker === undefined) return { ...result, value: uploads };
    }
  }
}

function md5Base64Of(body: RequestBody): string {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return createHash('md5').update(body).digest('base64');
  return describeBody(body).md5Base64;
}

/** Upload Part's query: partNumber as given (a check may send one no integer parser reads), then uploadId. */
function partQuery(partNumber: number | string, uploadId: string): Array<[string, string]> {
  return [
    ['partNumber', String(partNumber)],
    ['uploadId', uploadId],
  ];
}
