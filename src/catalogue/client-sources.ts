import { complete, type Source } from './sources.js';

/**
 * The clauses the client catalogue cites beyond those the server catalogue shares (src/catalogue/sources.ts): what
 * the COS and S3 documents ask of the side that sends a multipart upload.
 */
const AWS_S3 = 'https://docs.aws.amazon.com/AmazonS3';
/** The pages below show no date: the month they were read for the client catalogue (src/catalogue/revisions.ts). */
const READ = 'undated, read 2026-12';

export const S3_PART_LIMITS: Source = {
  revision: READ,
  document: 'Amazon S3 multipart upload limits (Amazon S3 User Guide)',
  url: `${AWS_S3}/latest/userguide/qfacts.html`,
  section: 'Part size',
  quote: '5 MiB to 5 GiB. There is no minimum size limit on the last part of your multipart upload.',
};

export const S3_PART_NUMBERS: Source = { ...S3_PART_LIMITS, section: 'Part numbers', quote: '1 to 10,000 (inclusive)' };

export const SIGV4_SIGNED_HEADERS: Source = {
  revision: READ,
  document: 'Signature Calculations for the Authorization Header: Transferring Payload in a Single Chunk (AWS Signature Version 4)',
  url: `${AWS_S3}/latest/API/sig-v4-header-based-auth.html`,
  section: 'Task 1: Create a Canonical Request (CanonicalHeaders)',
  quote: 'Any x-amz-* headers that you plan to include in your request must also be added.',
};

export const SIGNATURE_MISMATCH: Source = {
  document: '403 Error for COS Access (COS, doc 436/40105)',
  url: 'https://www.tencentcloud.com/document/product/436/40105',
  section: 'Analysis, item 4',
  quote: 'If there is a problem with the calculation method of the signature, COS will return "SignatureDoesNotMatch".',
};

export const S3_SSE_C_SAME_KEY: Source = {
  revision: READ,
  document: 'UploadPart (Amazon S3 API Reference)',
  url: `${AWS_S3}/latest/API/API_UploadPart.html`,
  section: 'Request headers (x-amz-server-side-encryption-customer-key)',
  quote: 'This must be the same encryption key specified in the initiate multipart upload request.',
};

export const CHECKSUM_ALGORITHM_PER_UPLOAD: Source = {
  revision: READ,
  document: 'UploadPartRequest.checksumAlgorithm (AWS SDK for Kotlin API reference, generated from the S3 model)',
  url: 'https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/s3/aws.sdk.kotlin.services.s3.model/-upload-part-request/checksum-algorithm.html',
  section: 'checksumAlgorithm',
  quote:
    'This checksum algorithm must be the same for all parts and it match the checksum value supplied in the CreateMultipartUpload request.',
};

export const S3_COMPLETE_ETAGS: Source = {
  document: 'CompleteMultipartUpload (Amazon S3 API Reference)',
  url: `${AWS_S3}/latest/API/API_CompleteMultipartUpload.html`,
  section: 'Description',
  quote:
    'For each part in the list, you must provide the PartNumber value and the ETag value that are returned after that part was uploaded.',
};

export const S3_COMPLETE_200_ERROR: Source = {
  document: 'CompleteMultipartUpload (Amazon S3 API Reference)',
  url: `${AWS_S3}/latest/API/API_CompleteMultipartUpload.html`,
  section: 'Description',
  quote:
    'A request could fail after the initial 200 OK response has been sent. This means that a 200 OK response can contain either a success or an error.',
};

export const S3_COMPLETE_WHITESPACE: Source = {
  ...S3_COMPLETE_200_ERROR,
  quote: 'While processing is in progress, Amazon S3 periodically sends white space characters to keep the connection from timing out.',
};

/** Doc 7742's long merge: 200 at once, spaces while it runs (the clause UP-26 rests on). */
export const COMPLETE_KEPT_ALIVE = complete(
  'Overview',
  'COS will immediately return status code 200 and use the Transfer-Encoding: chunked response header to return spaces periodically',
);

export const ABORT_RECOMMENDED: Source = {
  document: 'Abort Multipart Upload (COS API, doc 436/7740), 2023-03-02 revision',
  url: 'https://www.tencentcloud.com/document/product/436/7740',
  section: 'Overview, note',
  quote:
    'We recommend you either complete or abort a multipart upload as early as possible, as the uploaded parts of an incomplete multipart upload will take up storage capacity and incur storage fees.',
};

export const S3_ABORT: Source = {
  revision: READ,
  document: 'Aborting a multipart upload (Amazon S3 User Guide)',
  url: `${AWS_S3}/latest/userguide/abort-mpu.html`,
  section: 'Introduction',
  quote: 'If you wish to not complete a multipart upload after uploading parts you should abort the multipart upload.',
};

export const S3_RETRY_503: Source = {
  revision: READ,
  document:
    'Best Practices Design Patterns: Optimizing Amazon S3 Performance (AWS whitepaper), Timeouts and Retries for Latency-Sensitive Applications',
  url: 'https://docs.aws.amazon.com/whitepapers/latest/s3-optimizing-performance-best-practices/timeouts-and-retries-for-latency-sensitive-applications.html',
  section: 'HTTP 503 slowdown responses',
  quote: 'If you are not using an AWS SDK, you should implement retry logic when receiving the HTTP 503 error.',
};

export const S3_BACKOFF: Source = {
  ...S3_RETRY_503,
  quote: 'If these errors occur, each AWS SDK implements automatic retry logic using exponential backoff.',
};

export const S3_RETRANSMIT_PART: Source = {
  revision: READ,
  document: 'Uploading and copying objects using multipart upload in Amazon S3 (Amazon S3 User Guide)',
  url: `${AWS_S3}/latest/userguide/mpuoverview.html`,
  section: 'Introduction',
  quote: 'If transmission of any part fails, you can retransmit that part without affecting other parts.',
};

export const CRC64_COMPARE: Source = {
  document: 'CRC64 Check (COS, doc 436/45260), 2024-02-02 revision',
  url: 'https://www.tencentcloud.com/document/product/436/45260',
  section: 'Description, multipart upload APIs',
  quote: 'Upload Part: you can compare and verify the CRC64 value returned by COS against the value calculated locally.',
};

export const CRC64_HEADER_MEANING: Source = {
  ...CRC64_COMPARE,
  section: 'Overview',
  quote:
    'It will carry x-cos-hash-crc64ecma in the returned response header, which indicates the CRC64 value of the uploaded object calculated according to ECMA-182 standard.',
};

export const PAYLOAD_HASH: Source = {
  document: 'Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)',
  url: `${AWS_S3}/latest/API/sigv4-auth-using-authorization-header.html`,
  section: 'Overview (x-amz-content-sha256)',
  quote: 'The x-amz-content-sha256 header is required for all AWS Signature Version 4 requests. It provides a hash of the request payload.',
};
