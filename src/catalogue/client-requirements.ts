/**
 * The client catalogue: what the COS and S3 documents ask of a client's multipart upload, graded by
 * `cos-conformance client` from what the reference emulator saw the client send, how the client's run ended, and
 * what it left behind. IDs (CL-NN) are a range of their own and, like the server's, stable once published.
 *
 * Levels as in the server catalogue: MUST (a failure makes the client non-conformant), SHOULD (reported; fatal only
 * with --strict), INFO (recorded where the documents are silent, or only say what a client "can" do; never judged).
 * A rule whose breach stores wrong data, or reports success for data that was not stored, is MUST.
 */
import {
  ABORT_RECOMMENDED,
  CHECKSUM_ALGORITHM_PER_UPLOAD,
  COMPLETE_KEPT_ALIVE,
  CRC64_COMPARE,
  CRC64_HEADER_MEANING,
  PAYLOAD_HASH,
  S3_ABORT,
  S3_BACKOFF,
  S3_COMPLETE_200_ERROR,
  S3_COMPLETE_ETAGS,
  S3_COMPLETE_WHITESPACE,
  S3_PART_LIMITS,
  S3_PART_NUMBERS,
  S3_RETRANSMIT_PART,
  S3_RETRY_503,
  S3_SSE_C_SAME_KEY,
  SIGNATURE_MISMATCH,
  SIGV4_SIGNED_HEADERS,
} from './client-sources.js';
import type { Requirement } from './requirements.js';
import { withRevisions } from './revisions.js';
import {
  CHECKSUM_HEADERS,
  CHECKSUM_REJECTED,
  COMPLETE_LISTS_PARTS,
  CONTENT_LENGTH_7728,
  CONTENT_LENGTH_REQUIRED,
  CONTENT_MD5,
  complete,
  DECODED_LENGTH,
  ETAG_ENCRYPTED,
  HIGH_PERFORMANCE_PART,
  PART_NUMBER_RANGE,
  type Source,
  SSE_C_ON_PARTS,
  uploadPart,
} from './sources.js';

/**
 * Where a client requirement is judged. `specs` names the grader module (src/clients/grade/<name>.ts); a
 * requirement with `scenarios` is exercised by those fault scenarios (src/emulator/faults.ts, in their flag form);
 * one without is judged on everything the client sent in every scenario.
 */
export interface ClientRequirement extends Requirement {
  readonly scenarios?: readonly string[];
  /** The profile whose documents alone make the rule (the S3 checksum algorithm; COS's CRC-64). */
  readonly profile?: 'cos' | 's3';
}

/** A client requirement as written below: its sources' revisions are filled in from revisions.ts. */
type ClientRequirementDraft = Omit<ClientRequirement, 'source' | 'also'> & { readonly source: Source; readonly also?: readonly Source[] };

export const CLIENT_REQUIREMENTS: readonly ClientRequirement[] = withRevisions<ClientRequirementDraft>([
  {
    id: 'CL-01',
    level: 'MUST',
    specs: ['requests'],
    sentence:
      'Every Upload Part declares the length of its body (Content-Length; under aws-chunked framing, x-amz-decoded-content-length) and sends exactly that many bytes.',
    source: CONTENT_LENGTH_REQUIRED,
    also: [CONTENT_LENGTH_7728, DECODED_LENGTH],
    levelNote:
      'A part sent chunked without Content-Length is refused by COS (411, UP-12 and UP-36 of the server catalogue); a body shorter than declared is not stored.',
  },
  {
    id: 'CL-02',
    level: 'MUST',
    specs: ['requests'],
    sentence: "Every Upload Part's partNumber is an integer from 1 to 10000.",
    source: PART_NUMBER_RANGE,
    also: [HIGH_PERFORMANCE_PART, S3_PART_NUMBERS],
  },
  {
    id: 'CL-03',
    level: 'MUST',
    specs: ['requests'],
    sentence:
      'Every part a Complete names, but the last, is at least the minimum part size (1 MB on COS, 5 MiB on S3), and no part is over 5 GB.',
    source: uploadPart('Overview', 'The size of each part should be 1 MB to 5 GB'),
    also: [S3_PART_LIMITS],
    levelNote: 'The size of each part named is the size of its last upload that was answered 200 before the Complete.',
  },
  {
    id: 'CL-04',
    level: 'MUST',
    specs: ['requests'],
    sentence: 'Content-MD5, when a part carries it, is the base64 MD5 of the bytes sent.',
    source: CONTENT_MD5,
    levelNote: 'Not applicable to a client that sends no Content-MD5: the documents recommend it, they do not require it.',
  },
  {
    id: 'CL-05',
    level: 'SHOULD',
    specs: ['requests'],
    sentence: 'x-cos-hash-crc64ecma, when a part carries it, is the CRC-64/ECMA-182 of the bytes sent.',
    source: CRC64_HEADER_MEANING,
    levelNote:
      'SHOULD: the documents define the header, in answers, as the CRC-64/ECMA-182 of the data; none asks a client to send it, or a server to check it. Not applicable to a client that does not send it.',
  },
  {
    id: 'CL-06',
    level: 'MUST',
    specs: ['requests'],
    sentence:
      'An integrity value sent with a part is that of the bytes sent: an x-amz-checksum-* header or aws-chunked trailer checksum, and a hex x-amz-content-sha256.',
    source: CHECKSUM_HEADERS,
    also: [CHECKSUM_REJECTED, PAYLOAD_HASH],
    levelNote:
      'Judged from what the emulator computed over the bytes it received. The x-amz-checksum-* values are computed under the s3 profile only; a hex payload hash under both. Not applicable to a client that sends none.',
  },
  {
    id: 'CL-07',
    level: 'MUST',
    specs: ['requests'],
    sentence:
      'Every request carries a signature the server verifies, over the Host header; under SigV4 also over x-amz-date, x-amz-content-sha256, Content-Type when sent, and every other x-amz-* header sent.',
    source: SIGNATURE_MISMATCH,
    also: [SIGV4_SIGNED_HEADERS, PAYLOAD_HASH],
    levelNote:
      'A signature the emulator refuses (403 SignatureDoesNotMatch, InvalidAccessKeyId, AccessDenied, RequestTimeTooSkewed) is a failure; so is an x-amz-* header sent outside the signature, which anyone on the path could change.',
  },
  {
    id: 'CL-08',
    level: 'MUST',
    specs: ['upload'],
    sentence:
      'Every part of an upload initiated with SSE-C carries the three customer-key headers (algorithm, key, key MD5) with the key the upload was initiated with.',
    source: SSE_C_ON_PARTS,
    also: [S3_SSE_C_SAME_KEY],
    levelNote:
      'Not applicable to a client run that initiated no upload with SSE-C (run the client with a customer key, over HTTPS, to judge it).',
  },
  {
    id: 'CL-09',
    level: 'MUST',
    specs: ['upload'],
    profile: 's3',
    sentence:
      'A part that carries a checksum (x-amz-checksum-* header or trailer) of an upload initiated with x-amz-checksum-algorithm uses that algorithm.',
    source: CHECKSUM_ALGORITHM_PER_UPLOAD,
    levelNote:
      'S3 profile only. Not applicable when no Initiate named an algorithm, or no part carried a checksum (S3 then computes one itself).',
  },
  {
    id: 'CL-10',
    level: 'MUST',
    specs: ['upload'],
    sentence:
      'Complete names each part once, in ascending part-number order, each with the ETag the server answered to the last upload of that part.',
    source: COMPLETE_LISTS_PARTS,
    also: [
      complete(
        'Overview',
        'If the part numbers in the request body are not in ascending order, "400 InvalidPartOrder" will be returned when this API is called.',
      ),
      S3_COMPLETE_ETAGS,
    ],
  },
  {
    id: 'CL-11',
    level: 'INFO',
    specs: ['faults'],
    scenarios: ['wrong-etag-on-part=2'],
    sentence:
      'Recorded, not judged: what the client does when part 2 is answered with an ETag of other bytes than it sent: sends the part again, aborts, stops, or completes naming that ETag.',
    source: ETAG_ENCRYPTED,
    levelNote:
      'INFO: the documents do not promise that an ETag is the MD5 of the part (doc 7729), so no document asks a client to compare them.',
  },
  {
    id: 'CL-12',
    level: 'INFO',
    specs: ['faults'],
    scenarios: ['wrong-crc64-on-part=2'],
    profile: 'cos',
    sentence:
      'Recorded, not judged: what the client does when part 2 is answered with an x-cos-hash-crc64ecma of other bytes: sends the part again, aborts, stops, or completes.',
    source: CRC64_COMPARE,
    levelNote: 'INFO: doc 45260 says a client "can" compare the CRC-64 with its own. COS profile only.',
  },
  {
    id: 'CL-13',
    level: 'SHOULD',
    specs: ['upload'],
    scenarios: ['deny-part=2'],
    sentence: 'An upload the client gives up is aborted: no upload it initiated is left open when its run ends.',
    source: ABORT_RECOMMENDED,
    also: [S3_ABORT],
    levelNote:
      'SHOULD: both documents recommend it ("we recommend", "you should"). Exercised by a part the emulator refuses every time (403, as a policy on part sizes does); an upload left open in any scenario also fails it. A client that keeps uploads for a later resume fails it knowingly.',
  },
  {
    id: 'CL-14',
    level: 'SHOULD',
    specs: ['faults'],
    scenarios: ['slowdown-on-part=2'],
    sentence:
      'A part answered 503 SlowDown is sent again, with the same part number to the same UploadId, before Complete, without initiating a new upload.',
    source: S3_RETRY_503,
    also: [S3_RETRANSMIT_PART],
  },
  {
    id: 'CL-15',
    level: 'SHOULD',
    specs: ['faults'],
    scenarios: ['reset-on-part=2'],
    sentence:
      'A part whose connection is reset mid-body is sent again, with the same part number to the same UploadId, before Complete, without initiating a new upload.',
    source: S3_RETRANSMIT_PART,
    levelNote:
      'SHOULD: multipart upload exists so that a part whose transmission fails can be sent again alone; the documents say a client "can", and recommend retries.',
  },
  {
    id: 'CL-16',
    level: 'INFO',
    specs: ['faults'],
    scenarios: ['slowdown-on-part=2', 'reset-on-part=2'],
    sentence:
      'Recorded, not judged: how long the client waits before sending a part again after 503 SlowDown and after a reset, and how many attempts it makes.',
    source: S3_BACKOFF,
    levelNote:
      'INFO: the documents recommend exponential back-off without a delay that could be judged; jittered back-off may wait almost nothing.',
  },
  {
    id: 'CL-17',
    level: 'MUST',
    specs: ['faults'],
    scenarios: ['complete-error'],
    sentence:
      'A Complete answered 200 whose body is an <Error> is a failure: the client sends Complete again, aborts, or reports the failure, and never treats the upload as done without a Complete that succeeded.',
    source: COMPLETE_KEPT_ALIVE,
    also: [S3_COMPLETE_200_ERROR],
    levelNote: 'MUST: a client that takes this answer for success reports an object that was never made.',
  },
  {
    id: 'CL-18',
    level: 'MUST',
    specs: ['faults'],
    scenarios: ['slow-complete=3'],
    sentence:
      'A Complete answered 200 at once, kept alive with spaces while the merge runs, is waited for and its result read: the client neither sends Complete again nor aborts, and ends successfully.',
    source: COMPLETE_KEPT_ALIVE,
    also: [S3_COMPLETE_WHITESPACE],
    levelNote:
      'MUST: this is how COS answers a long merge; a client that cannot read it fails every large upload although the object was made.',
  },
  {
    id: 'CL-19',
    level: 'INFO',
    specs: ['faults'],
    scenarios: ['slow-parts=1500'],
    sentence:
      'Recorded, not judged: whether the client waits for Upload Part answers that come 1.5 s late, or gives up on them and sends the parts again.',
    source: S3_RETRY_503,
    levelNote: 'INFO: the documents give no time a client must wait.',
  },
]);

const byId = new Map(CLIENT_REQUIREMENTS.map((r) => [r.id, r]));

export function clientRequirement(id: string): ClientRequirement {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown client requirement ${id}: add it to src/catalogue/client-requirements.ts`);
  return found;
}

/** The fault scenarios the catalogue's requirements are exercised by, in catalogue order, each once. */
export const CLIENT_SCENARIOS: readonly string[] = [...new Set(CLIENT_REQUIREMENTS.flatMap((r) => r.scenarios ?? []))];
