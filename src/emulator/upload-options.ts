import { ALL_CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, checksumAlgorithmNamed, createChecksumHasher } from '../protocol/checksums.js';
import { isFullObjectAlgorithm } from '../protocol/crc-combine.js';
import { ERROR } from '../protocol/error-codes.js';
import type { Call, EmulatorContext } from './context.js';
import { refuse } from './errors.js';
import type { StoredPart, Upload } from './store.js';

/**
 * What an upload was initiated with beyond the store's attributes (issue 25): COS's x-cos-forbid-overwrite, and S3's
 * x-amz-checksum-algorithm with its x-amz-checksum-type; and the checksum each part of an S3 upload carried. Kept
 * beside the store, keyed by the upload and the part, so they live and die with them.
 */
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface UploadOptions {
  readonly forbidOverwrite: boolean;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly type: ChecksumType };
}

export interface PartChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
}

const uploads = new WeakMap<Upload, UploadOptions>();
const parts = new WeakMap<StoredPart, PartChecksum>();

const FORBID_OVERWRITE = 'x-cos-forbid-overwrite';

/** x-cos-forbid-overwrite: true or false (any case); anything else is InvalidArgument. */
export function forbidOverwriteOf(ctx: EmulatorContext, call: Call): boolean {
  const raw = ctx.dialect.profile === 'cos' ? call.request.headers[FORBID_OVERWRITE] : undefined;
  if (raw === undefined) return false;
  if (!/^(true|false)$/i.test(raw.trim())) throw refuse(ERROR.InvalidArgument, `${FORBID_OVERWRITE} must be true or false.`);
  return raw.trim().toLowerCase() === 'true';
}

/** Algorithms each checksum type takes for a multipart upload: FULL_OBJECT only the CRCs, COMPOSITE not CRC64NVME. */
function typeTakes(type: ChecksumType, algorithm: ChecksumAlgorithm): boolean {
  return type === 'FULL_OBJECT' ? isFullObjectAlgorithm(algorithm) : algorithm !== 'crc64nvme';
}

// UP-57 x-amz-checksum-type at Create, FULL_OBJECT or COMPOSITE; UP-58 CRC64NVME takes FULL_OBJECT only.
/** The options of an Initiate, validated from its headers before the upload exists. */
export function readInitiateOptions(ctx: EmulatorContext, call: Call): UploadOptions {
  const forbidOverwrite = forbidOverwriteOf(ctx, call);
  if (ctx.dialect.profile !== 's3') return { forbidOverwrite };
  const headers = call.request.headers;
  const rawAlgorithm = headers['x-amz-checksum-algorithm'];
  const rawType = headers['x-amz-checksum-type'];
  if (rawAlgorithm === undefined) {
    if (rawType !== undefined) throw refuse(ERROR.InvalidRequest, 'x-amz-checksum-type needs an x-amz-checksum-algorithm.');
    return { forbidOverwrite };
  }
  const algorithm = checksumAlgorithmNamed(rawAlgorithm);
  if (algorithm === undefined)
    throw refuse(ERROR.InvalidRequest, `x-amz-checksum-algorithm must be one of ${ALL_CHECKSUM_ALGORITHMS.join(', ').toUpperCase()}.`);
  const type = (rawType?.toUpperCase() ?? (algorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE')) as ChecksumType;
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE')
    throw refuse(ERROR.InvalidRequest, 'x-amz-checksum-type must be FULL_OBJECT or COMPOSITE.');
  const lenient = ctx.deviations.has('accept-composite-crc64nvme') && algorithm === 'crc64nvme';
  if (!typeTakes(type, algorithm) && !lenient)
    throw refuse(ERROR.InvalidRequest, `The ${type} checksum type does not support the ${algorithm.toUpperCase()} algorithm.`);
  return { forbidOverwrite, checksum: { algorithm, type } };
}

export function rememberUploadOptions(upload: Upload, options: UploadOptions): void {
  uploads.set(upload, options);
}

export function uploadOptionsOf(upload: Upload): UploadOptions {
  return uploads.get(upload) ?? { forbidOverwrite: false };
}

/** What Create answers about the checksum it was given. */
export function initiateChecksumHeaders(options: UploadOptions): Record<string, string> {
  if (!options.checksum) return {};
  return { 'x-amz-checksum-algorithm': options.checksum.algorithm.toUpperCase(), 'x-amz-checksum-type': options.checksum.type };
}

/** The checksum algorithm a part declares, from its x-amz-checksum-* header or its x-amz-trailer. */
function declaredAlgorithm(call: Call): ChecksumAlgorithm | undefined {
  const headers = call.request.headers;
  const named = Object.keys(headers).find((name) => name.startsWith('x-amz-checksum-') && checksumAlgorithmNamed(name) !== undefined);
  const trailer = headers['x-amz-trailer']?.trim().toLowerCase();
  return (named && checksumAlgorithmNamed(named)) || (trailer ? checksumAlgorithmNamed(trailer) : undefined);
}

/** A part of an upload created with a checksum algorithm may carry only that algorithm's checksum (decided before the body). */
export function requirePartAlgorithm(ctx: EmulatorContext, call: Call, upload: Upload): void {
  const expected = uploadOptionsOf(upload).checksum?.algorithm;
  const declared = ctx.dialect.profile === 's3' ? declaredAlgorithm(call) : undefined;
  if (expected !== undefined && declared !== undefined && declared !== expected) {
    throw refuse(
      ERROR.InvalidRequest,
      `The upload was created with the ${expected.toUpperCase()} checksum algorithm; this part carries ${declared.toUpperCase()}.`,
    );
  }
}

/**
 * The checksum a stored part keeps: the one it carried (verified on the way in), or, for an upload created with an
 * algorithm, the one the emulator computes from the stored bytes.
 */
export async function partChecksumFor(
  ctx: EmulatorContext,
  upload: Upload,
  carried: readonly [string, string] | undefined,
  file: string,
): Promise<PartChecksum | undefined> {
  if (ctx.dialect.profile !== 's3') return undefined;
  if (carried) {
    const algorithm = checksumAlgorithmNamed(carried[0]);
    return algorithm ? { algorithm, value: carried[1] } : undefined;
  }
  const algorithm = uploadOptionsOf(upload).checksum?.algorithm;
  if (algorithm === undefined) return undefined;
  const hasher = await createChecksumHasher(algorithm);
  hasher.update(await ctx.store.readBody(file));
  return { algorithm, value: hasher.digestBase64() };
}

export function rememberPartChecksum(part: StoredPart, checksum: PartChecksum | undefined): void {
  if (checksum) parts.set(part, checksum);
}

export function partChecksumOf(part: StoredPart): PartChecksum | undefined {
  return parts.get(part);
}

/** The element of Complete's <Part> that carries a checksum of `algorithm`: ChecksumCRC32, ChecksumXXHASH64, ... */
export const checksumElement = (algorithm: ChecksumAlgorithm) => `Checksum${algorithm.toUpperCase()}`;
