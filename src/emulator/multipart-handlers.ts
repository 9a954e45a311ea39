import { combineCrc64Ecma } from '../protocol/crc-combine.js';
import { readCompleteRequest, renderErrorDocument } from '../protocol/documents.js';
import { ERROR } from '../protocol/error-codes.js';
import { buildXml, XML_DECLARATION } from '../protocol/xml.js';
import * as completeRules from './complete-rules.js';
import { type Call, type EmulatorContext, type Reply, readSmallBody, xmlReply } from './context.js';
import { customerEchoHeaders, customerKeyOf, kmsKeyIdOf } from './encryption.js';
import { EmulatorError, refuse } from './errors.js';
import { queryValue } from './request.js';
import { multipartEtag, type StoredPart, type Upload } from './store.js';
import { findUpload } from './upload-lookup.js';
import { initiateChecksumHeaders, readInitiateOptions, rememberUploadOptions } from './upload-options.js';

/** Initiate, List Parts, Complete, Abort and List Multipart Uploads: the calls around Upload Part (upload-part.ts). */

// UP-30 Initiate answers the bucket, key and UploadId; UP-01 each Initiate a new UploadId; UP-24 uploads of one key
// share nothing.
export function initiate(ctx: EmulatorContext, call: Call): Reply {
  const { headers } = call.request;
  const storageClass = (headers[ctx.dialect.storageClassHeader] ?? 'STANDARD').toUpperCase();
  if (!ctx.dialect.storageClasses.includes(storageClass)) {
    throw refuse(ERROR.InvalidArgument, `Invalid storage class "${headers[ctx.dialect.storageClassHeader]}".`);
  }
  const sse = headers[ctx.dialect.sseHeader];
  if (sse !== undefined && !ctx.dialect.sseValues.includes(sse)) {
    throw refuse(ERROR.InvalidArgument, `Invalid server-side encryption "${sse}".`);
  }
  const customerKey = customerKeyOf(ctx, call);
  if (customerKey && sse !== undefined)
    throw refuse(ERROR.InvalidArgument, 'Server-side encryption with customer-provided keys cannot be combined with another kind.');
  const kmsKeyId = sse === ctx.dialect.kmsValue ? kmsKeyIdOf(ctx, call) : undefined;
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(ctx.dialect.metaPrefix)) meta[name.slice(ctx.dialect.metaPrefix.length)] = value;
  }
  const options = readInitiateOptions(ctx, call);
  const key = call.request.key!;
  const open = [...ctx.store.uploads.values()].find((u) => u.key === key);
  if (open && ctx.deviations.has('same-upload-id')) {
    return xmlReply(buildXml('InitiateMultipartUploadResult', { Bucket: ctx.bucket, Key: key, UploadId: open.id }));
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
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(customerKey ? { customerKeyMd5: customerKey.keyMd5 } : {}),
    // Deviation: every upload of a key works on the parts of the first one.
    parts: open && ctx.deviations.has('shared-parts-between-uploads') ? open.parts : new Map(),
    history: new Map(),
  };
  ctx.store.uploads.set(upload.id, upload);
  rememberUploadOptions(upload, options);
  const echo = { ...encryptionHeaders(ctx, upload), ...initiateChecksumHeaders(options) };
  const result = ctx.deviations.has('initiate-without-key')
    ? { Bucket: ctx.bucket, UploadId: upload.id }
    : { Bucket: ctx.bucket, Key: upload.key, UploadId: upload.id };
  return xmlReply(buildXml('InitiateMultipartUploadResult', result), echo);
}

function parseNonNegative(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,9}$/.test(raw)) throw refuse(ERROR.InvalidArgument, `${name} must be a non-negative integer.`);
  return Number(raw);
}

// UP-27 paging by max-parts and part-number-marker; UP-04, UP-15 the last upload of each number, with its ETag and
// size.
export function listParts(ctx: EmulatorContext, call: Call): Reply {
  if (ctx.deviations.has('list-parts-ended-no-such-key') && !ctx.store.uploads.has(queryValue(call.request.query, 'uploadId') ?? ''))
    throw refuse(ERROR.NoSuchKey);
  const upload = findUpload(ctx, call);
  const d = ctx.deviations;
  const maxParts = d.has('list-parts-no-truncation')
    ? 100_000
    : Math.min(parseNonNegative(queryValue(call.request.query, 'max-parts'), 'max-parts', 1000), 1000);
  const marker = d.has('list-parts-ignores-marker')
    ? 0
    : parseNonNegative(queryValue(call.request.query, 'part-number-marker'), 'part-number-marker', 0);
  const shown = [...upload.parts.values()].map((p) => (d.has('stale-list-parts') ? (upload.history.get(p.partNumber) ?? p) : p));
  const after = shown.filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const owner = { ID: 'qcs::cam::uin/100000000001:uin/100000000001', DisplayName: '100000000001' };
  return xmlReply(
    buildXml('ListPartsResult', {
      Bucket: ctx.bucket,
      EncodingType: '',
      Key: upload.key,
      UploadId: upload.id,
      Initiator: owner,
      Owner: owner,
      PartNumberMarker: marker,
      Part: page.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified.toISOString(), ETag: `"${p.etag}"`, Size: p.size })),
      StorageClass: upload.storageClass,
      MaxParts: maxParts,
      IsTruncated: truncated ? 'true' : 'false',
      NextPartNumberMarker: truncated ? page[page.length - 1]?.partNumber : undefined,
    }),
  );
}

const unquote = (etag: string) => etag.trim().replace(/^"|"$/g, '').toLowerCase();

// UP-47 a Complete without <Part> is refused (MalformedXML; InvalidArgument on a high-performance bucket) and completes
// nothing, whatever the upload holds.
function parseCompleteBody(ctx: EmulatorContext, upload: Upload, body: string): completeRules.ListedPart[] {
  const d = ctx.deviations;
  if (body.trim() === '' && d.has('accept-empty-complete-body')) return [];
  const request = readCompleteRequest(body);
  if (request === 'empty' && (d.has('accept-empty-complete') || (d.has('accept-empty-complete-without-parts') && upload.parts.size === 0)))
    return [];
  if (request === 'empty') throw completeRules.emptyListRefusal(ctx);
  if (request === 'malformed') throw refuse(ERROR.MalformedXML);
  return request.parts;
}

// UP-32 Complete of an aborted, completed or unknown upload is NoSuchUpload.
/** The upload Complete names; one that has ended is NoSuchUpload, or a 500 under a deviation (as a real server answered). */
function uploadToComplete(ctx: EmulatorContext, call: Call): Upload {
  try {
    return completeRules.findUploadForComplete(ctx, call);
  } catch (error) {
    if (ctx.deviations.has('complete-ended-500')) throw refuse(ERROR.InternalError);
    throw error;
  }
}

// UP-26 a refused Complete completes nothing; UP-45 the result ETag is the object's; UP-41 with the object CRC-64.
export async function complete(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const named = uploadToComplete(ctx, call);
  const d = ctx.deviations;
  const body = await readSmallBody(call, 4 * 1024 * 1024);
  const listed = parseCompleteBody(ctx, named, body);
  const compositeHasher = await completeRules.prepareObjectChecksum(uploadToComplete(ctx, call));
  // Looked up again after the body: everything from here to the reply is one synchronous step.
  const upload = uploadToComplete(ctx, call);
  let chosen: StoredPart[];
  try {
    completeRules.checkPartCount(ctx, call, listed);
    completeRules.checkWriteConditions(ctx, call, upload);
    chosen = chooseParts(
      ctx,
      upload,
      d.has('accept-unordered-complete') ? [...listed].sort((a, b) => Number(a.partNumber) - Number(b.partNumber)) : listed,
    );
    completeRules.checkPartNumberSequence(ctx, chosen);
    completeRules.checkListedChecksums(ctx, listed, chosen);
    completeRules.checkObjectSize(ctx, call, chosen);
    chosen = [...completeRules.partsToJoin(ctx, upload, chosen)];
  } catch (error) {
    if (!d.has('complete-despite-error') || !(error instanceof EmulatorError)) throw error;
    // Deviation: the refusal is put in a 200 body, and the upload is completed with the parts it has.
    commitObject(
      ctx,
      upload,
      [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber),
    );
    return {
      status: 200,
      headers: { 'Content-Type': 'application/xml' },
      body: renderErrorDocument(error.row, error.message, upload.key, 'deviation', 'deviation'),
    };
  }
  if (d.has('join-in-arrival-order')) chosen = byArrival(chosen);
  const replaced = ctx.store.objects.get(upload.key);
  const object = commitObject(ctx, upload, chosen);
  const location = `http://${ctx.bucket}.cos.${ctx.region}.myqcloud.com/${upload.key}`;
  const resultEtag = completeResultEtag(ctx, upload, chosen, object.etag, replaced?.etag);
  const headers = encryptionHeaders(ctx, upload);
  const checksumFields = completeRules.objectChecksumFields(ctx, upload, chosen, compositeHasher);
  if (ctx.dialect.crc64Header && object.crc64 !== undefined) headers[ctx.dialect.crc64Header] = object.crc64;
  return xmlReply(
    XML_DECLARATION +
      buildXml('CompleteMultipartUploadResult', {
        Location: location,
        Bucket: ctx.bucket,
        Key: upload.key,
        ETag: resultEtag === '' ? '' : `"${resultEtag}"`,
        ...checksumFields,
      }),
    headers,
  );
}

/** The parts in the order they arrived (what deviations that ignore part numbers use). */
const byArrival = (parts: readonly StoredPart[]) =>
  [...parts].sort((a, b) => a.lastModified.getTime() - b.lastModified.getTime() || arrival(a) - arrival(b));
/** The store numbers its files in the order bodies start to arrive (store.ts, writeBody). */
const arrival = (part: StoredPart) => Number(/body-\d+-(\d+)-/.exec(part.file)?.[1] ?? 0);

/** The first part stored under each number (what deviations that keep a stale part use). */
const firstUploaded = (upload: Upload, parts: readonly StoredPart[]) => parts.map((p) => upload.history.get(p.partNumber) ?? p);

// UP-45 the result ETag is the object's, the one HEAD answers.
/** The ETag Complete's result carries: the object's, or what a deviation computes instead. */
function completeResultEtag(
  ctx: EmulatorContext,
  upload: Upload,
  chosen: readonly StoredPart[],
  objectEtag: string,
  replacedEtag: string | undefined,
): string {
  const d = ctx.deviations;
  if (d.has('empty-complete-etag')) return '';
  if (d.has('complete-etag-not-head-etag')) return multipartEtag([...chosen].reverse());
  if (d.has('complete-etag-arrival-order')) return multipartEtag(byArrival(chosen));
  if (d.has('complete-etag-stale-part')) return multipartEtag(firstUploaded(upload, chosen));
  if (d.has('complete-etag-single-part') && chosen.length === 1) return chosen[0]!.etag;
  if (d.has('complete-etag-of-replaced-object') && replacedEtag !== undefined) return replacedEtag;
  return objectEtag;
}

/** The encryption an upload was initiated with, as the answers about it echo it. */
function encryptionHeaders(ctx: EmulatorContext, upload: Upload): Record<string, string> {
  const headers: Record<string, string> = {};
  if (upload.serverSideEncryption) headers[ctx.dialect.sseHeader] = upload.serverSideEncryption;
  if (upload.kmsKeyId !== undefined) headers[ctx.dialect.kmsKeyIdHeader] = upload.kmsKeyId;
  return { ...headers, ...customerEchoHeaders(ctx, upload.customerKeyMd5) };
}

// UP-25 ascending order (InvalidPartOrder), each part uploaded with that ETag (InvalidPart), UP-04 not a replaced one;
// UP-09, UP-10 the minimum size on every part but the last; UP-48 any subset of the parts may be named.
/** The parts a Complete names, checked: ascending order, each uploaded with that ETag, non-last ones big enough. */
function chooseParts(ctx: EmulatorContext, upload: Upload, listed: ReadonlyArray<{ partNumber: string; etag: string }>): StoredPart[] {
  const d = ctx.deviations;
  const chosen: StoredPart[] = [];
  let previous = 0;
  for (const entry of listed) {
    if (!/^[0-9]{1,6}$/.test(entry.partNumber))
      throw refuse(ERROR.InvalidPart, `Part ${entry.partNumber} could not be found, or its ETag does not match.`);
    const number = Number(entry.partNumber);
    if (number <= previous) throw refuse(ERROR.InvalidPartOrder);
    previous = number;
    const part = upload.parts.get(number);
    const ofAnyPart = d.has('complete-etag-any-part') && [...upload.parts.values()].some((p) => p.etag === unquote(entry.etag));
    if (!part || (unquote(entry.etag) !== part.etag && !d.has('accept-wrong-etag-complete') && !ofAnyPart))
      throw refuse(ERROR.InvalidPart, `Part ${entry.partNumber} could not be found, or its ETag does not match.`);
    chosen.push(part);
  }
  const min = ctx.dialect.minPartSize + (d.has('min-size-exclusive') ? 1 : 0) - (d.has('min-size-one-byte-short') ? 1 : 0);
  chosen.forEach((part, index) => {
    const last = index === chosen.length - 1 && !d.has('min-size-on-last-part');
    if (!last && part.size < min && !d.has('ignore-min-size'))
      throw refuse(ERROR.EntityTooSmall, `Part ${part.partNumber} is smaller than the minimum allowed size and is not the last part.`);
  });
  return chosen;
}

// UP-03 the object is the chosen parts in ascending order; UP-41 its CRC-64 combined from the parts'; UP-24 the object
// changes only now.
/**
 * Makes the object from the chosen parts and ends the upload, in one synchronous step. Its CRC-64 is combined from
 * the parts' CRCs, without reading them again, as COS gives a multipart object the CRC of its bytes.
 */
function commitObject(ctx: EmulatorContext, upload: Upload, chosen: readonly StoredPart[]): { etag: string; crc64: string | undefined } {
  const etag = ctx.deviations.has('complete-etag-plain-md5') ? multipartEtag(chosen).replace(/-\d+$/, '') : multipartEtag(chosen);
  const segments = chosen.map((p) => p.file);
  const crc64 = objectCrc64(ctx, upload, chosen);
  ctx.store.putObject({
    key: upload.key,
    size: chosen.reduce((sum, p) => sum + p.size, 0),
    etag,
    crc64,
    lastModified: new Date(),
    contentType: upload.contentType,
    meta: upload.meta,
    storageClass: upload.storageClass,
    serverSideEncryption: upload.serverSideEncryption,
    ...(upload.kmsKeyId !== undefined ? { kmsKeyId: upload.kmsKeyId } : {}),
    ...(upload.customerKeyMd5 !== undefined ? { customerKeyMd5: upload.customerKeyMd5 } : {}),
    segments,
  });
  ctx.store.dropUpload(upload, new Set(segments));
  return { etag, crc64 };
}

// UP-41 the object's CRC-64 is the CRC of its parts joined in part-number order.
/** The object CRC-64, combined from the parts' CRCs; undefined (none answered) under a deviation. */
function objectCrc64(ctx: EmulatorContext, upload: Upload, chosen: readonly StoredPart[]): string | undefined {
  const d = ctx.deviations;
  if (d.has('object-crc64-missing-one-part') && chosen.length === 1) return undefined;
  if (d.has('wrong-object-crc64')) return chosen.reduce((acc, p) => (BigInt(acc) ^ BigInt(p.crc64)).toString(10), '0');
  const parts = d.has('object-crc64-arrival-order')
    ? byArrival(chosen)
    : d.has('object-crc64-stale-part')
      ? firstUploaded(upload, chosen)
      : chosen;
  return parts.reduce((acc, p) => combineCrc64Ecma(acc, p.crc64, p.size), '0');
}

// UP-29 Abort: 204, then NoSuchUpload; UP-32 Abort of a completed upload is NoSuchUpload.
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
    buildXml('ListMultipartUploadsResult', {
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
