/**
 * The requirement catalogue. IDs are stable once published: users list them in expectation files. A requirement
 * is never renumbered or reused; a withdrawn one stays here, marked withdrawn.
 *
 * Levels follow h2spec and Autobahn: MUST (a failure makes the target non-conformant), SHOULD (reported; fatal
 * only with --strict), INFO (recorded behaviour where the documents are silent or unconfirmed; never fails).
 */
export type Level = 'MUST' | 'SHOULD' | 'INFO';

export interface Source {
  /** The document: the Upload Part reference, or a COS document by its number. */
  readonly document: string;
  readonly section: string;
}

export interface Requirement {
  readonly id: string;
  readonly level: Level;
  readonly sentence: string;
  readonly source: Source;
  /** The spec files that check it (specs/<name>.spec.ts). */
  readonly specs: readonly string[];
}

const UPLOAD_PART = '../shared/spec/upload-part.md (COS doc 436/7750, Upload Part)';
const SIGNATURE = 'COS doc 436/7778, Request Signature (cos-protocol.md §1)';
const ERRORS = 'COS doc 436/7730, Error Codes (cos-protocol.md §2.6-2.7)';
const COMMON_RESPONSE = 'COS doc 436/7729, Common Response Headers (cos-protocol.md §2.6)';
const COMPLETE = 'COS doc 436/7742, Complete Multipart Upload (cos-protocol.md §2.4)';
const LIST_PARTS = 'COS doc 436/7747, List Parts (cos-protocol.md §2.3)';
const INITIATE = 'COS doc 436/7746, Initiate Multipart Upload (cos-protocol.md §2.1)';

export const REQUIREMENTS: readonly Requirement[] = [
  { id: 'UP-01', level: 'MUST', specs: ['detail-analysis'], sentence: 'Initiate returns an UploadId; two Initiates on one key get distinct UploadIds, and Upload Part works with each.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 1' } },
  { id: 'UP-02', level: 'MUST', specs: ['detail-analysis', 'model-based'], sentence: 'A part with a valid UploadId and partNumber in 1..10000 is accepted: 200, empty body.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 2; Response body' } },
  { id: 'UP-03', level: 'MUST', specs: ['detail-analysis', 'model-based'], sentence: 'Parts may be uploaded in any order; the completed object is the parts joined in ascending partNumber order.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 2' } },
  { id: 'UP-04', level: 'MUST', specs: ['detail-analysis', 'model-based'], sentence: 'Re-uploading a part number replaces the earlier part: List Parts shows the new ETag and size, the object holds the new bytes, Complete with the old ETag gets 400 InvalidPart.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 3' } },
  { id: 'UP-05', level: 'MUST', specs: ['detail-analysis', 'model-based'], sentence: 'An UploadId that does not exist gets 404 NoSuchUpload: a random one, an aborted one, a completed one, and a live one used with another key.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 3' } },
  { id: 'UP-06', level: 'MUST', specs: ['request-parameters'], sentence: 'partNumber below 1 (0, -1) gets 400 InvalidArgument.', source: { document: UPLOAD_PART, section: 'Request parameters (partNumber "must be greater than or equal to 1")' } },
  { id: 'UP-07', level: 'MUST', specs: ['feature-description'], sentence: 'partNumber 10000 is accepted; 10001 and above get 400 InvalidArgument.', source: { document: UPLOAD_PART, section: 'Feature Description ("at most up to 10,000 parts")' } },
  { id: 'UP-08', level: 'SHOULD', specs: ['request-parameters'], sentence: 'A partNumber that is not a decimal integer (abc, 1.5, empty, +1, " 1") gets 400 InvalidArgument.', source: { document: UPLOAD_PART, section: 'Request parameters' } },
  { id: 'UP-09', level: 'MUST', specs: ['feature-description'], sentence: 'A non-last part under 1 MB makes Complete fail with 400 EntityTooSmall; a non-last part of exactly 1 MiB is accepted.', source: { document: UPLOAD_PART, section: 'Feature Description ("each being between 1 MB to 5 GB")' } },
  { id: 'UP-10', level: 'MUST', specs: ['feature-description'], sentence: 'The last part may be under 1 MB, down to 1 byte.', source: { document: UPLOAD_PART, section: 'Feature Description ("The last part can be less than 1 MB")' } },
  { id: 'UP-11', level: 'MUST', specs: ['feature-description'], sentence: 'A part over 5 GB gets 400 EntityTooLarge, decided from Content-Length: probed with 5 GiB + 1 and Expect: 100-continue, the server answers the error, not 100 Continue, and no body is sent.', source: { document: UPLOAD_PART, section: 'Feature Description ("each being between 1 MB to 5 GB"); Request header (Expect)' } },
  { id: 'UP-12', level: 'MUST', specs: ['request-headers'], sentence: 'An Upload Part without Content-Length gets 411 MissingContentLength: with no framing at all, and sent chunked (Transfer-Encoding: chunked) too.', source: { document: UPLOAD_PART, section: 'Request header, Required headers (Content-Length, "Required: Yes"); Common Request Headers (doc 7728) except only PUT Object sent with Transfer-Encoding' } },
  { id: 'UP-13', level: 'SHOULD', specs: ['request-headers', 'model-based'], sentence: 'Content-MD5: a matching digest is accepted; a mismatch gets 400 BadDigest and stores nothing (an earlier part with that number survives); a malformed one gets 400 InvalidDigest.', source: { document: UPLOAD_PART, section: 'Request header, Recommended headers (Content-MD5)' } },
  { id: 'UP-14', level: 'SHOULD', specs: ['request-headers'], sentence: 'Expect: 100-continue is honoured: 100 Continue before the body, or a final status without reading it.', source: { document: UPLOAD_PART, section: 'Request header, Recommended headers (Expect)' } },
  { id: 'UP-15', level: 'MUST', specs: ['response-headers', 'model-based'], sentence: 'The response has an ETag header, a quoted string; List Parts reports the same ETag and the size sent, and Complete accepts it.', source: { document: UPLOAD_PART, section: 'Use Case, Response (Etag)' } },
  { id: 'UP-16', level: 'SHOULD', specs: ['response-headers'], sentence: 'The part ETag is the quoted lower-case hex MD5 of the part body (the document\'s 2017 example shows a 40-hex value; cos-protocol.md §2.2 shows the current form is the MD5).', source: { document: UPLOAD_PART, section: 'Use Case, Response (Etag); cos-protocol.md §2.2' } },
  { id: 'UP-17', level: 'MUST', specs: ['response-headers'], sentence: 'x-cos-server-side-encryption: AES256 comes back on Upload Part when the upload was initiated with SSE-COS, and not otherwise.', source: { document: UPLOAD_PART, section: 'Special response headers (x-cos-server-side-encryption)' } },
  { id: 'UP-18', level: 'MUST', specs: ['response-headers'], sentence: 'x-cos-storage-class comes back on Upload Part, with the class, for uploads initiated with a non-STANDARD class, and not for STANDARD.', source: { document: UPLOAD_PART, section: 'Special response headers (x-cos-storage-class)' } },
  { id: 'UP-19', level: 'SHOULD', specs: ['response-headers'], sentence: 'Every response carries x-cos-request-id; errors carry x-cos-trace-id.', source: { document: COMMON_RESPONSE, section: 'x-cos-request-id, x-cos-trace-id' } },
  { id: 'UP-20', level: 'SHOULD', specs: ['response-headers'], sentence: 'x-cos-hash-crc64ecma, when present, equals the CRC-64/ECMA-182 of the part body.', source: { document: COMMON_RESPONSE, section: 'x-cos-hash-crc64ecma' } },
  { id: 'UP-21', level: 'MUST', specs: ['error-codes'], sentence: 'Errors are application/xml <Error> documents with Code, Message and RequestId (Resource and TraceId where COS sends them).', source: { document: ERRORS, section: 'Error response body' } },
  { id: 'UP-22', level: 'MUST', specs: ['request-signature'], sentence: 'Unsigned gets 403 AccessDenied; a wrong secret 403 SignatureDoesNotMatch; an unknown SecretId 403 InvalidAccessKeyId; an expired signature window 403; a signed header changed after signing 403 SignatureDoesNotMatch.', source: { document: SIGNATURE, section: 'Using a Signature; error codes AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId' } },
  { id: 'UP-23', level: 'SHOULD', specs: ['detail-analysis'], sentence: 'Concurrent uploads of different parts all land; concurrent uploads of one part number leave exactly one of the bodies, and List Parts agrees with the completed object.', source: { document: UPLOAD_PART, section: 'Detail analysis, items 2 and 3' } },
  { id: 'UP-24', level: 'SHOULD', specs: ['detail-analysis'], sentence: 'Uploads are isolated: two uploads of one key share no parts; aborting one leaves the other intact; an existing object under the key is unchanged until Complete.', source: { document: UPLOAD_PART, section: 'Detail analysis, item 1 ("uniquely identifies the upload")' } },
  { id: 'UP-25', level: 'MUST', specs: ['complete-multipart-upload', 'model-based'], sentence: 'Complete rejects parts out of ascending order (400 InvalidPartOrder) and a part never uploaded or with a wrong ETag (400 InvalidPart).', source: { document: COMPLETE, section: 'Error codes (InvalidPartOrder, InvalidPart)' } },
  { id: 'UP-26', level: 'SHOULD', specs: ['complete-multipart-upload'], sentence: 'A 200 answer to Complete whose body is an <Error> is the error it carries, never a success.', source: { document: COMPLETE, section: 'Long-running behaviour (200 with an <Error> body)' } },
  { id: 'UP-27', level: 'SHOULD', specs: ['list-parts'], sentence: 'List Parts pages correctly with max-parts and part-number-marker over more than 1000 parts.', source: { document: LIST_PARTS, section: 'Request parameters (max-parts, part-number-marker); IsTruncated, NextPartNumberMarker' } },
  { id: 'UP-28', level: 'INFO', specs: ['informational'], sentence: 'Recorded, not judged: a zero-length part; gaps in part numbers at Complete; a repeated Complete; Upload Part after Complete.', source: { document: UPLOAD_PART, section: 'Feature Description; cos-protocol.md §4 (unconfirmed behaviour)' } },
  { id: 'UP-29', level: 'MUST', specs: ['detail-analysis', 'model-based'], sentence: 'Abort answers 204; afterwards Abort of the same upload, or of one that never existed, gets 404 NoSuchUpload.', source: { document: 'COS doc 436/7740, Abort Multipart Upload (cos-protocol.md §2.5)', section: 'Response (204); Error codes (NoSuchUpload)' } },
  { id: 'UP-30', level: 'MUST', specs: ['detail-analysis'], sentence: 'Initiate answers 200 with an InitiateMultipartUploadResult naming the Bucket, the Key and the UploadId.', source: { document: INITIATE, section: 'Response body' } },
  { id: 'UP-31', level: 'MUST', specs: ['request-headers'], sentence: 'A part whose body ends before its Content-Length is not stored: an earlier part with that number survives.', source: { document: UPLOAD_PART, section: 'Request header (Content-Length, "as defined in RFC 2616"); doc 7730 IncompleteBody' } },
  { id: 'UP-32', level: 'MUST', specs: ['model-based'], sentence: 'Once an upload is aborted or completed, List Parts and Complete naming it, and Abort of a completed one, get 404 NoSuchUpload (Upload Part: UP-05; Abort after Abort: UP-29).', source: { document: 'COS doc 436/7740 Abort Multipart Upload, 436/7742 Complete Multipart Upload, 436/7730 Error Codes (cos-protocol.md §2.4-2.7)', section: 'Abort: "If the uploadId does not exist, 404 NoSuchUpload will be returned"; Complete: error NoSuchUpload; Error codes: 404 NoSuchUpload' } },
];

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
