import { type ChecksumHasher, createChecksumHasher } from '../protocol/checksums.js';
import { fullObjectCrc, isFullObjectAlgorithm } from '../protocol/crc-combine.js';
import { ERROR } from '../protocol/error-codes.js';
import type { Call, EmulatorContext } from './context.js';
import { refuse } from './errors.js';
import { queryValue } from './request.js';
import type { StoredPart, Upload } from './store.js';
import { findUpload, noSuchUpload } from './upload-lookup.js';
import { checksumElement, forbidOverwriteOf, partChecksumOf, uploadOptionsOf } from './upload-options.js';

/**
 * The rules of Complete the 2025-2026 documents added (issue 25), beside the ones multipart-handlers.ts has always
 * kept: the bucket variant's part-number rules, the conditions a Complete may carry (x-cos-forbid-overwrite,
 * If-None-Match, If-Match, x-amz-mp-object-size, x-cos-pnum-max/-min), and the object checksum of an S3 upload
 * created with a checksum type.
 */
export interface ListedPart {
  readonly partNumber: string;
  readonly etag: string;
  readonly checksums?: Readonly<Record<string, string>>;
}

const rapid = (ctx: EmulatorContext) => ctx.dialect.profile === 'cos' && ctx.bucketType === 'rapid';

// UP-55 on a high-performance bucket, Complete's key must be Initiate's exactly (case, trailing /): else NoSuchUpload.
/** The upload a Complete names; a key that differs from Initiate's is as unknown as an UploadId never issued. */
export function findUploadForComplete(ctx: EmulatorContext, call: Call): Upload {
  if (!(rapid(ctx) && ctx.deviations.has('rapid-complete-loose-key'))) return findUpload(ctx, call);
  // Deviation: keys that differ in case or by a trailing / name the same upload.
  const upload = ctx.store.uploads.get(queryValue(call.request.query, 'uploadId') ?? '');
  const loose = (key: string | undefined) => (key ?? '').toLowerCase().replace(/\/+$/, '');
  if (!upload || loose(upload.key) !== loose(call.request.key)) throw noSuchUpload(ctx);
  return upload;
}

// UP-54 on a high-performance bucket, an empty part list is InvalidArgument (elsewhere MalformedXML, UP-47).
/** The refusal of a Complete that lists no part. */
export function emptyListRefusal(ctx: EmulatorContext) {
  if (rapid(ctx) && !ctx.deviations.has('rapid-empty-complete-malformed'))
    return refuse(ERROR.InvalidArgument, 'The part list of CompleteMultipartUpload may not be empty.');
  return refuse(ERROR.MalformedXML);
}

// UP-51 x-cos-pnum-max / x-cos-pnum-min: a part count outside them is refused (the documents give no code).
/** x-cos-pnum-max and x-cos-pnum-min bound how many parts a Complete lists. */
export function checkPartCount(ctx: EmulatorContext, call: Call, listed: readonly ListedPart[]): void {
  if (ctx.dialect.profile !== 'cos') return;
  const limit = (name: string) => {
    const raw = call.request.headers[name];
    if (raw === undefined) return undefined;
    if (!/^[0-9]{1,5}$/.test(raw.trim())) throw refuse(ERROR.InvalidArgument, `${name} must be a whole number of parts.`);
    return Number(raw.trim());
  };
  const max = limit('x-cos-pnum-max');
  const min = limit('x-cos-pnum-min');
  if (max !== undefined && listed.length > max)
    throw refuse(ERROR.InvalidArgument, `The Complete lists ${listed.length} parts, more than x-cos-pnum-max (${max}).`);
  if (min !== undefined && listed.length < min)
    throw refuse(ERROR.InvalidArgument, `The Complete lists ${listed.length} parts, fewer than x-cos-pnum-min (${min}).`);
}

// UP-52 standard COS buckets: listed part numbers consecutive, else InvalidPart; UP-53 high-performance buckets skip
// freely; UP-59 S3: when every part carried a checksum, 1, 2, 3, ... else InvalidPartOrder.
/** The part-number sequence rules of the bucket variant, checked once the parts are known to exist in order. */
export function checkPartNumberSequence(ctx: EmulatorContext, chosen: readonly StoredPart[]): void {
  const d = ctx.deviations;
  const numbers = chosen.map((p) => p.partNumber);
  const consecutive = numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
  if (ctx.dialect.profile === 'cos') {
    const refuseGaps = ctx.bucketType === 'standard' ? !d.has('standard-accept-gaps') : d.has('rapid-refuse-gaps');
    if (refuseGaps && !consecutive) throw refuse(ERROR.InvalidPart, 'The part numbers of a Complete must be consecutive.');
    return;
  }
  const everyPartChecksummed = chosen.length > 0 && chosen.every((p) => partChecksumOf(p) !== undefined);
  if (everyPartChecksummed && (numbers[0] !== 1 || !consecutive) && !d.has('accept-gaps-with-checksums')) {
    throw refuse(ERROR.InvalidPartOrder, 'With part checksums, the part numbers must start at 1 and be consecutive.');
  }
}

/** A checksum listed in Complete's <Part> must be the one the part was stored with. */
export function checkListedChecksums(ctx: EmulatorContext, listed: readonly ListedPart[], chosen: readonly StoredPart[]): void {
  if (ctx.dialect.profile !== 's3') return;
  listed.forEach((entry, index) => {
    const stored = partChecksumOf(chosen[index]!);
    for (const [element, value] of Object.entries(entry.checksums ?? {})) {
      if (stored === undefined || checksumElement(stored.algorithm) !== element || stored.value !== value.trim()) {
        throw refuse(ERROR.InvalidPart, `Part ${entry.partNumber}: ${element} is not the checksum it was uploaded with.`);
      }
    }
  });
}

// UP-50 x-cos-forbid-overwrite (on Complete, or on the upload's Initiate) never replaces an object; UP-61 If-None-Match
// and If-Match on Complete.
/** The conditions a Complete may carry on the object it is about to write. */
export function checkWriteConditions(ctx: EmulatorContext, call: Call, upload: Upload): void {
  const d = ctx.deviations;
  const existing = ctx.store.objects.get(upload.key);
  if (ctx.dialect.profile === 'cos') {
    const forbid = forbidOverwriteOf(ctx, call) || uploadOptionsOf(upload).forbidOverwrite;
    if (forbid && existing && !d.has('ignore-forbid-overwrite')) throw refuse(ERROR.FileAlreadyExists);
    return;
  }
  const ifNoneMatch = call.request.headers['if-none-match']?.trim();
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch !== '*') throw refuse(ERROR.NotImplemented, 'If-None-Match on CompleteMultipartUpload takes only "*".');
    if (existing && !d.has('ignore-if-none-match')) throw refuse(ERROR.PreconditionFailed);
  }
  const ifMatch = call.request.headers['if-match']?.trim();
  if (ifMatch !== undefined && !d.has('ignore-if-match')) {
    if (!existing) throw refuse(ERROR.NoSuchKey);
    const wanted = ifMatch.replace(/^"|"$/g, '');
    if (ifMatch !== '*' && wanted !== existing.etag) throw refuse(ERROR.PreconditionFailed);
  }
}

// UP-60 x-amz-mp-object-size is the sum of the listed parts, else InvalidRequest.
export function checkObjectSize(ctx: EmulatorContext, call: Call, chosen: readonly StoredPart[]): void {
  const raw = ctx.dialect.profile === 's3' ? call.request.headers['x-amz-mp-object-size'] : undefined;
  if (raw === undefined || ctx.deviations.has('ignore-mp-object-size')) return;
  const size = chosen.reduce((sum, p) => sum + p.size, 0);
  if (!/^[0-9]{1,16}$/.test(raw.trim()) || Number(raw.trim()) !== size) {
    throw refuse(ERROR.InvalidRequest, `x-amz-mp-object-size ${raw} is not the size of the object, ${size} bytes.`);
  }
}

/** A COMPOSITE checksum hashes the parts' digests: its hasher is made before Complete's one synchronous step. */
export async function prepareObjectChecksum(upload: Upload): Promise<ChecksumHasher | undefined> {
  const checksum = uploadOptionsOf(upload).checksum;
  return checksum ? createChecksumHasher(checksum.algorithm) : undefined;
}

// UP-57 FULL_OBJECT: the algorithm over the object's bytes (the parts' CRCs combined); COMPOSITE: the algorithm over
// the parts' digests, "-<part count>". S3 answers them in the CompleteMultipartUploadResult.
/** The elements of CompleteMultipartUploadResult about the object checksum of an upload created with one. */
export function objectChecksumFields(
  ctx: EmulatorContext,
  upload: Upload,
  chosen: readonly StoredPart[],
  composite: ChecksumHasher | undefined,
): Record<string, string> {
  const checksum = uploadOptionsOf(upload).checksum;
  const stored = chosen.map((p) => ({ checksum: partChecksumOf(p)?.value, size: p.size }));
  if (!checksum || stored.some((p) => p.checksum === undefined)) return {};
  const element = checksumElement(checksum.algorithm);
  if (
    checksum.type === 'FULL_OBJECT' &&
    isFullObjectAlgorithm(checksum.algorithm) &&
    !ctx.deviations.has('full-object-checksum-of-parts')
  ) {
    return {
      [element]: fullObjectCrc(checksum.algorithm, stored as Array<{ checksum: string; size: number }>),
      ChecksumType: 'FULL_OBJECT',
    };
  }
  for (const part of stored) composite!.update(Buffer.from(part.checksum!, 'base64'));
  return { [element]: `${composite!.digestBase64()}-${stored.length}`, ChecksumType: checksum.type };
}

/** The parts the object is joined from: those listed (under a deviation, every part uploaded between the first and last listed). */
export function partsToJoin(ctx: EmulatorContext, upload: Upload, chosen: readonly StoredPart[]): readonly StoredPart[] {
  if (!(rapid(ctx) && ctx.deviations.has('rapid-keep-unlisted-parts')) || chosen.length === 0) return chosen;
  const first = chosen[0]!.partNumber;
  const last = chosen[chosen.length - 1]!.partNumber;
  return [...upload.parts.values()]
    .filter((p) => p.partNumber >= first && p.partNumber <= last)
    .sort((a, b) => a.partNumber - b.partNumber);
}
