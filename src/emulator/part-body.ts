import { AwsChunkedDecoder, STREAMING_UNSIGNED_TRAILER } from '../protocol/aws-chunked.js';
import { ChunkSignatureError, SignedChunkDecoder } from '../protocol/aws-chunked-signed.js';
import {
  ADDED_CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  type ChecksumHasher,
  checksumAlgorithmNamed,
  checksumHeader,
  createChecksumHasher,
  isWellFormedChecksum,
} from '../protocol/checksums.js';
import { ERROR } from '../protocol/error-codes.js';
import { STREAMING_SIGNED_PAYLOAD, STREAMING_SIGNED_PAYLOAD_TRAILER } from '../signing/sigv4-streaming.js';
import { type Call, declaredContentMd5, type EmulatorContext, receiveBody, requireLength } from './context.js';
import { refuse } from './errors.js';
import { chunkVerifierFor } from './signed-chunks.js';
import type { WrittenFile } from './store.js';

/**
 * Receiving a part's body, and every rule about the body itself: its length (411, EntityTooLarge, IncompleteBody),
 * Content-MD5 and x-amz-content-sha256 (BadDigest), and under the s3 profile the x-amz-checksum-* headers and
 * the aws-chunked framing with a trailer checksum that the AWS SDKs send by default.
 */
export interface ReceivedPart {
  readonly written: WrittenFile;
  /** The checksum header to echo: the algorithm's header and the value computed from the stored bytes. */
  readonly checksum?: readonly [string, string];
}

const MiB = 1024 * 1024;

interface DeclaredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  /** From the header; undefined when it comes in the trailer. */
  readonly value: string | undefined;
}

// UP-42 x-amz-checksum-* well formed and verified; UP-43 x-amz-sdk-checksum-algorithm needs a checksum; UP-49 two
// checksum headers.
/** The checksum a request declares, judged from its headers before any of the body is read. */
function declaredChecksum(ctx: EmulatorContext, call: Call, trailerName: string | undefined): DeclaredChecksum | undefined {
  const headers = call.request.headers;
  const d = ctx.deviations;
  const named = Object.keys(headers).filter((name) => name.startsWith('x-amz-checksum-') && checksumAlgorithmNamed(name) !== undefined);
  // Recorded by UP-49, not a documented rule for UploadPart: refused as S3 refuses it.
  if (named.length > 1)
    throw refuse(ERROR.InvalidRequest, 'Expecting a single x-amz-checksum- header. Multiple checksum types are not allowed.');
  const trailerAlgorithm = trailerName === undefined ? undefined : checksumAlgorithmNamed(trailerName);
  if (trailerName !== undefined && trailerAlgorithm === undefined)
    throw refuse(ERROR.InvalidRequest, `x-amz-trailer names no checksum this server knows: "${trailerName}".`);
  const headerAlgorithm = named[0] === undefined ? undefined : checksumAlgorithmNamed(named[0]);
  const algorithm = headerAlgorithm ?? trailerAlgorithm;
  const sdk = headers['x-amz-sdk-checksum-algorithm'];
  // With a checksum sent, the UploadPart reference has S3 ignore the algorithm named; without one, 400 (UP-43).
  const refusedOnlyForCrc32 = d.has('sdk-checksum-algorithm-crc32-only') && sdk?.toUpperCase() !== 'CRC32';
  if (sdk !== undefined && algorithm === undefined && !d.has('ignore-sdk-checksum-algorithm') && !refusedOnlyForCrc32) {
    throw refuse(
      ERROR.InvalidRequest,
      'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer header was found.',
    );
  }
  if (algorithm === undefined) return undefined;
  const sent = headerAlgorithm ? headers[checksumHeader(headerAlgorithm)] : undefined;
  // Deviation lenient-checksum-base64: decoded as Buffer.from does, skipping what is not base64.
  const value = sent !== undefined && d.has('lenient-checksum-base64') ? Buffer.from(sent, 'base64').toString('base64') : sent;
  if (value !== undefined && !isWellFormedChecksum(algorithm, value)) {
    if (d.has('ignore-malformed-checksum')) return undefined;
    throw refuse(ERROR.InvalidRequest, `Value for ${checksumHeader(algorithm)} header is invalid.`);
  }
  return { algorithm, value };
}

// UP-44 aws-chunked with an unsigned payload and a trailer.
/** How the body is framed: as sent, or aws-chunked with its decoded length. */
function framingOf(
  ctx: EmulatorContext,
  call: Call,
): { chunked: false } | { chunked: true; decodedLength: number; trailer: string | undefined; signed: boolean } {
  const headers = call.request.headers;
  const contentSha256 = headers['x-amz-content-sha256'] ?? '';
  const awsChunked = /(^|,)\s*aws-chunked\s*(,|$)/i.test(headers['content-encoding'] ?? '') || contentSha256.startsWith('STREAMING-');
  if (ctx.dialect.profile !== 's3' || !awsChunked) return { chunked: false };
  // UP-62 the signed framings, with and without a trailer.
  const signed = contentSha256 === STREAMING_SIGNED_PAYLOAD || contentSha256 === STREAMING_SIGNED_PAYLOAD_TRAILER;
  if (contentSha256 !== STREAMING_UNSIGNED_TRAILER && !signed) {
    throw refuse(
      ERROR.NotImplemented,
      `x-amz-content-sha256 ${contentSha256 || '(absent)'} with aws-chunked is not implemented; ${STREAMING_UNSIGNED_TRAILER}, ${STREAMING_SIGNED_PAYLOAD} and ${STREAMING_SIGNED_PAYLOAD_TRAILER} are.`,
    );
  }
  if (contentSha256 === STREAMING_SIGNED_PAYLOAD && headers['x-amz-trailer'] !== undefined)
    throw refuse(ERROR.InvalidRequest, `x-amz-trailer needs ${STREAMING_SIGNED_PAYLOAD_TRAILER}.`);
  const decoded = headers['x-amz-decoded-content-length'];
  if (decoded === undefined) throw refuse(ERROR.MissingContentLength);
  if (!/^\d{1,15}$/.test(decoded)) throw refuse(ERROR.InvalidArgument, 'x-amz-decoded-content-length must be a non-negative integer.');
  return { chunked: true, decodedLength: Number(decoded), trailer: headers['x-amz-trailer']?.trim().toLowerCase(), signed };
}

// UP-11 EntityTooLarge from the declared length, before the body; UP-13 Content-MD5 checked (BadDigest); UP-31 a body
// cut short stores nothing; UP-44 stored decoded, the trailer verified.
export async function receivePart(ctx: EmulatorContext, call: Call, options: { skipContentMd5?: boolean } = {}): Promise<ReceivedPart> {
  const d = ctx.deviations;
  const framing = framingOf(ctx, call);
  // aws-chunked declares its length in x-amz-decoded-content-length: the wire may then be chunked, as the SDKs send a stream.
  const wireLength = framing.chunked ? call.declaredLength : requireLength(call, false, ctx);
  // Stored as sent, framing and all: what a server that does not know aws-chunked does.
  const decode = framing.chunked && !d.has('aws-chunked-stored-encoded');
  const declared = framing.chunked && decode ? framing.decodedLength : wireLength;
  if (d.has('continue-before-refusing-large')) call.startBody();
  // Decided from the headers alone, before any of the body is read or 100 Continue is sent.
  if (declared !== undefined && declared > ctx.dialect.maxPartSize) throw refuse(ERROR.EntityTooLarge);
  const contentMd5 = d.has('ignore-content-md5') ? undefined : declaredContentMd5(call, d.has('accept-unpadded-content-md5'));
  const checksum = ctx.dialect.profile === 's3' ? declaredChecksum(ctx, call, framing.chunked ? framing.trailer : undefined) : undefined;
  const payloadSha256 = call.request.headers['x-amz-content-sha256'];
  const checkSha256 = payloadSha256 !== undefined && /^[0-9a-f]{64}$/.test(payloadSha256);
  const hasher: ChecksumHasher | undefined = checksum ? await createChecksumHasher(checksum.algorithm) : undefined;

  let decoder: AwsChunkedDecoder | SignedChunkDecoder | undefined;
  if (decode) {
    decoder = framing.signed ? new SignedChunkDecoder(chunkVerifierFor(ctx, call)) : new AwsChunkedDecoder();
    call.startBody();
    call.req.pipe(decoder);
    const gone = () => {
      if (!call.req.readableEnded) decoder!.destroy(Object.assign(new Error('client went away'), { code: 'ABORTED' }));
    };
    call.req.once('aborted', gone);
    call.req.once('close', gone);
  }
  const written = await receiveBody(ctx, call, declared, {
    ...(decoder ? { source: decoder } : {}),
    maxLength: ctx.dialect.maxPartSize,
    sha256: checkSha256,
    ...(hasher ? { tap: (chunk: Buffer) => hasher.update(chunk) } : {}),
    keepPartial: d.has('store-truncated-part') || (d.has('store-truncated-part-above-1mib') && (declared ?? 0) > MiB),
  }).catch((error: Error) => {
    if (error instanceof ChunkSignatureError) throw refuse(ERROR.SignatureDoesNotMatch, error.message);
    throw error;
  });
  const discardAndRefuse = (error: Error): never => {
    void ctx.store.discard([written.file]);
    throw error;
  };
  const digestChecked =
    contentMd5 !== undefined && !options.skipContentMd5 && !(d.has('content-md5-unchecked-above-1mib') && written.digest.length > MiB);
  if (digestChecked && Buffer.from(contentMd5, 'base64').toString('hex') !== written.digest.md5Hex)
    discardAndRefuse(refuse(ERROR.BadDigest));
  if (checkSha256 && written.sha256Hex !== undefined) call.seen.payloadSha256 = written.sha256Hex;
  if (checkSha256 && written.sha256Hex !== payloadSha256) discardAndRefuse(refuse(ERROR.BadDigest));
  if (!checksum || !hasher) return { written };
  const computed = hasher.digestBase64();
  const header = checksumHeader(checksum.algorithm);
  const fromTrailer = checksum.value === undefined;
  const expected = fromTrailer ? decoder?.trailers[header] : checksum.value;
  call.seen.checksum = { header, sent: expected, computed };
  if (fromTrailer && decoder && expected === undefined)
    discardAndRefuse(refuse(ERROR.InvalidRequest, `x-amz-trailer names ${header}, but the body's trailer does not carry it.`));
  const added = (ADDED_CHECKSUM_ALGORITHMS as readonly string[]).includes(checksum.algorithm);
  const large = written.digest.length > MiB;
  // UP-56 the algorithms S3 added in 2025 are verified like the first five.
  const unchecked =
    (fromTrailer
      ? d.has('ignore-trailer-checksum') ||
        (d.has('ignore-trailer-checksum-crc64nvme') && checksum.algorithm === 'crc64nvme') ||
        (d.has('ignore-trailer-checksum-above-1mib') && large)
      : d.has('ignore-checksum-headers') || (d.has('checksum-unchecked-above-1mib') && large)) ||
    (added && d.has('ignore-added-checksums'));
  const differs = d.has('checksum-compared-case-insensitively')
    ? expected?.toLowerCase() !== computed.toLowerCase()
    : expected !== computed;
  if (expected !== undefined && differs && !unchecked) {
    discardAndRefuse(
      refuse(ERROR.BadDigest, `The ${checksum.algorithm.toUpperCase()} you specified did not match the calculated checksum.`),
    );
  }
  return { written, checksum: [header, computed] };
}
