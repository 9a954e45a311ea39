/**
 * The public documents the catalogue cites, and the clauses several requirements share. A source names the page,
 * the section and a short quoted clause, as test262 cites its esid and info.
 */
export interface Source {
  /** The public document: its title and number. */
  readonly document: string;
  readonly url: string;
  readonly section: string;
  /** A short clause quoted from the page (English where the English page has it). */
  readonly quote: string;
  /** The revision of the page the clause was read from (revisions.ts); the catalogue fills it in where the name carries it. */
  readonly revision?: string;
}

export const DOC = {
  uploadPart: 'Upload Part (COS API, doc 436/7750)',
  complete: 'Complete Multipart Upload (COS API, doc 436/7742)',
  errors: 'Error Codes (COS API, doc 436/7730)',
  responseHeaders: 'Common Response Headers (COS API, doc 436/7729)',
  requestHeaders: 'Common Request Headers (COS API, doc 436/7728)',
} as const;

export const UPLOAD_PART_URL = 'https://www.tencentcloud.com/document/product/436/7750';
export const UPLOAD_PART_2020_URL = 'https://intl.cloud.tencent.com/document/product/436/7750';
export const COMPLETE_URL = 'https://www.tencentcloud.com/document/product/436/7742';
export const RESPONSE_HEADERS_URL = 'https://www.tencentcloud.com/document/product/436/7729';
export const ERRORS_URL = 'https://intl.cloud.tencent.com/document/api/436/7730';

export const uploadPart = (section: string, quote: string): Source => ({ document: DOC.uploadPart, url: UPLOAD_PART_URL, section, quote });
export const uploadPart2020 = (section: string, quote: string): Source => ({
  document: `${DOC.uploadPart}, 2020 revision`,
  url: UPLOAD_PART_2020_URL,
  section,
  quote,
});
export const complete = (section: string, quote: string): Source => ({ document: DOC.complete, url: COMPLETE_URL, section, quote });

export const OVERWRITE = uploadPart(
  'Overview, note',
  'If the uploadId and partNumber are the same, the later uploaded part will overwrite the previously uploaded part.',
);
export const IDENTIFIES = uploadPart(
  'Overview, multipart upload process',
  'After initialization, you will receive an UploadId, which uniquely identifies this upload.',
);
export const PART_NUMBER_RANGE = uploadPart('Request parameters (partNumber)', 'Part number. Value range: 1-10000');
export const CONTENT_LENGTH_REQUIRED = uploadPart2020(
  'Request headers, required header',
  'Content-Length HTTP request content length defined in RFC 2616 (bytes) String Yes',
);
export const CONTENT_LENGTH_7728: Source = {
  document: `${DOC.requestHeaders}, 2024-03-28 revision`,
  url: 'https://www.tencentcloud.com/document/product/436/7728',
  section: 'Content-Length',
  quote:
    'For PUT and POST requests (excluding PUT Object requests specifying the Transfer-Encoding request header), this header is mandatory.',
};
export const CONTENT_MD5 = uploadPart2020(
  'Request headers, recommended headers (Content-MD5)',
  'Content-MD5 The Base64-encoded MD5 hash value of the request body content defined in RFC 1864',
);
export const HIGH_PERFORMANCE_PART: Source = {
  document: 'UploadPart for high-performance buckets (COS API, doc 436/139727, Chinese)',
  url: 'https://cloud.tencent.com/document/product/436/139727',
  section: 'Notes, part number',
  quote:
    'partNumber 必须为1到10000之间的整数(包含1和10000)。超出范围将返回 InvalidArgument。 (an integer from 1 to 10000 inclusive; outside it, InvalidArgument)',
};
export const ERROR_BODY: Source = {
  document: DOC.errors,
  url: ERRORS_URL,
  section: 'Error response, response body',
  quote: 'Error code, which is used to locate the unique error condition and determine the error scenario.',
};

// Clauses of the current revisions (2025-2026) and of the S3 documents the s3 profile is judged by.
const UPLOAD_PART_2025_URL = 'https://www.tencentcloud.com/ind/document/api/436/7750';
const uploadPart2025 = (section: string, quote: string): Source => ({
  document: `${DOC.uploadPart}, 2025-12 revision`,
  url: UPLOAD_PART_2025_URL,
  section,
  quote,
});
const CRC64_URL = 'https://www.tencentcloud.com/document/product/436/45260';
const crc64Doc = (section: string, quote: string): Source => ({
  document: 'CRC64 Check (COS, doc 436/45260), 2024-02-02 revision',
  url: CRC64_URL,
  section,
  quote,
});
const AWS_UPLOAD_PART_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html';
const awsUploadPart = (section: string, quote: string): Source => ({
  document: 'UploadPart (Amazon S3 API Reference)',
  url: AWS_UPLOAD_PART_URL,
  section,
  quote,
});
const SIGV4_STREAMING_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html';

export const TRAFFIC_LIMIT_RANGE = uploadPart2025(
  'Request headers (x-cos-traffic-limit)',
  'The speed limit setting range is 819200 - 838860800 (800Kb/s-800Mb/s). If outside of this range, it will return a 400 error.',
);
export const TRAFFIC_LIMIT_NUMBER = uploadPart2025(
  'Request headers (x-cos-traffic-limit)',
  'The rate-limiting value for traffic control targeting this multipart upload must be a number, with the default unit being bit/s.',
);
export const TRAFFIC_LIMIT_GUIDE: Source = {
  document: 'Single-Connection Bandwidth Limit (COS, doc 436/34072), 2024-03-25 revision',
  url: 'https://www.tencentcloud.com/document/product/436/34072',
  section: 'Instructions',
  quote: 'The speed limit value range is 819200–838860800, i.e, 100 KB/s–100 MB/s. If the range is exceeded, a 400 error will be returned.',
};
export const PSIZE_MAX = uploadPart2025(
  'Request headers (x-cos-psize-max)',
  'Limit the maximum size of each upload part in bytes. Uploads with part size above this value will be marked as failed.',
);
export const PSIZE_MIN = uploadPart2025(
  'Request headers (x-cos-psize-min)',
  'The minimum size of each upload part is limited to X bytes. Uploads with parts less than this size will be marked as failed.',
);
export const SSE_C_ON_PARTS: Source = {
  document: `${DOC.uploadPart}, 2023 revision`,
  url: UPLOAD_PART_2020_URL,
  section: 'Request headers, SSE-related headers',
  quote:
    'If SSE-C is used during the initialization of the current multipart upload, you need to specify the encryption algorithm and key that were specified during the initialization.',
};
export const SSE_C_ECHO: Source = {
  document: DOC.responseHeaders,
  url: RESPONSE_HEADERS_URL,
  section: 'Server-side encryption headers, SSE-C (x-cos-server-side-encryption-customer-algorithm)',
  quote:
    'If an object is uploaded with SSE-C or an object encrypted with SSE-C is downloaded, the request response will return this header',
};
export const SSE_C_HTTPS: Source = {
  document: 'Server-Side Encryption (COS JavaScript SDK, doc 436/38122)',
  url: 'https://intl.cloud.tencent.com/document/product/436/38122',
  section: 'SSE-C, note',
  quote: 'This type of encryption requires using HTTPS requests.',
};
export const SSE_C_HTTPS_S3: Source = {
  document: 'Using server-side encryption with customer-provided keys (Amazon S3 User Guide)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html',
  section: 'Considerations before using SSE-C',
  quote: 'Amazon S3 rejects any requests made over HTTP when using SSE-C.',
};
export const KMS_KEY_ID: Source = {
  document: `${DOC.responseHeaders}, Chinese`,
  url: 'https://cloud.tencent.com/document/product/436/7729',
  section: 'Server-side encryption headers, SSE-KMS (x-cos-server-side-encryption-cos-kms-key-id)',
  quote:
    '返回 KMS（密钥管理系统）的用户主密钥 CMK。如未指定，则返回 COS 默认创建的 CMK。 (returns the KMS customer master key; if none was named, the default one COS created)',
};
export const ETAG_ENCRYPTED: Source = {
  document: DOC.responseHeaders,
  url: RESPONSE_HEADERS_URL,
  section: 'ETag',
  quote:
    'The value of ETag is not necessarily the MD5 checksum of the object. The value will be different if the uploaded object is encrypted.',
};
export const OBJECT_CRC64 = crc64Doc(
  'Description, multipart upload APIs',
  'Complete Multipart Upload: returns a CRC64 value for the entire object only if each part has a CRC64 attribute. Otherwise, no value is returned.',
);
export const OBJECT_CRC64_READS = crc64Doc(
  'Description',
  'The HEAD Object and GET Object operations return the CRC64 value provided the object has one.',
);
export const CHECKSUM_HEADERS = awsUploadPart(
  'Request headers (x-amz-checksum-crc32, -crc32c, -crc64nvme, -sha1, -sha256)',
  'This header can be used as a data integrity check to verify that the data received is the same data that was originally sent.',
);
export const CHECKSUM_REJECTED: Source = {
  document: 'Checking object integrity for data uploads in Amazon S3 (Amazon S3 User Guide)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity-upload.html',
  section: 'Introduction',
  quote:
    "If the checksum value calculated by S3 matches your provided value, the request is accepted. If the values don't match, the request is rejected.",
};
export const SDK_CHECKSUM_ALGORITHM = awsUploadPart(
  'Request headers (x-amz-sdk-checksum-algorithm)',
  'When you send this header, there must be a corresponding x-amz-checksum or x-amz-trailer header sent. Otherwise, Amazon S3 fails the request with the HTTP status code 400 Bad Request.',
);
export const SDK_CHECKSUM_IGNORED = awsUploadPart(
  'Request headers (x-amz-sdk-checksum-algorithm)',
  'If you provide an individual checksum, Amazon S3 ignores any provided ChecksumAlgorithm parameter.',
);
export const UNSIGNED_TRAILER: Source = {
  document: 'Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html',
  section: 'x-amz-content-sha256 values (STREAMING-UNSIGNED-PAYLOAD-TRAILER)',
  quote:
    'Use this when sending an unsigned payload over multiple chunks. In this case you also have a trailing header after the chunk is uploaded.',
};
export const DECODED_LENGTH: Source = {
  document: 'Transferring Payload in Multiple Chunks (AWS Signature Version 4)',
  url: SIGV4_STREAMING_URL,
  section: 'Note',
  quote: 'For all requests, you must include the x-amz-decoded-content-length header, specifying the size of the object in bytes.',
};
export const STORED_DECODED: Source = {
  document: 'Transferring Payload in Multiple Chunks (AWS Signature Version 4)',
  url: SIGV4_STREAMING_URL,
  section: 'Calculating the seed signature (Content-Encoding)',
  quote: 'Amazon S3 stores the resulting object without the aws-chunked value in the content-encoding header.',
};
export const TRAILER_HEADER: Source = {
  document: 'Including Trailing Headers (AWS Signature Version 4)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html',
  section: 'Important',
  quote: 'You must set x-amz-trailer to indicate the contents your are including in your trailing header.',
};
export const COMPLETE_ETAG = complete('Response body, CompleteMultipartUploadResult (ETag)', 'ETag of the concatenated object');
const COMPLETE_2026 = (section: string, quote: string): Source => ({
  document: `${DOC.complete}, 2026-06-05 revision`,
  url: 'https://intl.cloud.tencent.com/document/api/436/7742',
  section,
  quote,
});
export const COMPLETE_NO_SUCH_UPLOAD = COMPLETE_2026(
  'Feature description',
  'When the UploadId does not exist, calling this API will return 404 NoSuchUpload.',
);
export const COMPLETE_LISTS_PARTS = COMPLETE_2026(
  'Feature description',
  'When using this API, you must provide the PartNumber and ETag for each part in the request body to verify the accuracy of the parts.',
);
export const COMPLETE_CONSECUTIVE = COMPLETE_2026(
  'Feature description',
  'When the uploaded part numbers are not consecutive, calling this API will return 400 InvalidPart.',
);
export const AWS_MULTIPART_ETAG: Source = {
  document: 'CompleteMultipartUpload (Amazon S3 API Reference)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html',
  section: 'Response elements (ETag)',
  quote:
    'If the entity tag is not an MD5 digest of the object data, it will contain one or more nonhexadecimal characters and/or will consist of less than 32 or more than 32 hexadecimal digits.',
};
export const AWS_COMPLETE_LIST: Source = {
  document: 'CompleteMultipartUpload (Amazon S3 API Reference)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html',
  section: 'Description',
  quote: 'The CompleteMultipartUpload API operation concatenates the parts that you provide in the list.',
};
