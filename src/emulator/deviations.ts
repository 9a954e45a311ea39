/**
 * Named ways of breaking one documented rule each, for proving that the suite catches wrong servers
 * (test/deviations). Each declares the requirement IDs a conformance run must report as failed.
 */
export interface Deviation {
  readonly description: string;
  readonly breaks: readonly string[];
  /** The profile whose rules it breaks, when they are one profile's only (the x-amz-checksum-* rules are S3's). */
  readonly profile?: 'cos' | 's3';
  /** The transport whose rules it breaks, when they are one transport's only (SSE-C over plain HTTP). */
  readonly transport?: 'http' | 'https';
  /** The COS bucket variant whose rules it breaks, when they are one variant's only (a run then sets COS_BUCKET_TYPE). */
  readonly variant?: 'standard' | 'rapid';
}

export const DEVIATIONS = {
  'same-upload-id': { description: 'Initiate answers the UploadId of an open upload of the same key', breaks: ['UP-01'] },
  'initiate-without-key': { description: 'the InitiateMultipartUploadResult has no <Key>', breaks: ['UP-30'] },
  'nonempty-upload-part-body': { description: 'Upload Part answers 200 with a body', breaks: ['UP-02'] },
  'join-in-arrival-order': { description: 'Complete joins parts in the order they arrived, not by part number', breaks: ['UP-03'] },
  'ignore-reupload': { description: 'a re-upload of a part number is answered 200 but the first part is kept', breaks: ['UP-04'] },
  'ignore-reupload-of-part-3': {
    description: 'a re-upload of part number 3, and of no other, is answered 200 but the first part 3 is kept',
    breaks: ['UP-04'],
  },
  'stale-list-parts': { description: 'List Parts shows each part number as first uploaded', breaks: ['UP-04'] },
  'accept-wrong-etag-complete': { description: 'Complete does not check the ETags it is given', breaks: ['UP-04', 'UP-25'] },
  'no-such-upload-400': { description: 'an unknown UploadId is answered 400 NoSuchUpload instead of 404', breaks: ['UP-05'] },
  'no-such-upload-wrong-code': { description: 'an unknown UploadId is answered 404 NoSuchKey', breaks: ['UP-05'] },
  'accept-foreign-key-upload': { description: 'a live UploadId is accepted with another object key', breaks: ['UP-05'] },
  'forget-abort': { description: 'Abort answers 204 but the upload lives on', breaks: ['UP-05', 'UP-29'] },
  'accept-part-number-zero': { description: 'partNumber 0 is accepted', breaks: ['UP-06'] },
  'accept-part-number-above-max': { description: 'partNumbers above 10000 are accepted', breaks: ['UP-07'] },
  'refuse-part-number-max': { description: 'partNumber 10000 is refused', breaks: ['UP-07'] },
  'lenient-part-number': { description: 'partNumbers like "+1", " 1" and "1.5" are read leniently (parseInt)', breaks: ['UP-08'] },
  'ignore-min-size': { description: 'Complete accepts non-last parts of any size', breaks: ['UP-09'] },
  'min-size-exclusive': { description: 'a non-last part must be larger than the minimum (exactly 1 MiB is refused)', breaks: ['UP-09'] },
  'min-size-one-byte-short': { description: 'a non-last part of minimum - 1 bytes is accepted', breaks: ['UP-09'] },
  'min-size-on-last-part': { description: 'the minimum size is enforced on the last part too', breaks: ['UP-10'] },
  'continue-before-refusing-large': {
    description: 'an oversized part is answered 100 Continue: the body is read before refusing',
    breaks: ['UP-11'],
  },
  'accept-missing-content-length': { description: 'a part without Content-Length is stored as empty', breaks: ['UP-12'] },
  'accept-chunked-part': {
    description: 'a part sent chunked, without Content-Length, is stored (Content-Length is required on Upload Part)',
    breaks: ['UP-36'],
  },
  'ignore-content-md5': { description: 'Content-MD5 is not checked', breaks: ['UP-13', 'UP-33'] },
  'ignore-expect': { description: 'Expect: 100-continue is never answered with 100', breaks: ['UP-14'] },
  'no-etag': { description: 'Upload Part answers no ETag header', breaks: ['UP-15'] },
  'unquoted-etag': { description: 'the part ETag is not quoted', breaks: ['UP-15'] },
  'sha1-etag': { description: 'the part ETag is the SHA-1 of the body', breaks: ['UP-16'] },
  'drop-sse-header': { description: 'Upload Part does not echo x-cos-server-side-encryption', breaks: ['UP-17'] },
  'sse-header-wrong-algorithm': {
    description: 'Upload Part to an SSE-COS (AES256) upload names the KMS algorithm in x-cos-server-side-encryption',
    breaks: ['UP-17'],
  },
  'drop-storage-class-header': { description: 'Upload Part does not echo x-cos-storage-class', breaks: ['UP-18'] },
  'storage-class-header-for-standard': {
    description: 'Upload Part answers x-cos-storage-class: STANDARD for STANDARD uploads',
    breaks: ['UP-18'],
  },
  'drop-request-id': { description: 'answers carry no request id header', breaks: ['UP-19'] },
  'drop-trace-id': { description: 'errors carry no trace id header', breaks: ['UP-19'] },
  'wrong-crc64': { description: 'x-cos-hash-crc64ecma is the CRC of other bytes', breaks: ['UP-20'] },
  'plain-text-errors': { description: 'error bodies are plain text, not XML', breaks: ['UP-21'] },
  'skip-signature-check': { description: 'requests are accepted whatever their signature', breaks: ['UP-22'] },
  'skip-expiry-check': { description: 'the signature window is not checked', breaks: ['UP-22'] },
  'skip-signature-match': { description: 'the key id and window are checked, the signature value is not', breaks: ['UP-22'] },
  'ignore-security-token': {
    description: 'the x-cos-security-token of temporary keys is not checked: missing or wrong, the request is accepted',
    breaks: ['UP-35'],
  },
  'accept-expired-token': { description: 'temporary keys past their validity are accepted', breaks: ['UP-35'] },
  'torn-overwrite': { description: 'a re-upload replaces the part bytes but keeps the earlier ETag and size', breaks: ['UP-23'] },
  'shared-parts-between-uploads': { description: 'uploads of one key share their parts', breaks: ['UP-24'] },
  'overwrite-object-at-initiate': { description: 'Initiate deletes the object already under the key', breaks: ['UP-24'] },
  'accept-unordered-complete': { description: 'Complete sorts the parts instead of refusing a descending list', breaks: ['UP-25'] },
  'complete-despite-error': {
    description: 'a refused Complete is answered 200 with an <Error> body, and the upload is completed anyway',
    breaks: ['UP-26'],
  },
  'list-parts-no-truncation': { description: 'List Parts ignores max-parts and never truncates', breaks: ['UP-27'] },
  'list-parts-ignores-marker': { description: 'List Parts ignores part-number-marker', breaks: ['UP-27'] },
  'list-parts-ended-no-such-key': {
    description: 'List Parts of an upload that was aborted or completed answers 404 NoSuchKey (as Ceph RGW 16 does)',
    breaks: ['UP-32'],
  },
  'abort-unknown-204': { description: 'Abort of an unknown upload is answered 204', breaks: ['UP-29'] },
  'store-truncated-part': { description: 'a body cut short of its Content-Length is stored as received', breaks: ['UP-31'] },
  'store-truncated-part-above-1mib': {
    description: 'a body cut short is stored as received when its declared length is over 1 MiB (a streaming path)',
    breaks: ['UP-31'],
  },
  'content-md5-unchecked-above-1mib': { description: 'Content-MD5 is checked only for parts up to 1 MiB', breaks: ['UP-13'] },
  'multipart-etag-above-1mib': { description: 'a part over 1 MiB gets an ETag of the form "<md5>-1"', breaks: ['UP-16'] },
  'wrong-crc64-above-4mib': { description: 'x-cos-hash-crc64ecma is wrong for parts over 4 MiB', breaks: ['UP-20'] },
  'ignore-reupload-above-1mib': {
    description: 'a re-upload of over 1 MiB is answered 200 but the earlier part is kept',
    breaks: ['UP-04'],
  },
  'accept-unpadded-content-md5': {
    description: 'a Content-MD5 of 22 base64 characters without its padding is taken as a digest (BadDigest, not InvalidDigest)',
    breaks: ['UP-33'],
  },
  'ignore-traffic-limit': {
    description: 'x-cos-traffic-limit is not checked: any value, a number or not, is accepted',
    breaks: ['UP-37'],
    profile: 'cos',
  },
  'traffic-limit-exclusive-bounds': {
    description: 'x-cos-traffic-limit refuses its documented bounds, 819200 and 838860800',
    breaks: ['UP-37'],
    profile: 'cos',
  },
  'sse-c-key-not-required': {
    description: 'a part of an SSE-C upload is accepted without the customer key headers',
    breaks: ['UP-39'],
    transport: 'https',
  },
  'sse-c-any-key': {
    description: 'a part of an SSE-C upload is accepted with another customer key',
    breaks: ['UP-39'],
    transport: 'https',
  },
  'sse-c-over-http': {
    description: 'SSE-C headers are accepted over plain HTTP: the customer key travels in the clear',
    breaks: ['UP-39'],
    transport: 'http',
  },
  'sse-c-no-echo': {
    description: 'answers about an SSE-C upload do not echo the customer algorithm and key MD5',
    breaks: ['UP-39'],
    transport: 'https',
  },
  'wrong-object-crc64': {
    description: "a multipart object's CRC-64 is the XOR of its parts' CRCs, not the CRC of its bytes",
    breaks: ['UP-41'],
    profile: 'cos',
  },
  'ignore-checksum-headers': {
    description: 'x-amz-checksum-* values are not verified: a wrong one is accepted',
    breaks: ['UP-42'],
    profile: 's3',
  },
  'ignore-malformed-checksum': {
    description: 'an x-amz-checksum-* that is not the base64 of a digest of the right length is ignored, and the part stored',
    breaks: ['UP-42'],
    profile: 's3',
  },
  'ignore-sdk-checksum-algorithm': {
    description: 'x-amz-sdk-checksum-algorithm without a checksum header or trailer is accepted',
    breaks: ['UP-43'],
    profile: 's3',
  },
  'aws-chunked-stored-encoded': {
    description: 'an aws-chunked part is stored as received, framing and trailer included',
    breaks: ['UP-44'],
    profile: 's3',
  },
  'ignore-trailer-checksum': { description: 'the checksum in an aws-chunked trailer is not verified', breaks: ['UP-44'], profile: 's3' },
  'empty-complete-etag': {
    description: 'the CompleteMultipartUploadResult carries an empty <ETag> (as Ceph RGW 16 does)',
    breaks: ['UP-45'],
  },
  'complete-etag-not-head-etag': {
    description: "Complete answers an ETag other than the object's (computed over the parts in reverse)",
    breaks: ['UP-45'],
  },
  'complete-etag-plain-md5': {
    description: 'a multipart object gets an ETag of 32 hex digits that is not the MD5 of its bytes (the "-<part count>" suffix dropped)',
    breaks: ['UP-46'],
    profile: 's3',
  },
  'accept-empty-complete': { description: 'Complete with no <Part> completes an empty object', breaks: ['UP-47'] },
  'complete-ended-500': {
    description: 'Complete naming an aborted, completed or unknown upload answers 500 InternalError',
    breaks: ['UP-32'],
  },
  // Issue 25: the 2025-2026 documents and the bucket variants.
  'ignore-forbid-overwrite': {
    description: 'x-cos-forbid-overwrite is ignored: Complete replaces an existing object',
    breaks: ['UP-50'],
    profile: 'cos',
  },
  'standard-accept-gaps': {
    description: 'a standard bucket completes part numbers that are not consecutive (as high-performance buckets do)',
    breaks: ['UP-52'],
    profile: 'cos',
    variant: 'standard',
  },
  'rapid-refuse-gaps': {
    description:
      'a high-performance bucket refuses part numbers that are not consecutive with InvalidPart (as doc 7742 has standard buckets do)',
    breaks: ['UP-53'],
    profile: 'cos',
    variant: 'rapid',
  },
  'rapid-keep-unlisted-parts': {
    description: 'a high-performance bucket joins every part uploaded between the first and the last listed, the unlisted ones too',
    breaks: ['UP-53'],
    profile: 'cos',
    variant: 'rapid',
  },
  'rapid-empty-complete-malformed': {
    description: 'a high-performance bucket answers an empty part list 400 MalformedXML, not InvalidArgument',
    breaks: ['UP-54'],
    profile: 'cos',
    variant: 'rapid',
  },
  'rapid-complete-loose-key': {
    description: "a high-performance bucket's Complete takes a key that differs from Initiate's in case or by a trailing /",
    breaks: ['UP-55'],
    profile: 'cos',
    variant: 'rapid',
  },
  'ignore-added-checksums': {
    description: 'x-amz-checksum-md5, -sha512 and the -xxhash ones are not verified: a wrong value is accepted',
    breaks: ['UP-56'],
    profile: 's3',
  },
  'full-object-checksum-of-parts': {
    description: "a FULL_OBJECT upload's object checksum is computed over the parts' checksums, as a COMPOSITE one",
    breaks: ['UP-57'],
    profile: 's3',
  },
  'accept-composite-crc64nvme': {
    description: 'CreateMultipartUpload takes CRC64NVME with the COMPOSITE checksum type',
    breaks: ['UP-58'],
    profile: 's3',
  },
  'accept-gaps-with-checksums': {
    description: 'Complete accepts part numbers that skip or do not start at 1 although every part carried a checksum',
    breaks: ['UP-59'],
    profile: 's3',
  },
  'ignore-mp-object-size': { description: 'x-amz-mp-object-size is not compared with the object size', breaks: ['UP-60'], profile: 's3' },
  'ignore-if-none-match': {
    description: 'If-None-Match: * on Complete is ignored: an existing object is replaced',
    breaks: ['UP-61'],
    profile: 's3',
  },
  'ignore-if-match': {
    description: 'If-Match on Complete is ignored: an object with another ETag is replaced',
    breaks: ['UP-61'],
    profile: 's3',
  },
  'skip-chunk-signatures': {
    description: 'the chunk and trailer signatures of a signed aws-chunked body are not verified',
    breaks: ['UP-62'],
    profile: 's3',
  },
  // Partial comparisons, lenient parsing and cases a check met only at some seeds (issue 22): each is caught by a
  // fixed example or an adversarial neighbour, at every seed.
  'upload-id-prefix-match': {
    description:
      "an UploadId is looked up by its first 40 characters: one that differs from a live upload's only after them names that upload",
    breaks: ['UP-05', 'UP-29', 'UP-32'],
  },
  'part-number-32-bit': {
    description: 'partNumber is read into 32 bits: 4294967297 and -4294967295 wrap to 1',
    breaks: ['UP-06', 'UP-07'],
  },
  'content-md5-matches-stored-part': {
    description:
      'a Content-MD5 equal to the MD5 of the part already stored under that number is taken as a repeat of it: answered 200, the body discarded unchecked',
    breaks: ['UP-13'],
  },
  'signature-compares-prefix': { description: 'the signature value is compared on its first 16 hex digits only', breaks: ['UP-22'] },
  'complete-etag-any-part': {
    description: 'Complete accepts a part named by the ETag of any part of the upload, not only its own',
    breaks: ['UP-25'],
  },
  'security-token-prefix-accepted': {
    description: 'a security token is accepted when the right one starts with it: an empty or truncated token passes',
    breaks: ['UP-35'],
  },
  'security-token-case-insensitive': { description: 'the security token is compared without regard to case', breaks: ['UP-35'] },
  'traffic-limit-lenient-number': {
    description: 'x-cos-traffic-limit is read with parseInt: digits followed by anything ("819200x") count as the number',
    breaks: ['UP-37'],
    profile: 'cos',
  },
  'traffic-limit-32-bit': {
    description: 'x-cos-traffic-limit is read into 32 bits: 4295786496 (2^32 + 819200) wraps into range',
    breaks: ['UP-37'],
    profile: 'cos',
  },
  'sse-c-key-md5-only': {
    description:
      "a part's customer key is judged by its key-MD5 header alone: another key, or none, sent with the upload's key MD5 is accepted",
    breaks: ['UP-39'],
    transport: 'https',
  },
  'object-crc64-arrival-order': {
    description: "a multipart object's CRC-64 is combined from its parts in the order they arrived, not by part number",
    breaks: ['UP-41'],
    profile: 'cos',
  },
  'object-crc64-stale-part': {
    description: "a multipart object's CRC-64 takes the first CRC-64 of a part uploaded again",
    breaks: ['UP-41'],
    profile: 'cos',
  },
  'object-crc64-missing-one-part': {
    description: 'a one-part multipart object gets no CRC-64 (Complete, HEAD and GET answer none)',
    breaks: ['UP-41'],
    profile: 'cos',
  },
  'checksum-unchecked-above-1mib': {
    description: 'x-amz-checksum-* is verified only on parts up to 1 MiB',
    breaks: ['UP-42'],
    profile: 's3',
  },
  'lenient-checksum-base64': {
    description: 'an x-amz-checksum-* value is decoded leniently: characters outside base64 are skipped ("<value>!" is the value)',
    breaks: ['UP-42'],
    profile: 's3',
  },
  'checksum-compared-case-insensitively': {
    description: 'x-amz-checksum-* values, in a header or a trailer, are compared without regard to case',
    breaks: ['UP-42', 'UP-44'],
    profile: 's3',
  },
  'ignore-trailer-checksum-crc64nvme': {
    description: 'an aws-chunked trailer of x-amz-checksum-crc64nvme is not verified (the other algorithms are)',
    breaks: ['UP-44'],
    profile: 's3',
  },
  'ignore-trailer-checksum-above-1mib': {
    description: 'an aws-chunked trailer checksum is verified only on parts up to 1 MiB',
    breaks: ['UP-44'],
    profile: 's3',
  },
  'sdk-checksum-algorithm-crc32-only': {
    description: 'x-amz-sdk-checksum-algorithm without a checksum is refused only when it names CRC32',
    breaks: ['UP-43'],
    profile: 's3',
  },
  'complete-etag-arrival-order': {
    description: "Complete's result ETag is computed over the parts in the order they arrived (HEAD's by part number)",
    breaks: ['UP-45'],
  },
  'complete-etag-stale-part': { description: "Complete's result ETag takes the first ETag of a part uploaded again", breaks: ['UP-45'] },
  'complete-etag-single-part': {
    description: "Complete of a one-part upload answers the part's ETag, not the object's",
    breaks: ['UP-45'],
  },
  'complete-etag-of-replaced-object': {
    description: 'Complete over an existing object answers the ETag of the object it replaced',
    breaks: ['UP-45'],
  },
  'accept-empty-complete-body': {
    description: 'Complete with an empty body completes an empty object (an empty <CompleteMultipartUpload> is refused)',
    breaks: ['UP-47'],
  },
  'accept-empty-complete-without-parts': {
    description: 'Complete with no <Part> is refused on an upload that has parts, and completes an empty object on one that has none',
    breaks: ['UP-47'],
  },
} as const satisfies Record<string, Deviation>;

export type DeviationName = keyof typeof DEVIATIONS;

export const DEVIATION_NAMES = Object.keys(DEVIATIONS) as DeviationName[];

/** Parses `--deviate a,b`; unknown names are an error naming the known ones. */
export function parseDeviations(list: string | undefined): Set<DeviationName> {
  const names = (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in DEVIATIONS));
  if (unknown.length > 0) throw new RangeError(`unknown deviation ${unknown.join(', ')} (known: ${DEVIATION_NAMES.join(', ')})`);
  return new Set(names as DeviationName[]);
}
