import { createHash } from 'node:crypto';
import { ERROR } from '../protocol/error-codes.js';
import type { Call, EmulatorContext, Reply } from './context.js';
import { customerEchoHeaders, partEtag, requireUploadKey } from './encryption.js';
import { refuse } from './errors.js';
import { receivePart } from './part-body.js';
import { queryValue } from './request.js';
import type { StoredPart, Upload } from './store.js';
import { findUpload, noSuchUpload } from './upload-lookup.js';
import { partChecksumFor, rememberPartChecksum, requirePartAlgorithm } from './upload-options.js';

/** Upload Part (doc 436/7750): which part, into which upload, under which limits; then the body (part-body.ts). */

// UP-06, UP-07, UP-08 partNumber an integer in 1..10000, else InvalidArgument; UP-34 records the forms lenient parsers
// read.
export function parsePartNumber(raw: string | undefined, max: number, deviations: ReadonlySet<string> = new Set()): number {
  const invalid = () => refuse(ERROR.InvalidArgument, `Part number must be an integer between 1 and ${max}, inclusive.`);
  const lenient = deviations.has('lenient-part-number') && raw !== undefined && /^\s*\+?\d/.test(raw);
  const wraps = deviations.has('part-number-32-bit') && raw !== undefined && /^-?[0-9]{1,12}$/.test(raw);
  if (raw === undefined || (!/^[0-9]{1,12}$/.test(raw) && !lenient && !wraps)) throw invalid();
  const value = lenient ? Number.parseInt(raw.trim(), 10) : wraps ? ((Number(raw) % 2 ** 32) + 2 ** 32) % 2 ** 32 : Number(raw);
  if (value < 1 && !(value === 0 && deviations.has('accept-part-number-zero'))) throw invalid();
  if (value > max && !deviations.has('accept-part-number-above-max')) throw invalid();
  if (value === max && deviations.has('refuse-part-number-max')) throw invalid();
  return value;
}

/** UP-37: x-cos-traffic-limit in the dialect's range, else 400. The emulator checks the value; it does not throttle. */
function checkTrafficLimit(ctx: EmulatorContext, call: Call): void {
  const limit = ctx.dialect.trafficLimit;
  const raw = limit === undefined ? undefined : call.request.headers[limit.header];
  if (limit === undefined || raw === undefined || ctx.deviations.has('ignore-traffic-limit')) return;
  const d = ctx.deviations;
  const read = d.has('traffic-limit-lenient-number') ? Number.parseInt(raw, 10) : /^[0-9]{1,20}$/.test(raw) ? Number(raw) : Number.NaN;
  const value = d.has('traffic-limit-32-bit') ? read % 2 ** 32 : read;
  const exclusive = d.has('traffic-limit-exclusive-bounds');
  const inRange = exclusive ? value > limit.min && value < limit.max : value >= limit.min && value <= limit.max;
  if (!inRange) throw refuse(ERROR.InvalidArgument, `${limit.header} must be an integer from ${limit.min} to ${limit.max} (bit/s).`);
}

// UP-38 x-cos-psize-max / x-cos-psize-min.
/**
 * x-cos-psize-max / x-cos-psize-min: a part outside the limits it is sent with "will be marked as failed" (doc 7750,
 * 2025); no code is documented (UP-38 records what targets do). The emulator refuses it with the size codes of doc 7730.
 */
function checkPartSizeLimits(ctx: EmulatorContext, call: Call, size: number): void {
  if (ctx.dialect.profile !== 'cos') return;
  const limit = (name: string) => {
    const raw = call.request.headers[name];
    if (raw === undefined) return undefined;
    if (!/^[0-9]{1,15}$/.test(raw)) throw refuse(ERROR.InvalidArgument, `${name} must be a non-negative integer (bytes).`);
    return Number(raw);
  };
  const max = limit('x-cos-psize-max');
  const min = limit('x-cos-psize-min');
  if (max !== undefined && size > max) throw refuse(ERROR.EntityTooLarge);
  if (min !== undefined && size < min) throw refuse(ERROR.EntityTooSmall, `The part is smaller than x-cos-psize-min (${min} bytes).`);
}

// UP-17 the SSE header, UP-18 the storage class, UP-39 the SSE-C algorithm and key MD5, UP-40 the KMS key id: echoed
// as the upload was initiated.
/** Response headers that echo how the upload was initiated (Upload Part doc, "Response headers"). */
function uploadEchoHeaders(ctx: EmulatorContext, upload: Upload): Record<string, string> {
  const headers: Record<string, string> = {};
  const d = ctx.deviations;
  if (upload.serverSideEncryption && !d.has('drop-sse-header')) headers[ctx.dialect.sseHeader] = upload.serverSideEncryption;
  if (d.has('sse-header-wrong-algorithm') && upload.serverSideEncryption === 'AES256')
    headers[ctx.dialect.sseHeader] = ctx.dialect.kmsValue;
  if (upload.kmsKeyId !== undefined) headers[ctx.dialect.kmsKeyIdHeader] = upload.kmsKeyId;
  if ((upload.storageClass !== 'STANDARD' || d.has('storage-class-header-for-standard')) && !d.has('drop-storage-class-header')) {
    headers[ctx.dialect.storageClassHeader] = upload.storageClass;
  }
  return { ...headers, ...customerEchoHeaders(ctx, upload.customerKeyMd5) };
}

const MiB = 1024 * 1024;

/** Deviation content-md5-matches-stored-part: a Content-MD5 naming the part already stored is taken for a repeat of it. */
function repeatOfStoredPart(ctx: EmulatorContext, call: Call, stored: StoredPart | undefined): StoredPart | undefined {
  const contentMd5 = call.request.headers['content-md5'];
  if (!ctx.deviations.has('content-md5-matches-stored-part') || !stored || contentMd5 === undefined) return undefined;
  return Buffer.from(contentMd5, 'base64').toString('hex') === stored.md5Hex ? stored : undefined;
}

// UP-02 200 with an empty body; UP-15 a quoted ETag; UP-20 x-cos-hash-crc64ecma of the body; UP-04, UP-23 a re-upload
// replaces the part in one step; UP-28 a zero-length part is stored.
export async function uploadPart(ctx: EmulatorContext, call: Call): Promise<Reply> {
  const d = ctx.deviations;
  const partNumber = parsePartNumber(queryValue(call.request.query, 'partNumber'), ctx.dialect.maxPartNumber, d);
  const upload = findUpload(ctx, call);
  checkTrafficLimit(ctx, call);
  requireUploadKey(ctx, call, upload.customerKeyMd5);
  requirePartAlgorithm(ctx, call, upload);
  const repeat = repeatOfStoredPart(ctx, call, upload.parts.get(partNumber));
  const { written, checksum } = await receivePart(ctx, call, { skipContentMd5: repeat !== undefined });
  if (repeat) {
    void ctx.store.discard([written.file]);
    return { status: 200, headers: { 'Content-Type': 'application/xml', ...uploadEchoHeaders(ctx, upload), ETag: `"${repeat.etag}"` } };
  }
  let kept: Awaited<ReturnType<typeof partChecksumFor>>;
  try {
    kept = await partChecksumFor(ctx, upload, checksum, written.file);
    checkPartSizeLimits(ctx, call, written.digest.length);
    // The upload may have been completed or aborted while the body was arriving.
    if (ctx.store.uploads.get(upload.id) !== upload) throw noSuchUpload(ctx);
  } catch (error) {
    void ctx.store.discard([written.file]);
    throw error;
  }
  const md5Hex = written.digest.md5Hex;
  const part: StoredPart = {
    partNumber,
    size: written.digest.length,
    md5Hex,
    etag: partEtag(upload, md5Hex),
    crc64: written.digest.crc64,
    lastModified: new Date(),
    file: written.file,
  };
  const keepFirst =
    d.has('ignore-reupload') ||
    (d.has('ignore-reupload-of-part-3') && part.partNumber === 3) ||
    (d.has('ignore-reupload-above-1mib') && part.size > MiB);
  rememberPartChecksum(part, kept);
  ctx.store.putPart(upload, part, keepFirst ? 'keep-first' : d.has('torn-overwrite') ? 'torn' : 'replace');
  const etag = d.has('sha1-etag')
    ? `"${createHash('sha1')
        .update(await ctx.store.readBody(part.file))
        .digest('hex')}"`
    : d.has('multipart-etag-above-1mib') && part.size > MiB
      ? `"${part.etag}-1"`
      : `"${part.etag}"`;
  const headers: Record<string, string> = { 'Content-Type': 'application/xml', ...uploadEchoHeaders(ctx, upload) };
  if (!d.has('no-etag')) headers.ETag = d.has('unquoted-etag') ? etag.replace(/"/g, '') : etag;
  const wrongCrc = d.has('wrong-crc64') || (d.has('wrong-crc64-above-4mib') && part.size > 4 * MiB);
  if (ctx.dialect.crc64Header) headers[ctx.dialect.crc64Header] = wrongCrc ? String(BigInt(part.crc64) ^ 1n) : part.crc64;
  if (checksum) headers[checksum[0]] = checksum[1];
  return { status: 200, headers, ...(d.has('nonempty-upload-part-body') ? { body: '<UploadPartResult/>' } : {}) };
}
