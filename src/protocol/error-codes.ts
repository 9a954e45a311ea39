/**
 * The error codes the documents define, as data: each code with its HTTP status and the row of the error table it
 * comes from. The emulator answers with these rows, the checks name them as the answers they expect (or a list of
 * them where the documents allow several), and the model predicts them, so "find references" on a row leads from a
 * requirement's check to the emulator rule that answers it.
 *
 * COS: doc 436/7730, "Error Codes" (its 2021-01-07 and 2026-06-02 revisions agree on every row used here, except
 * where a row says otherwise). S3 (the s3 profile): the Amazon S3 API Reference, "Error responses", list of error
 * codes. The documents describe each code; the `<Message>` texts are the emulator's own.
 */

/** One row of a published error table. */
export interface ErrorTableRow {
  readonly document: string;
  readonly url: string;
  /** The row as the table prints it: status, then code. */
  readonly row: string;
}

export interface ErrorRow {
  readonly code: string;
  readonly status: number;
  /** What the reference emulator says in `<Message>`. */
  readonly message: string;
  /** The rows that define the code: COS's doc 7730, and the S3 list where the s3 profile uses it. */
  readonly defined: { readonly cos?: ErrorTableRow; readonly s3?: ErrorTableRow };
  /** Where the documents disagree about it, and which reading the row follows. */
  readonly note?: string;
}

const COS_ERRORS = 'Error Codes (COS API, doc 436/7730)';
const COS_ERRORS_URL = 'https://www.tencentcloud.com/document/product/436/7730';
const S3_ERRORS = 'Error responses (Amazon S3 API Reference), list of error codes';
const S3_ERRORS_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html';

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  412: 'Precondition Failed',
  416: 'Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

type Tables = 'cos' | 's3' | 'both';

function row(status: number, code: string, message: string, tables: Tables, note?: string): ErrorRow {
  const printed = `${status} ${REASON[status] ?? ''} | ${code}`.replace('  ', ' ');
  const defined = {
    ...(tables !== 's3' ? { cos: { document: COS_ERRORS, url: COS_ERRORS_URL, row: printed } } : {}),
    ...(tables !== 'cos' ? { s3: { document: S3_ERRORS, url: S3_ERRORS_URL, row: printed } } : {}),
  };
  return { code, status, message, defined, ...(note ? { note } : {}) };
}

export const ERROR = {
  // 400
  BadDigest: row(400, 'BadDigest', 'The Content-MD5 you specified did not match what was received.', 'both'),
  EntityTooLarge: row(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.', 'both'),
  EntityTooSmall: row(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.', 'both'),
  ExpiredToken: row(
    400,
    'ExpiredToken',
    'The provided token has expired.',
    'both',
    'The 2021 and 2026 revisions of doc 7730 list it under 400; an older one under 403.',
  ),
  IncompleteBody: row(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length.', 'both'),
  InvalidArgument: row(400, 'InvalidArgument', 'Invalid Argument.', 'both'),
  InvalidDigest: row(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', 'both'),
  InvalidPart: row(400, 'InvalidPart', 'One or more of the specified parts could not be found, or its ETag does not match.', 'both'),
  InvalidPartOrder: row(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.', 'both'),
  InvalidRequest: row(400, 'InvalidRequest', 'Invalid Request.', 'both'),
  InvalidToken: row(400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.', 's3'),
  InvalidURI: row(400, 'InvalidURI', 'The request URI is not valid.', 'both'),
  MalformedXML: row(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate.', 'both'),
  XAmzContentSHA256Mismatch: row(
    400,
    'XAmzContentSHA256Mismatch',
    'The provided x-amz-content-sha256 header does not match what was computed.',
    's3',
  ),
  // 403
  AccessDenied: row(403, 'AccessDenied', 'Access Denied.', 'both'),
  InvalidAccessKeyId: row(403, 'InvalidAccessKeyId', 'The access key Id you provided does not exist in our records.', 'both'),
  RequestTimeTooSkewed: row(
    403,
    'RequestTimeTooSkewed',
    'The difference between the request time and the server time is too large.',
    'both',
  ),
  SignatureDoesNotMatch: row(403, 'SignatureDoesNotMatch', 'The Signature you specified does not match the request.', 'both'),
  // 404
  NoSuchBucket: row(404, 'NoSuchBucket', 'The specified bucket does not exist.', 'both'),
  NoSuchKey: row(404, 'NoSuchKey', 'The specified key does not exist.', 'both'),
  NoSuchUpload: row(
    404,
    'NoSuchUpload',
    'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    'both',
    'An old revision of doc 7730 also listed it under 400; the 2021 and 2026 revisions and every API page (doc 7750: "a 404 error with NoSuchUpload") give 404.',
  ),
  // 405, 409, 411, 412, 416
  MethodNotAllowed: row(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'both'),
  BucketAlreadyOwnedByYou: row(
    409,
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    's3',
    'COS answers it too (seen, not in doc 7730 as read): clients that make sure of their bucket take it as success.',
  ),
  MissingContentLength: row(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.', 'both'),
  PreconditionFailed: row(412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.', 'both'),
  InvalidRange: row(416, 'InvalidRange', 'The requested range is not satisfiable.', 'both'),
  // 5xx
  InternalError: row(500, 'InternalError', 'We encountered an internal error. Please try again.', 'both'),
  NotImplemented: row(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented.', 'both'),
  SlowDown: row(503, 'SlowDown', 'Please reduce your request rate.', 'both'),
  // Rows of pages other than the two tables (issue 25).
  FileAlreadyExists: {
    code: 'FileAlreadyExists',
    status: 409,
    message: 'The object already exists and x-cos-forbid-overwrite forbids overwriting it.',
    defined: {
      cos: {
        document: 'CompleteMultipartUpload for high-performance buckets (COS API, doc 436/139736)',
        url: 'https://cloud.tencent.com/document/product/436/139736',
        row: '409 | FileAlreadyExists',
      },
    },
    note: 'Doc 436/139736 (2026-10-21) gives it for high-performance buckets; docs 7742 and 7746 give no code for x-cos-forbid-overwrite.',
  },
} as const satisfies Record<string, ErrorRow>;

/**
 * Not a row of either table: the answer to a request whose header section is too large to parse, which HTTP itself
 * defines (RFC 6585 §5); the code follows S3's spelling of the same condition.
 */
export const HEADER_SECTION_TOO_LARGE: ErrorRow = {
  code: 'RequestHeaderSectionTooLarge',
  status: 431,
  message: 'The request headers are too large.',
  defined: {},
  note: 'RFC 6585 §5, 431 Request Header Fields Too Large.',
};

export type ErrorName = keyof typeof ERROR;

/** The rows an answer may match: one, or several where the documents allow several. */
export type ExpectedErrors = ErrorRow | readonly ErrorRow[];

export function errorRows(expected: ExpectedErrors): readonly ErrorRow[] {
  return Array.isArray(expected) ? expected : [expected as ErrorRow];
}

/** True when the status and code are those of one of the rows. */
export function matchesRow(expected: ExpectedErrors, status: number, code: string | undefined): boolean {
  return errorRows(expected).some((r) => r.status === status && r.code === code);
}

/** `400 InvalidPart`, or `400 InvalidPart or 400 InvalidPartOrder`. */
export function describeRows(expected: ExpectedErrors): string {
  return errorRows(expected)
    .map((r) => `${r.status} ${r.code}`)
    .join(' or ');
}
