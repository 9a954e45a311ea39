import { ERROR } from '../protocol/error-codes.js';
import { type EmulatorError, refuse } from './errors.js';
import type { SegmentReader } from './store.js';

/**
 * GET Object with a Range header (COS doc 436/7753, "Range": a byte range of RFC 2616, `bytes=first-last`, one range
 * only): 206 with the bytes asked for and Content-Range. Download managers (boto3's and the AWS CLI's s3transfer,
 * rclone's multi-thread copies) read large objects in such ranges and write each answer at its offset, so a
 * server that ignores the header hands them the whole object once per range.
 *
 * RFC 9110 §14.2: a Range that is not a valid `bytes` set is ignored (the whole object, 200); several ranges, which
 * COS does not serve, are treated the same way. A valid range with no byte in the object is 416 InvalidRange
 * (doc 436/7730's table).
 */
export interface ByteRange {
  /** First byte, inclusive. */
  readonly start: number;
  /** Last byte, inclusive. */
  readonly end: number;
}

export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [first, last] = [match[1]!, match[2]!];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined; // not a valid range-spec: ignored
  if (start >= size) throw unsatisfiable(size);
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

function unsatisfiable(size: number): EmulatorError {
  return refuse(ERROR.InvalidRange, `The requested range is not satisfiable: the object has ${size} bytes.`);
}

/** The headers of a 206 answer, replacing the whole object's Content-Length. */
export function rangeHeaders(range: ByteRange, size: number): Record<string, string> {
  return { 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) };
}

/** The bytes of an object's segments, one after another; with a range, only the bytes within it. */
export async function* objectBytes(segments: readonly SegmentReader[], range?: ByteRange): AsyncGenerator<Buffer> {
  let offset = 0;
  for (const segment of segments) {
    if (range === undefined) {
      yield* segment.bytes();
      continue;
    }
    const length = await segment.size();
    const [from, to] = [Math.max(range.start - offset, 0), Math.min(range.end - offset, length - 1)];
    offset += length;
    if (to < from) continue;
    yield* segment.bytes(from, to);
    if (offset > range.end) return;
  }
}
