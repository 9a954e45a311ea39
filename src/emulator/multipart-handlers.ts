import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseXml } from '../api/xml.js';
import { EmulatorError, errorXml, errors } from './errors.js';
import { queryValue } from './request.js';
import { multipartEtag, type StoredPart, type Upload } from './store.js';
import { declaredContentMd5, readSmallBody, receiveBody, renderXml, requireLength, xmlReply, type Call, type EmulatorContext, type Reply } from './context.js';

/** Storage classes a server accepts at Initiate, per profile (doc 436/7746, x-cos-storage-class). */
const STORAGE_CLASSES = {
  cos: ['STANDARD', 'STANDARD_IA', 'ARCHIVE', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING', 'MAZ_STANDARD', 'MAZ_STANDARD_IA', 'MAZ_INTELLIGENT_TIERING', 'MAZ_ARCHIVE'],
  s3: ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'GLACIER_IR', 'DEEP_ARCHIVE', 'REDUCED_REDUNDANCY'],
} as const;
const SSE_VALUES = { cos: ['AES256', 'cos/kms'], s3: ['AES256', 'aws:kms'] } as const;

function noSuchUpload(ctx: EmulatorContext): EmulatorError {
  if (ctx.deviations.has('no-such-upload-400')) return new EmulatorError(400, 'NoSuchUpload', errors.noSuchUpload().message);
  if (ctx.deviations.has('no-such-upload-wrong-code')) return errors.noSuchKey();
  return errors.noSuchUpload();
}

function findUpload(ctx: EmulatorContext, call: Call): Upload {
  const id = queryValue(call.request.query, 'uploadId') ?? '';
  const upload = ctx.store.uploads.get(id);
  // An upload used with another key is as unknown as one that never existed.
  const foreign = upload !== undefined && upload.key !== call.request.key && !ctx.deviations.has('accept-foreign-key-upload');
  if (!upload || foreign) throw noSuchUpload(ctx);
  return upload;
}

/** Response headers that echo how the upload was initiated (Upload Part doc, "Special response headers"). */
function uploadEchoHeaders(ctx: EmulatorContext, upload: Upload): Record<string, string> {
  const headers: Record<string, string> = {};
  const d = ctx.deviations;
  if (upload.serverSideEncryption && !d.has('drop-sse-header')) headers[ctx.dialect.sseHeader] = upload.serverSideEncryption;
  if (d.has('sse-header-always')) headers[ctx.dialect.sseHeader] = 'AES256';
  if ((upload.storageClass !== 'STANDARD' || d.has('storage-class-header-for-standard')) && !d.has('drop-storage-class-header')) {
    headers[ctx.dialect.storageClassHeader] = upload.storageClass;
  }
  return headers;
}

export function initiate(ctx: EmulatorContext, call: Call): Reply {
  const { headers } = call.request;
  const storageClass = (headers[ctx.dialect.storageClassHeader] ?? 'STANDARD').toUpperCase();
  if (!(STORAGE_CLASSES[ctx.dialect.profile] as readonly string[]).includes(storageClass)) {
    throw errors.invalidArgument(`Invalid storage class "${headers[ctx.dialect.storageClassHeader]}".`);
  }
  const sse = headers[ctx.dialect.sseHeader];
  if (sse !== undefined && !(SSE_VALUES[ctx.dialect.profile] as readonly string[]).includes(sse)) {
    throw errors.invalidArgument(`Invalid server-side encryption "${sse}".`);
  }
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(ctx.dialect.metaPrefix)) meta[name.slice(ctx.dialect.metaPrefix.length)] = value;
  }
  const key = call.request.key!;
  const open = [...ctx.store.uploads.values()].find((u) => u.key === key);
  if (open && ctx.deviations.has('same-upload-id')) {
    return xmlReply(renderXml('InitiateMultipartUploadResult', { Bucket: ctx.bucket, Key: key, UploadId: open.id }));
  }
  if (ctx.deviations.has('overwrite-object-at-initiate')) ctx.store.deleteObject(key);
  const upload: Upload = {
    id: ctx.store.newUploadId(),
    key: call.request.key!,
    initiated: new Date(),
    contentType: headers['content-type'] || 'application/octet-stream',
    meta,
    storageClass,
    serverSideEncryption: sse,
    // Deviation: every upload of a key works on the parts of the first one.
    parts: open && ctx.deviations.has('shared-parts-between-uploads') ? open.parts : new Map(),
    history: new Map(),
  };
  ctx.store.uploads.set(upload.id, upload);
  const echo: Record<string, string> = sse ? { [ctx.dialect.sseHeader]: sse } : {};
  const result = ctx.deviations.has('initiate-without-key')
    ? { Bucket: ctx.bucket, UploadId: upload.id }
    : { Bucket: ctx.bucket, Key: upload.key, UploadId: upload.id };
  return xmlReply(renderXml('InitiateMultipartUploadResult', result), echo);
}

export function parsePartNumber(raw: string | undefined, max: number, deviations: ReadonlySet<string> = new Set()): number {
  const invalid = () => errors.invalidArgument(`Part number must be an integer between 1 and ${max}, inclusive.`);
  const lenient = deviations.has('lenient-part-number') && raw !== undefined && /^\s*\+?\d/.test(raw);
  if (raw === undefined || (!/^[0-9]{1,12}$/.test(raw) && !lenient)) throw invalid();
  const value = lenient ? Number.parseInt(raw.trim(), 10) : Number(raw);
  if (value < 1 && !(value === 0 && deviations.has('accept-part-number-zero'))) throw invalid();
  if (value > max && !deviations.has('accept-part-number-above-max')) throw invalid();
  if (value === max && deviations.has('refuse-part-number-max')) throw invalid();
  return value;
}

const MiB = 1024 * 1024;

export async function uploadPart(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const d = ctx.deviations;
  const partNumber = parsePartNumber(queryValue(call.request.query, 'partNumber'), ctx.dialect.maxPartNumber, d);
  const upload = findUpload(ctx, call);
  const declared = requireLength(call, false, ctx);
  if (d.has('continue-before-refusing-large')) call.startBody();
  // Decided from the headers alone, before any of the body is read or 100 Continue is sent.
  if (declared !== undefined && declared > ctx.dialect.maxPartSize) throw errors.entityTooLarge();
  const contentMd5 = d.has('ignore-content-md5') ? undefined : declaredContentMd5(call, d.has('accept-unpadded-content-md5'));
  const payloadSha256 = call.request.headers['x-amz-content-sha256'];
  const checkSha256 = payloadSha256 !== undefined && /^[0-9a-f]{64}$/.test(payloadSha256);

  const written = await receiveBody(ctx, call, declared, {
    maxLength: ctx.dialect.maxPartSize,
    sha256: checkSha256,
    keepPartial: d.has('store-truncated-part') || (d.has('store-truncated-part-above-1mib') && (declared ?? 0) > MiB),
  });
  const rejectWith = (error: Error) => {
    void ctx.store.discard([written.file]);
    throw error;
  };
  const digestChecked = contentMd5 !== undefined && !(d.has('content-md5-unchecked-above-1mib') && written.digest.length > MiB);
  if (digestChecked && Buffer.from(contentMd5, 'base64').toString('hex') !== written.digest.md5Hex) rejectWith(errors.badDigest());
  if (checkSha256 && written.sha256Hex !== payloadSha256) rejectWith(errors.badDigest());
  // The upload may have been completed or aborted while the body was arriving.
  if (ctx.store.uploads.get(upload.id) !== upload) rejectWith(noSuchUpload(ctx));
  const part: StoredPart = {
    partNumber,
    size: written.digest.length,
    md5Hex: written.digest.md5Hex,
    crc64: written.digest.crc64,
    lastModified: new Date(),
    file: written.file,
  };
  const keepFirst = d.has('ignore-reupload') || (d.has('ignore-reupload-of-part-3') && part.partNumber === 3) || (d.has('ignore-reupload-above-1mib') && part.size > MiB);
  ctx.store.putPart(upload, part, keepFirst ? 'keep-first' : d.has('torn-overwrite') ? 'torn' : 'replace');
  const etag = d.has('sha1-etag')
    ? `"${createHash('sha1').update(await readFile(part.file)).digest('hex')}"`
    : d.has('multipart-etag-above-1mib') && part.size > MiB
      ? `"${part.md5Hex}-1"`
      : `"${part.md5Hex}"`;
  const headers: Record<string, string> = { 'Content-Type': 'application/xml', ...uploadEchoHeaders(ctx, upload) };
  if (!d.has('no-etag')) headers.ETag = d.has('unquoted-etag') ? etag.replace(/"/g, '') : etag;
  const wrongCrc = d.has('wrong-crc64') || (d.has('wrong-crc64-above-4mib') && part.size > 4 * MiB);
  if (ctx.dialect.crc64Header) headers[ctx.dialect.crc64Header] = wrongCrc ? String(BigInt(part.crc64) ^ 1n) : part.crc64;
  return { status: 200, headers, ...(d.has('nonempty-upload-part-body') ? { body: '<UploadPartResult/>' } : {}) };
}

function parseNonNegative(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,9}$/.test(raw)) throw errors.invalidArgument(`${name} must be a non-negative integer.`);
  return Number(raw);
}

export function listParts(ctx: EmulatorContext, call: Call): Reply {
  if (ctx.deviations.has('list-parts-ended-no-such-key') && !ctx.store.uploads.has(queryValue(call.request.query, 'uploadId') ?? '')) throw errors.noSuchKey();
  const upload = findUpload(ctx, call);
  const d = ctx.deviations;
  const maxParts = d.has('list-parts-no-truncation') ? 100_000 : Math.min(parseNonNegative(queryValue(call.request.query, 'max-parts'), 'max-parts', 1000), 1000);
  const marker = d.has('list-parts-ignores-marker') ? 0 : parseNonNegative(queryValue(call.request.query, 'part-number-marker'), 'part-number-marker', 0);
  const shown = [...upload.parts.values()].map((p) => (d.has('stale-list-parts') ? (upload.history.get(p.partNumber) ?? p) : p));
  const after = shown.filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const owner = { ID: 'qcs::cam::uin/100000000001:uin/100000000001', DisplayName: '100000000001' };
  return xmlReply(
    renderXml('ListPartsResult', {
      Bucket: ctx.bucket,
      EncodingType: '',
      Key: upload.key,
      UploadId: upload.id,
      Initiator: owner,
      Owner: owner,
      PartNumberMarker: marker,
      Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified.toISOString(), ETag: `"${p.md5Hex}"`, Size: p.size })),
      StorageClass: upload.storageClass,
      MaxParts: maxParts,
      IsTruncated: truncated ? 'true' : 'false',
      NextPartNumberMarker: truncated ? page[page.length - 1]?.partNumber : undefined,
    }),
  );
}

const unquote = (etag: string) => etag.trim().replace(/^"|"$/g, '').toLowerCase();

function parseCompleteBody(body: string): Array<{ partNumber: string; etag: string }> {
  // The same parser the client side uses: it validates, and always makes <Part> a list.
  const document = parseXml(body);
  if (!document) throw errors.malformedXml();
  const root = document.CompleteMultipartUpload as { Part?: Array<Record<string, unknown>> } | undefined;
  if (!root || typeof root !== 'object' || !Array.isArray(root.Part) || root.Part.length === 0) throw errors.malformedXml();
  return root.Part.map((part) => {
    if (typeof part !== 'object' || typeof part.PartNumber !== 'string' || typeof part.ETag !== 'string') throw errors.malformedXml();
    return { partNumber: part.PartNumber.trim(), etag: part.ETag };
  });
}

export async function complete(ctx: EmulatorContext, call: Call): Promise<Reply> {
  findUpload(ctx, call);
  const body = await readSmallBody(call, 4 * 1024 * 1024);
  const listed = parseCompleteBody(body);
  // Looked up again after the body: everything from here to the reply is one synchronous step.
  const upload = findUpload(ctx, call);
  const d = ctx.deviations;
  let chosen: StoredPart[];
  try {
    chosen = chooseParts(ctx, upload, d.has('accept-unordered-complete') ? [...listed].sort((a, b) => Number(a.partNumber) - Number(b.partNumber)) : listed);
  } catch (error) {
    if (!d.has('complete-despite-error') || !(error instanceof EmulatorError)) throw error;
    // Deviation: the refusal is put in a 200 body, and the upload is completed with the parts it has.
    commitObject(ctx, upload, [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber));
    return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: errorXml(error, upload.key, 'deviation', 'deviation') };
  }
  if (d.has('join-in-arrival-order')) chosen = [...chosen].sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || a.file.localeCompare(b.file));
  const etag = commitObject(ctx, upload, chosen);
  const location = `http://${ctx.bucket}.cos.${ctx.region}.myqcloud.com/${upload.key}`;
  return xmlReply(
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
      renderXml('CompleteMultipartUploadResult', { Location: location, Bucket: ctx.bucket, Key: upload.key, ETag: `"${etag}"` }),
    upload.serverSideEncryption ? { [ctx.dialect.sseHeader]: upload.serverSideEncryption } : {},
  );
}

/** The parts a Complete names, checked: ascending order, each uploaded with that ETag, non-last ones big enough. */
function chooseParts(ctx: EmulatorContext, upload: Upload, listed: ReadonlyArray<{ partNumber: string; etag: string }>): StoredPart[] {
  const d = ctx.deviations;
  const chosen: StoredPart[] = [];
  let previous = 0;
  for (const entry of listed) {
    if (!/^[0-9]{1,6}$/.test(entry.partNumber)) throw errors.invalidPart(entry.partNumber);
    const number = Number(entry.partNumber);
    if (number <= previous) throw errors.invalidPartOrder();
    previous = number;
    const part = upload.parts.get(number);
    if (!part || (unquote(entry.etag) !== part.md5Hex && !d.has('accept-wrong-etag-complete'))) throw errors.invalidPart(entry.partNumber);
    chosen.push(part);
  }
  const min = ctx.dialect.minPartSize + (d.has('min-size-exclusive') ? 1 : 0) - (d.has('min-size-one-byte-short') ? 1 : 0);
  chosen.forEach((part, index) => {
    const last = index === chosen.length - 1 && !d.has('min-size-on-last-part');
    if (!last && part.size < min && !d.has('ignore-min-size')) throw errors.entityTooSmall(part.partNumber);
  });
  return chosen;
}

/** Makes the object from the chosen parts and ends the upload, in one synchronous step; returns the ETag. */
function commitObject(ctx: EmulatorContext, upload: Upload, chosen: readonly StoredPart[]): string {
  const etag = multipartEtag(chosen);
  const segments = chosen.map((p) => p.file);
  ctx.store.putObject({
    key: upload.key,
    size: chosen.reduce((sum, p) => sum + p.size, 0),
    etag,
    crc64: undefined,
    lastModified: new Date(),
    contentType: upload.contentType,
    meta: upload.meta,
    storageClass: upload.storageClass,
    serverSideEncryption: upload.serverSideEncryption,
    segments,
  });
  ctx.store.dropUpload(upload, new Set(segments));
  return etag;
}

export function abort(ctx: EmulatorContext, call: Call): Reply {
  let upload: Upload;
  try {
    upload = findUpload(ctx, call);
  } catch (error) {
    if (ctx.deviations.has('abort-unknown-204')) return { status: 204 };
    throw error;
  }
  if (ctx.deviations.has('forget-abort')) return { status: 204 };
  ctx.store.dropUpload(upload);
  return { status: 204 };
}

export function listUploads(ctx: EmulatorContext, call: Call): Reply {
  const q = call.request.query;
  const prefix = queryValue(q, 'prefix') ?? '';
  const keyMarker = queryValue(q, 'key-marker') ?? '';
  const uploadIdMarker = queryValue(q, 'upload-id-marker') ?? '';
  const maxUploads = Math.min(parseNonNegative(queryValue(q, 'max-uploads'), 'max-uploads', 1000), 1000);
  const all = [...ctx.store.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((u) => u.key > keyMarker || (u.key === keyMarker && uploadIdMarker !== '' && u.id > uploadIdMarker));
  const page = all.slice(0, maxUploads);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  return xmlReply(
    renderXml('ListMultipartUploadsResult', {
      Bucket: ctx.bucket,
      EncodingType: '',
      KeyMarker: keyMarker,
      UploadIdMarker: uploadIdMarker,
      NextKeyMarker: truncated ? last?.key : undefined,
      NextUploadIdMarker: truncated ? last?.id : undefined,
      Prefix: prefix,
      MaxUploads: maxUploads,
      IsTruncated: truncated ? 'true' : 'false',
      Upload: page.map((u) => ({ Key: u.key, UploadId: u.id, StorageClass: u.storageClass, Initiated: u.initiated.toISOString() })),
    }),
  );
}
