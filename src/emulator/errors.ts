/** An error answer of the emulator: the HTTP status and the COS error code (doc 7730) that goes with it. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}

// Each constructor is one row of the error-code table (doc 436/7730, Error Codes).
export const errors = {
  accessDenied: (message = 'Access Denied.') => new EmulatorError(403, 'AccessDenied', message),
  signatureDoesNotMatch: () =>
    new EmulatorError(403, 'SignatureDoesNotMatch', 'The Signature you specified does not match the request.'),
  invalidAccessKeyId: () => new EmulatorError(403, 'InvalidAccessKeyId', 'The access key Id you provided does not exist in our records.'),
  requestTimeTooSkewed: () => new EmulatorError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the server time is too large.'),
  invalidArgument: (message: string) => new EmulatorError(400, 'InvalidArgument', message),
  invalidRequest: (message: string) => new EmulatorError(400, 'InvalidRequest', message),
  invalidUri: () => new EmulatorError(400, 'InvalidURI', 'The request URI is not valid (bad percent-encoding).'),
  invalidDigest: () => new EmulatorError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.'),
  badDigest: (message = 'The Content-MD5 you specified did not match what was received.') => new EmulatorError(400, 'BadDigest', message),
  entityTooLarge: () => new EmulatorError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.'),
  entityTooSmall: (partNumber: number) =>
    new EmulatorError(400, 'EntityTooSmall', `Part ${partNumber} is smaller than the minimum allowed size and is not the last part.`),
  incompleteBody: (message = 'You did not provide the number of bytes specified by the Content-Length.') => new EmulatorError(400, 'IncompleteBody', message),
  invalidPart: (partNumber: string) =>
    new EmulatorError(400, 'InvalidPart', `Part ${partNumber} could not be found, or its ETag does not match.`),
  invalidPartOrder: () => new EmulatorError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.'),
  malformedXml: () => new EmulatorError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate.'),
  missingContentLength: () => new EmulatorError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.'),
  noSuchBucket: () => new EmulatorError(404, 'NoSuchBucket', 'The specified bucket does not exist.'),
  // Doc 7730's revisions disagree on its status (400 newer, 403 older); 403 keeps it with the other key errors.
  expiredToken: () => new EmulatorError(403, 'ExpiredToken', 'The provided token has expired.'),
  noSuchKey: () => new EmulatorError(404, 'NoSuchKey', 'The specified key does not exist.'),
  noSuchUpload: () =>
    new EmulatorError(404, 'NoSuchUpload', 'The specified multipart upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'),
  methodNotAllowed: () => new EmulatorError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.'),
  notImplemented: (message: string) => new EmulatorError(501, 'NotImplemented', message),
  internal: () => new EmulatorError(500, 'InternalError', 'We encountered an internal error. Please try again.'),
};

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** The error document of doc 7730. */
export function errorXml(error: EmulatorError, resource: string, requestId: string, traceId: string): string {
  return (
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>` +
    `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${escapeXml(requestId)}</RequestId>` +
    `<TraceId>${escapeXml(traceId)}</TraceId></Error>`
  );
}
