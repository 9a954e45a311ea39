/**
 * The requirement catalogue. IDs are stable once published: users list them in expectation files. A requirement
 * is never renumbered or reused; a withdrawn one stays here, marked withdrawn.
 *
 * Levels follow h2spec and Autobahn: MUST (a failure makes the target non-conformant), SHOULD (reported; fatal
 * only with --strict), INFO (recorded behaviour where the documents are silent or unconfirmed; never judged).
 * A rule whose breach stores wrong data, or accepts data the client marked as corrupt, is MUST. Every source
 * cites the public COS document, as test262 cites its esid and info: the page, the section, a short quoted clause.
 */

import { type RevisedSource, withRevisions } from './revisions.js';
import {
  AWS_COMPLETE_LIST,
  AWS_MULTIPART_ETAG,
  CHECKSUM_HEADERS,
  CHECKSUM_REJECTED,
  COMPLETE_CONSECUTIVE,
  COMPLETE_ETAG,
  COMPLETE_LISTS_PARTS,
  COMPLETE_NO_SUCH_UPLOAD,
  CONTENT_LENGTH_7728,
  CONTENT_LENGTH_REQUIRED,
  CONTENT_MD5,
  complete,
  DECODED_LENGTH,
  DOC,
  ERROR_BODY,
  ERRORS_URL,
  ETAG_ENCRYPTED,
  HIGH_PERFORMANCE_PART,
  IDENTIFIES,
  KMS_KEY_ID,
  OBJECT_CRC64,
  OBJECT_CRC64_READS,
  OVERWRITE,
  PART_NUMBER_RANGE,
  PSIZE_MAX,
  PSIZE_MIN,
  RESPONSE_HEADERS_URL,
  SDK_CHECKSUM_ALGORITHM,
  SDK_CHECKSUM_IGNORED,
  type Source,
  SSE_C_ECHO,
  SSE_C_HTTPS,
  SSE_C_HTTPS_S3,
  SSE_C_ON_PARTS,
  STORED_DECODED,
  TRAFFIC_LIMIT_GUIDE,
  TRAFFIC_LIMIT_NUMBER,
  TRAFFIC_LIMIT_RANGE,
  TRAILER_HEADER,
  UNSIGNED_TRAILER,
  UPLOAD_PART_2020_URL,
  uploadPart,
  uploadPart2020,
} from './sources.js';
import * as DOCS_2026 from './sources-2026.js';

export type { RevisedSource } from './revisions.js';
export type { Source } from './sources.js';

export type Level = 'MUST' | 'SHOULD' | 'INFO';

export interface Requirement {
  readonly id: string;
  readonly level: Level;
  readonly sentence: string;
  /** The clause it rests on, with the revision of the page it was read from. */
  readonly source: RevisedSource;
  /** Further clauses the requirement rests on. */
  readonly also?: readonly RevisedSource[];
  /** Why the level is what it is, where the documents leave room or the level changed. */
  readonly levelNote?: string;
  /** The spec files that check it (specs/<name>.spec.ts). */
  readonly specs: readonly string[];
}

/** A requirement as written below: its sources' revisions are filled in from revisions.ts. */
type RequirementDraft = Omit<Requirement, 'source' | 'also'> & { readonly source: Source; readonly also?: readonly Source[] };

export const REQUIREMENTS: readonly Requirement[] = withRevisions<RequirementDraft>([
  {
    id: 'UP-01',
    level: 'MUST',
    specs: ['detail-analysis'],
    sentence: 'Initiate returns an UploadId; two Initiates on one key get distinct UploadIds, and Upload Part works with each.',
    source: IDENTIFIES,
  },
  {
    id: 'UP-02',
    level: 'MUST',
    specs: ['detail-analysis', 'model-based'],
    sentence: 'A part with a valid UploadId and partNumber in 1..10000 is accepted: 200, empty body.',
    source: PART_NUMBER_RANGE,
  },
  {
    id: 'UP-03',
    level: 'MUST',
    specs: ['detail-analysis', 'model-based'],
    sentence: 'Parts may be uploaded in any order; the completed object is the parts joined in ascending partNumber order.',
    source: uploadPart(
      'Overview, multipart upload process',
      'it is necessary to carry the Key (object key), partNumber (part number), and uploadId specified during initialization, supporting out-of-order uploads.',
    ),
  },
  {
    id: 'UP-04',
    level: 'MUST',
    specs: ['detail-analysis', 'model-based'],
    sentence:
      'Re-uploading a part number replaces the earlier part: List Parts shows the new ETag and size, the object holds the new bytes, Complete with the old ETag gets 400 InvalidPart.',
    source: OVERWRITE,
  },
  {
    id: 'UP-05',
    level: 'MUST',
    specs: ['detail-analysis', 'model-based'],
    sentence:
      'An UploadId that does not exist gets 404 NoSuchUpload: a random one, an aborted one, a completed one, and a live one used with another key.',
    source: uploadPart('Overview, note', 'If the provided uploadId does not exist, a 404 error with NoSuchUpload will be returned.'),
  },
  {
    id: 'UP-06',
    level: 'MUST',
    specs: ['request-parameters'],
    sentence: 'partNumber below 1 (0, -1) gets 400 InvalidArgument.',
    source: PART_NUMBER_RANGE,
    also: [HIGH_PERFORMANCE_PART],
    levelNote:
      'The range holds for every bucket (doc 7750); the code InvalidArgument is written out for high-performance buckets (doc 436/139727).',
  },
  {
    id: 'UP-07',
    level: 'MUST',
    specs: ['feature-description'],
    sentence: 'partNumber 10000 is accepted; 10001 and above get 400 InvalidArgument.',
    source: uploadPart('Overview', 'You can upload up to 10,000 parts.'),
    also: [PART_NUMBER_RANGE, HIGH_PERFORMANCE_PART],
  },
  {
    id: 'UP-08',
    level: 'SHOULD',
    specs: ['request-parameters'],
    sentence: 'A partNumber that no integer parser reads as a number (abc, 1.5, empty, ../1, 1,2) gets 400 InvalidArgument.',
    source: HIGH_PERFORMANCE_PART,
    also: [PART_NUMBER_RANGE],
    levelNote:
      'Since 2026-11 forms that common parsers read as integers (+1, " 1", 01, 1e3) are not judged here: no document rules on them, and UP-34 records how they are answered.',
  },
  {
    id: 'UP-09',
    level: 'MUST',
    specs: ['feature-description'],
    sentence: 'A non-last part under 1 MB makes Complete fail with 400 EntityTooSmall; a non-last part of exactly 1 MiB is accepted.',
    source: {
      ...complete('Overview', 'If any uploaded part is smaller than 1 MB, "400 EntityTooSmall" will be returned when this API is called.'),
      document: `${DOC.complete}, 2024-09-26 revision`,
    },
    also: [uploadPart('Overview', 'The size of each part should be 1 MB to 5 GB')],
    levelNote:
      'The newest revision of doc 7742 (2026-06) no longer lists EntityTooSmall; the 1 MB minimum for every part but the last stays in doc 7750.',
  },
  {
    id: 'UP-10',
    level: 'MUST',
    specs: ['feature-description'],
    sentence: 'The last part may be under 1 MB, down to 1 byte.',
    source: uploadPart('Overview', 'and the last part can be smaller than 1 MB.'),
  },
  {
    id: 'UP-11',
    level: 'MUST',
    specs: ['feature-description'],
    sentence:
      'A part over 5 GB gets 400 EntityTooLarge, decided from Content-Length: probed with 5 GiB + 1 and Expect: 100-continue, the server answers the error, not 100 Continue, and no body is sent.',
    source: uploadPart('Overview', 'The size of each part should be 1 MB to 5 GB'),
    levelNote: 'EntityTooLarge is a code of doc 7730; refusing before the body is what Expect: 100-continue is for (RFC 9110 §10.1.1).',
  },
  {
    id: 'UP-12',
    level: 'MUST',
    specs: ['request-headers'],
    sentence: 'An Upload Part with neither Content-Length nor Transfer-Encoding gets 411 MissingContentLength.',
    source: CONTENT_LENGTH_REQUIRED,
    also: [CONTENT_LENGTH_7728],
    levelNote:
      'Such a request has no body (RFC 9112 §6.3): a server that accepts it stores an empty part the client never sent. A chunked part is UP-36.',
  },
  {
    id: 'UP-13',
    level: 'MUST',
    specs: ['request-headers', 'model-based'],
    sentence:
      'Content-MD5: a matching digest is accepted; a digest of other bytes gets 400 BadDigest and stores nothing (an earlier part with that number survives).',
    source: {
      document: DOC.errors,
      url: ERRORS_URL,
      section: '4XX error codes, BadDigest',
      quote: 'The provided Content-MD5 value does not match the MD5 hash of the request body received by the server.',
    },
    also: [CONTENT_MD5],
    levelNote:
      'MUST since 2026-11 (was SHOULD): a server that accepts a part the client marked as corrupt stores wrong data silently, which is what the header exists to prevent. The malformed digest moved to UP-33.',
  },
  {
    id: 'UP-14',
    level: 'SHOULD',
    specs: ['request-headers'],
    sentence: 'Expect: 100-continue is honoured: 100 Continue before the body, or a final status without reading it.',
    source: uploadPart2020(
      'Request headers, recommended headers (Expect)',
      'Expect HTTP request content length defined in RFC 2616 (bytes) String No',
    ),
  },
  {
    id: 'UP-15',
    level: 'MUST',
    specs: ['response-headers', 'model-based'],
    sentence:
      'The response has an ETag header, a quoted string; List Parts reports the same ETag and the size sent, and Complete accepts it.',
    source: complete('Overview', 'you must specify the PartNumber and ETag of each part in the request body to verify the parts.'),
  },
  {
    id: 'UP-16',
    level: 'SHOULD',
    specs: ['response-headers'],
    sentence: 'The ETag of a part of an upload initiated without encryption is the quoted lower-case hex MD5 of the part body.',
    source: ETAG_ENCRYPTED,
    levelNote:
      'SHOULD: COS answers the MD5 for parts of unencrypted uploads (the official SDK compares it with its own to resume an upload), but doc 7729 does not promise it. Scoped to unencrypted uploads since 2026-11: the same row says the value differs for encrypted objects, so UP-40 records the ETags of SSE-COS and SSE-KMS parts instead of judging them.',
  },
  {
    id: 'UP-17',
    level: 'MUST',
    specs: ['response-headers'],
    sentence: 'x-cos-server-side-encryption: AES256 comes back on Upload Part when the upload was initiated with SSE-COS.',
    levelNote:
      'Since 2026-12 a part of an upload initiated without encryption is recorded, not judged: a bucket with default encryption (on AWS S3, every bucket since 2023) encrypts it anyway and may say so.',
    source: {
      document: DOC.responseHeaders,
      url: RESPONSE_HEADERS_URL,
      section: 'x-cos-server-side-encryption',
      quote: 'the request response will return this header, indicating the server-side encryption algorithm used during object upload.',
    },
  },
  {
    id: 'UP-18',
    level: 'SHOULD',
    specs: ['response-headers'],
    sentence:
      'x-cos-storage-class comes back on Upload Part, with the class, for uploads initiated with a non-STANDARD class, and not for STANDARD.',
    source: {
      document: `${DOC.uploadPart}, 2017-2019 revisions`,
      url: UPLOAD_PART_2020_URL,
      section: 'Special response headers (x-cos-storage-class)',
      quote: 'COS returns this response header for all objects except those in the Standard storage class.',
    },
    levelNote:
      'SHOULD since 2026-11 (was MUST): only the older revisions of doc 7750, the one this project was given, list it as an Upload Part response header; no current revision does.',
  },
  {
    id: 'UP-19',
    level: 'SHOULD',
    specs: ['response-headers'],
    sentence: 'Every response carries x-cos-request-id; errors carry x-cos-trace-id.',
    source: {
      document: DOC.responseHeaders,
      url: RESPONSE_HEADERS_URL,
      section: 'x-cos-trace-id',
      quote: 'This header will be included in the response only if the request has failed.',
    },
  },
  {
    id: 'UP-20',
    level: 'SHOULD',
    specs: ['response-headers'],
    sentence: 'x-cos-hash-crc64ecma, when present, equals the CRC-64/ECMA-182 of the part body.',
    source: {
      document: 'CRC64 Check (COS, doc 436/45260)',
      url: 'https://www.tencentcloud.com/document/product/436/45260',
      section: 'API samples, Upload Part response',
      quote: 'The x-cos-hash-crc64ecma header represents the CRC64 value of a part',
    },
  },
  {
    id: 'UP-21',
    level: 'MUST',
    specs: ['error-codes'],
    sentence: 'Errors are application/xml <Error> documents with Code, Message and RequestId (Resource and TraceId where COS sends them).',
    source: ERROR_BODY,
  },
  {
    id: 'UP-22',
    level: 'MUST',
    specs: ['request-signature'],
    sentence:
      'Unsigned gets 403 AccessDenied; a wrong secret 403 SignatureDoesNotMatch; an unknown SecretId 403 InvalidAccessKeyId; an expired signature window 403; a signed header changed after signing 403 SignatureDoesNotMatch.',
    source: {
      document: '403 Error for COS Access (COS, doc 436/40105)',
      url: 'https://www.tencentcloud.com/document/product/436/40105',
      section: 'Analysis, item 4',
      quote: 'If there is a problem with the calculation method of the signature, COS will return "SignatureDoesNotMatch".',
    },
  },
  {
    id: 'UP-23',
    level: 'MUST',
    specs: ['detail-analysis'],
    sentence:
      'Concurrent uploads of different parts all land; concurrent uploads of one part number leave exactly one of the bodies, and List Parts agrees with the completed object.',
    source: OVERWRITE,
    levelNote:
      'MUST since 2026-11 (was SHOULD): a torn overwrite (the bytes of one upload, the ETag or size of another) is wrong data stored, which List Parts then hides.',
  },
  {
    id: 'UP-24',
    level: 'MUST',
    specs: ['detail-analysis'],
    sentence:
      'Uploads are isolated: two uploads of one key share no parts; aborting one leaves the other intact; an existing object under the key is unchanged until Complete.',
    source: IDENTIFIES,
    levelNote: 'MUST since 2026-11 (was SHOULD): parts shared between uploads, or an object changed before Complete, is wrong data stored.',
  },
  {
    id: 'UP-25',
    level: 'MUST',
    specs: ['complete-multipart-upload', 'model-based'],
    sentence:
      'Complete rejects parts out of ascending order (400 InvalidPartOrder) and a part never uploaded or with a wrong ETag (400 InvalidPart).',
    source: complete(
      'Overview',
      'If the part numbers in the request body are not in ascending order, "400 InvalidPartOrder" will be returned when this API is called.',
    ),
    levelNote:
      'A wrong ETag as InvalidPart is written out for high-performance buckets (doc 436/139736); doc 7742 has Complete "verify the parts" by PartNumber and ETag.',
  },
  {
    id: 'UP-26',
    level: 'SHOULD',
    specs: ['complete-multipart-upload'],
    sentence: 'A 200 answer to Complete whose body is an <Error> is the error it carries, never a success.',
    source: complete(
      'Overview',
      'COS will immediately return status code 200 and use the Transfer-Encoding: chunked response header to return spaces periodically',
    ),
  },
  {
    id: 'UP-27',
    level: 'SHOULD',
    specs: ['list-parts'],
    sentence: 'List Parts pages correctly with max-parts and part-number-marker over more than 1000 parts.',
    source: {
      document: 'List Parts (COS API, doc 436/7747)',
      url: 'https://www.tencentcloud.com/document/api/436/7747',
      section: 'Request parameters (max-parts)',
      quote: 'Maximum number of entries to be returned at a time. Maximum value: 1000. Default value: 1000.',
    },
  },
  {
    id: 'UP-28',
    level: 'INFO',
    specs: ['informational'],
    sentence:
      'Recorded, not judged: a zero-length part; gaps in part numbers at Complete; what a completed upload answers to a repeated Complete, to List Parts and to Abort (and to Upload Part, which UP-05 judges).',
    source: complete('Overview', 'If the part numbers are not continuous, "400 InvalidPart" will be returned when this API is called.'),
    levelNote:
      'INFO: high-performance buckets allow gaps (doc 436/139736: part numbers need not be continuous) where doc 7742 refuses them; the rest is undocumented.',
  },
  {
    id: 'UP-29',
    level: 'MUST',
    specs: ['detail-analysis', 'model-based'],
    sentence: 'Abort answers 204; afterwards Abort of the same upload, or of one that never existed, gets 404 NoSuchUpload.',
    source: {
      document: 'Abort Multipart Upload (COS API, doc 436/7740)',
      url: 'https://www.tencentcloud.com/document/api/436/7740',
      section: 'Overview',
      quote: 'If the uploadId does not exist, "404 NoSuchUpload" will be returned.',
    },
  },
  {
    id: 'UP-30',
    level: 'MUST',
    specs: ['detail-analysis'],
    sentence: 'Initiate answers 200 with an InitiateMultipartUploadResult naming the Bucket, the Key and the UploadId.',
    source: {
      document: 'Initiate Multipart Upload (COS API, doc 436/7746)',
      url: 'https://www.tencentcloud.com/document/product/436/7746',
      section: 'Overview',
      quote: 'After a successful operation, UploadId will be returned, which can be used in subsequent Upload Part requests.',
    },
  },
  {
    id: 'UP-31',
    level: 'MUST',
    specs: ['request-headers'],
    sentence: 'A part whose body ends before its Content-Length is not stored: an earlier part with that number survives.',
    source: CONTENT_LENGTH_REQUIRED,
    levelNote: 'A truncated part stored is wrong data; doc 7730 has IncompleteBody for it.',
  },
  {
    id: 'UP-32',
    level: 'MUST',
    specs: ['model-based', 'complete-multipart-upload'],
    sentence:
      'Complete naming an upload that never existed, and Complete and List Parts naming an aborted one, get 404 NoSuchUpload (Upload Part: UP-05; Abort after Abort: UP-29).',
    source: COMPLETE_NO_SUCH_UPLOAD,
    levelNote:
      'Since 2026-12 a completed upload is recorded (UP-28), not judged here: AWS S3 itself answers a repeated Complete 200, and no COS document of a standard bucket says what List Parts, Complete or Abort of a completed upload answer (doc 436/139736 does, for high-performance buckets only).',
  },
  {
    id: 'UP-33',
    level: 'SHOULD',
    specs: ['request-headers'],
    sentence: 'A malformed Content-MD5 (not the base64 of 16 bytes) gets 400 InvalidDigest and stores nothing.',
    source: CONTENT_MD5,
    levelNote:
      'Split from UP-13 in 2026-11. SHOULD: a malformed digest matches no body, so what differs between servers is mostly the error code (InvalidDigest, doc 7730).',
  },
  {
    id: 'UP-34',
    level: 'INFO',
    specs: ['request-parameters'],
    sentence:
      'Recorded, not judged: how partNumber forms that common integer parsers accept (+1, " 1", "1 ", 01, 1e3, 0x10, a full-width digit) are answered.',
    source: PART_NUMBER_RANGE,
    levelNote: 'INFO: no document rules on these forms; a server reading "+1" as 1 stores what the client asked for.',
  },
  {
    id: 'UP-35',
    level: 'MUST',
    specs: ['request-signature'],
    sentence:
      'With temporary keys, an Upload Part whose x-cos-security-token is missing or wrong, or one signed with an expired temporary key, is refused (4xx) and stores nothing.',
    source: {
      document: 'COS FAQ (doc 436/40947)',
      url: 'https://intl.cloud.tencent.com/document/product/436/40947',
      section: 'Temporary key validity',
      quote: 'Requests carrying an expired temporary key will be denied.',
    },
    levelNote:
      'The documents give no status or code for a missing or wrong token (AWS answers a malformed one 400 InvalidToken, Ceph RGW 400 InvalidArgument, others 403), and the revisions of doc 7730 disagree on ExpiredToken (400 or 403): since 2026-12 any refusal is judged, and the status and code recorded. Not applicable when the run signs with permanent keys.',
  },
  {
    id: 'UP-36',
    level: 'SHOULD',
    specs: ['request-headers'],
    sentence: 'An Upload Part sent chunked (Transfer-Encoding: chunked) without Content-Length gets 411 MissingContentLength.',
    source: CONTENT_LENGTH_REQUIRED,
    also: [CONTENT_LENGTH_7728],
    levelNote:
      'SHOULD: doc 7750 marks Content-Length required and doc 7728 (2024) makes it mandatory except for PUT Object with Transfer-Encoding, but the newest revision of doc 7728 (2026) only strongly recommends it.',
  },
  {
    id: 'UP-37',
    level: 'MUST',
    specs: ['request-headers'],
    sentence:
      'x-cos-traffic-limit on Upload Part: an integer from 819200 to 838860800 (bit/s), both bounds included, is accepted; one past either bound, or a value that is not an integer, gets 400 and stores nothing.',
    source: TRAFFIC_LIMIT_RANGE,
    also: [TRAFFIC_LIMIT_NUMBER, TRAFFIC_LIMIT_GUIDE],
    levelNote:
      'The documents give the status, not the code: the code is recorded. The rate itself is not measured: a timing on a shared machine proves nothing. COS only: S3 has no such header.',
  },
  {
    id: 'UP-38',
    level: 'INFO',
    specs: ['informational'],
    sentence:
      'Recorded, not judged: how a part larger than the x-cos-psize-max it is sent with, or smaller than its x-cos-psize-min, is answered, and a part within them.',
    source: PSIZE_MAX,
    also: [PSIZE_MIN],
    levelNote: 'INFO: the newer revisions of doc 7750 say such a part "will be marked as failed" and give no status or code. COS only.',
  },
  {
    id: 'UP-39',
    level: 'MUST',
    specs: ['server-side-encryption'],
    sentence:
      'SSE-C is accepted over HTTPS only: over plain HTTP an Initiate with the customer headers is refused (4xx) and starts no upload. Over HTTPS, on an upload initiated with SSE-C, a part sent with the same three customer headers (AES256, the base64 key, the base64 MD5 of the key) is accepted and its answer echoes the algorithm and the key MD5; a part without them, or with another key, is refused (4xx) and stores nothing.',
    source: SSE_C_ON_PARTS,
    also: [SSE_C_ECHO, SSE_C_HTTPS, SSE_C_HTTPS_S3],
    levelNote:
      'The documents give no code for a part without the key or with another one: the refusal is judged, the code recorded. SSE-C needs HTTPS (doc 436/38122; S3 rejects it over HTTP): since 2026-12 a run over plain HTTP judges that refusal, and the HTTPS semantics are not applicable there (run with an https:// endpoint, or --tls for the emulator, to judge them).',
  },
  {
    id: 'UP-40',
    level: 'INFO',
    specs: ['informational'],
    sentence:
      'Recorded, not judged: the answer to Upload Part on uploads initiated with SSE-KMS (the encryption header, the key id, the form of the ETag) and with SSE-COS (the form of the ETag).',
    source: KMS_KEY_ID,
    also: [ETAG_ENCRYPTED],
    levelNote:
      'INFO: doc 7729 says only that the ETag of an encrypted object differs from the MD5, and a target may have no KMS; what comes back is recorded.',
  },
  {
    id: 'UP-41',
    level: 'MUST',
    specs: ['complete-multipart-upload'],
    sentence:
      'When every part answered x-cos-hash-crc64ecma, Complete answers x-cos-hash-crc64ecma for the whole object, the CRC-64/ECMA-182 of the parts joined in order, and HEAD and GET of the object answer the same value.',
    source: OBJECT_CRC64,
    also: [OBJECT_CRC64_READS],
    levelNote:
      'MUST: a wrong whole-object CRC makes a client that verifies it (the official SDKs do) reject a correct object or accept a wrong one. COS only: S3 has no CRC-64/ECMA-182.',
  },
  {
    id: 'UP-42',
    level: 'MUST',
    specs: ['s3-checksums'],
    sentence:
      "x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1 or -sha256 on Upload Part: the correct value is accepted; a wrong value, or one that is not the base64 of a digest of the algorithm's length, gets 400 and stores nothing.",
    source: CHECKSUM_HEADERS,
    also: [CHECKSUM_REJECTED],
    levelNote:
      'MUST: a part accepted against its checksum is data the client marked as corrupt. The documents say "rejected" without a code (AWS answers BadDigest for a wrong value, InvalidRequest for a malformed one): the code is recorded. S3 profile only.',
  },
  {
    id: 'UP-43',
    level: 'SHOULD',
    specs: ['s3-checksums'],
    sentence: 'x-amz-sdk-checksum-algorithm sent without any x-amz-checksum-* or x-amz-trailer header gets 400 and stores nothing.',
    source: SDK_CHECKSUM_ALGORITHM,
    levelNote: 'SHOULD: the part itself is not at risk; the request says it carries a checksum and does not. S3 profile only.',
  },
  {
    id: 'UP-44',
    level: 'MUST',
    specs: ['s3-checksums'],
    sentence:
      'An Upload Part framed aws-chunked with an unsigned payload and a trailer (Content-Encoding: aws-chunked, x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER, x-amz-decoded-content-length, x-amz-trailer) is stored as the decoded bytes, with the trailer checksum verified: a wrong one gets 400 and stores nothing.',
    source: UNSIGNED_TRAILER,
    also: [DECODED_LENGTH, STORED_DECODED, TRAILER_HEADER, CHECKSUM_REJECTED],
    levelNote:
      'MUST: a server that stores the framing stores bytes the client never meant; one that skips the trailer accepts what the client marked as corrupt. The AWS SDKs send this framing by default since 2025. S3 profile only.',
  },
  {
    id: 'UP-45',
    level: 'MUST',
    specs: ['complete-multipart-upload'],
    sentence: "Complete's CompleteMultipartUploadResult carries a non-empty <ETag>, the ETag that HEAD then answers for the object.",
    source: COMPLETE_ETAG,
    levelNote: 'MUST: clients keep the result ETag to address the object (If-Match) and to check what they read back.',
  },
  {
    id: 'UP-46',
    level: 'SHOULD',
    specs: ['complete-multipart-upload'],
    sentence:
      "A multipart object's ETag, in Complete's result and on HEAD, is the MD5 of the object's bytes or does not look like one: it is not 32 hex digits.",
    source: AWS_MULTIPART_ETAG,
    levelNote:
      'SHOULD, S3 profile only: clients that see 32 hex digits take them for the MD5 of the object. COS documents no form (its examples show "<32 hex>-<part count>").',
  },
  {
    id: 'UP-47',
    level: 'SHOULD',
    specs: ['complete-multipart-upload'],
    sentence: 'Complete with no <Part> gets 400 and completes nothing: the upload stays open.',
    source: COMPLETE_LISTS_PARTS,
    levelNote:
      'SHOULD: no document gives the status of an empty list (COS and S3 answer 400 MalformedXML); a Complete that names no part gives nothing to verify. The code is recorded.',
  },
  {
    id: 'UP-48',
    level: 'INFO',
    specs: ['informational'],
    sentence:
      'Recorded, not judged: Complete naming only the first parts of those uploaded (1 and 2 of 1, 2 and 3): the answer, and what the object then holds.',
    source: COMPLETE_CONSECUTIVE,
    also: [AWS_COMPLETE_LIST],
    levelNote:
      'INFO: doc 7742 refuses part numbers that are not consecutive, and S3 joins "the parts that you provide in the list"; neither says what becomes of a part uploaded and not listed.',
  },
  {
    id: 'UP-49',
    level: 'INFO',
    specs: ['informational'],
    sentence:
      'Recorded, not judged: whether Upload Part echoes its x-amz-checksum-* header; two checksum headers on one part; x-amz-sdk-checksum-algorithm naming another algorithm than the header sent.',
    source: SDK_CHECKSUM_IGNORED,
    levelNote:
      'INFO: the UploadPart reference says S3 ignores the algorithm when a checksum is given, while its PutObject page answers a mismatch with BadDigest; only WriteGetObjectResponse says one checksum header at a time. S3 profile only.',
  },
  // Issue 25: what the 2025-2026 documents added around Upload Part, and the bucket variants. A rule of one COS
  // bucket variant (COS_BUCKET_TYPE) is not applicable under the other; S3's under the cos profile.
  {
    id: 'UP-50',
    level: 'MUST',
    specs: ['complete-request-headers'],
    sentence:
      'x-cos-forbid-overwrite: true, sent on Complete or on the Initiate of the upload, never replaces an object that exists: the Initiate or the Complete is refused and the object keeps its bytes (on a high-performance bucket, Complete answers 409 FileAlreadyExists); with no object under the key the upload completes.',
    source: DOCS_2026.FORBID_OVERWRITE_COMPLETE,
    also: [DOCS_2026.FORBID_OVERWRITE_INITIATE, DOCS_2026.RAPID_FORBID_OVERWRITE],
    levelNote:
      'MUST: an object replaced against the header is data lost. Docs 7742 and 7746 give no code, so on a standard bucket the refusal is judged (any 4xx, at Initiate or at Complete) and the code recorded; doc 436/139736 gives 409 FileAlreadyExists for high-performance buckets. The header is void on a bucket that has ever enabled versioning (doc 7742): the suite assumes one that has not. COS only.',
  },
  {
    id: 'UP-51',
    level: 'INFO',
    specs: ['complete-request-headers'],
    sentence:
      'Recorded, not judged: Complete listing more parts than its x-cos-pnum-max, fewer than its x-cos-pnum-min, and a count within both.',
    source: DOCS_2026.PNUM_LIMITS,
    levelNote:
      'INFO: doc 7750 (2025-12) names x-cos-pnum-max beside x-cos-psize-max and gives no status or code; only an SDK sample says a Complete over the limit "is refused". COS only.',
  },
  {
    id: 'UP-52',
    level: 'MUST',
    specs: ['complete-part-numbers'],
    sentence:
      'On a standard bucket, Complete listing part numbers that are not consecutive (parts 1 and 3, part 2 never uploaded) gets 400 InvalidPart and completes nothing.',
    source: DOCS_2026.STANDARD_GAPS,
    also: [DOCS_2026.STANDARD_GAPS_CN],
    levelNote:
      'Both revisions of doc 7742 (2024-09 and 2026-06) and its Chinese page give the code. Standard buckets only: high-performance buckets allow gaps (UP-53, doc 436/139736). COS only: S3 allows gaps unless parts carry checksums (UP-59).',
  },
  {
    id: 'UP-53',
    level: 'MUST',
    specs: ['complete-part-numbers'],
    sentence:
      'On a high-performance bucket, Complete may skip part numbers (1, 3, 5 of 1 to 5): it succeeds, the object is the listed parts joined in order, and the parts left out are discarded.',
    source: DOCS_2026.RAPID_GAPS,
    levelNote:
      'MUST: an object that holds a part the list left out is wrong data. High-performance (cosrapid) buckets only: doc 7742 refuses gaps on standard ones (UP-52).',
  },
  {
    id: 'UP-54',
    level: 'MUST',
    specs: ['high-performance-buckets'],
    sentence:
      'On a high-performance bucket, Complete with an empty part list gets 400 InvalidArgument and completes nothing: the upload stays open.',
    source: DOCS_2026.RAPID_EMPTY_LIST,
    levelNote:
      'Doc 436/139736 gives the code; on standard buckets no document does, and UP-47 judges the refusal alone. High-performance buckets only.',
  },
  {
    id: 'UP-55',
    level: 'MUST',
    specs: ['high-performance-buckets'],
    sentence:
      "On a high-performance bucket, Complete naming a live upload with a key that differs from Initiate's (in case, or by a trailing /) gets 404 NoSuchUpload and completes nothing, and so does Complete of an aborted or a completed upload.",
    source: DOCS_2026.RAPID_KEY,
    also: [DOCS_2026.RAPID_ENDED],
    levelNote:
      'High-performance buckets only, where doc 436/139736 writes it out; on standard buckets UP-05 and UP-32 judge the unknown and ended uploads.',
  },
  {
    id: 'UP-56',
    level: 'MUST',
    specs: ['s3-checksum-types'],
    sentence:
      "x-amz-checksum-md5, -sha512, -xxhash64, -xxhash3 or -xxhash128 on Upload Part: the correct value is accepted; a wrong value, or one that is not the base64 of a digest of the algorithm's length, gets 400 and stores nothing.",
    source: DOCS_2026.ADDED_ALGORITHM_HEADERS,
    also: [DOCS_2026.ADDED_ALGORITHMS],
    levelNote:
      'MUST, as UP-42 for the first five: a part accepted against its checksum is data the client marked as corrupt. The codes are recorded. S3 profile only.',
  },
  {
    id: 'UP-57',
    level: 'MUST',
    specs: ['s3-checksum-types'],
    sentence:
      "An upload created with x-amz-checksum-algorithm CRC32, CRC32C or CRC64NVME and x-amz-checksum-type FULL_OBJECT, its parts sent with their checksums: the CompleteMultipartUploadResult answers <ChecksumType>FULL_OBJECT and the algorithm's checksum of the whole object.",
    source: DOCS_2026.CHECKSUM_TYPE,
    also: [DOCS_2026.CHECKSUM_TYPE_COMPLETE],
    levelNote:
      'MUST: a client that verifies the object checksum (the SDKs do) rejects a correct object on a wrong value. How a COMPOSITE value is formed is not confirmed on a page read here: it is recorded. S3 profile only.',
  },
  {
    id: 'UP-58',
    level: 'SHOULD',
    specs: ['s3-checksum-types'],
    sentence: 'CreateMultipartUpload with x-amz-checksum-algorithm CRC64NVME and x-amz-checksum-type COMPOSITE gets 400.',
    source: DOCS_2026.CRC64NVME_FULL_OBJECT,
    levelNote:
      'SHOULD: the page says CRC64NVME "supports the full object checksum type only" and gives no code; the code is recorded. S3 profile only.',
  },
  {
    id: 'UP-59',
    level: 'MUST',
    specs: ['complete-part-numbers'],
    sentence:
      'When every part carried an x-amz-checksum-* value, Complete listing part numbers that do not start at 1 or are not consecutive gets 400 InvalidPartOrder; 1, 2 is accepted.',
    source: DOCS_2026.CONSECUTIVE_WITH_CHECKSUMS,
    levelNote: 'The CompletedPart reference gives status and code (general purpose buckets). S3 profile only.',
  },
  {
    id: 'UP-60',
    level: 'MUST',
    specs: ['complete-request-headers'],
    sentence:
      'Complete with an x-amz-mp-object-size other than the sum of the listed parts gets 400 InvalidRequest and completes nothing; with the true size it succeeds.',
    source: DOCS_2026.MPU_OBJECT_SIZE,
    levelNote: 'The CompleteMultipartUpload reference gives status and code. S3 profile only.',
  },
  {
    id: 'UP-61',
    level: 'MUST',
    specs: ['complete-request-headers'],
    sentence:
      "Conditional Complete: with If-None-Match: * it gets 412 when the key exists (the object unchanged) and succeeds when it does not; with If-Match it succeeds when the ETag is the object's and gets 412 (the object unchanged) when it is not.",
    source: DOCS_2026.IF_NONE_MATCH_COMPLETE,
    also: [DOCS_2026.IF_MATCH_COMPLETE],
    levelNote:
      'MUST: an object overwritten against the client\'s condition is data lost. The pages give "412 Precondition Failed": the status is judged, the code recorded (S3\'s error table has PreconditionFailed). If-Match on a key with no object is recorded: the pages do not say. S3 profile only (COS documents x-cos-forbid-overwrite instead, UP-50).',
  },
  {
    id: 'UP-62',
    level: 'MUST',
    specs: ['s3-signed-streaming'],
    sentence:
      'Upload Part signed in chunks (x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD, and -PAYLOAD-TRAILER with a signed checksum trailer), non-last chunks of at least 8 KiB: stored as the decoded bytes; a chunk whose signature does not chain from the seed is refused (4xx) and stores nothing; a wrong trailer checksum gets 400 and stores nothing.',
    source: DOCS_2026.SIGNED_STREAMING,
    also: [DOCS_2026.SIGNED_STREAMING_VALUES, DOCS_2026.SIGNED_TRAILER],
    levelNote:
      'MUST: a server that stores the framing stores bytes the client never meant, and one that skips the chunk signatures accepts bytes nobody signed. No page gives the answer to a chunk signature that does not chain: the refusal is judged, its status and code recorded (S3 answers 403 SignatureDoesNotMatch, Ceph RGW 400 XAmzContentSHA256Mismatch). S3 profile, SigV4 only.',
  },
  {
    id: 'UP-63',
    level: 'INFO',
    specs: ['s3-bucket-defaults'],
    sentence:
      'Recorded, not judged: whether the bucket takes SSE-C at CreateMultipartUpload, or refuses it with 403 AccessDenied as S3 buckets made since April 2026 do by default.',
    source: DOCS_2026.SSE_C_BLOCKED,
    levelNote:
      'INFO: blocking SSE-C is a bucket setting (BlockedEncryptionTypes), not a rule of the protocol; where it is blocked, UP-39 is inconclusive at its setup step, never failed. S3 profile only.',
  },
]);

const byId = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function requirement(id: string): Requirement {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown requirement ${id}: add it to src/catalogue/requirements.ts`);
  return found;
}

/** The requirement ID a test title starts with (`UP-04 ...`), if any. */
export function requirementIdOf(title: string): string | undefined {
  const match = /^(UP-\d{2})\b/.exec(title);
  return match && byId.has(match[1]!) ? match[1] : undefined;
}
