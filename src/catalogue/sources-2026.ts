import type { Source } from './sources.js';

/**
 * Clauses of the pages the 2025-2026 documents added around Upload Part (issue 25): x-cos-forbid-overwrite, the part
 * count limits, the Complete of high-performance (cosrapid) buckets, and the S3 checksum types, conditional writes,
 * MpuObjectSize and signed streaming. Each names the revision it was read at.
 */

const RAPID_COMPLETE_URL = 'https://cloud.tencent.com/document/product/436/139736';
const rapidComplete = (section: string, quote: string): Source => ({
  document: 'CompleteMultipartUpload for high-performance buckets (COS API, doc 436/139736, Chinese)',
  url: RAPID_COMPLETE_URL,
  section,
  quote,
  revision: '2026-10-21',
});

export const RAPID_GAPS = rapidComplete(
  'Notes, part list',
  'PartNumber 不要求连续,可以跳号(例如只提交编号为1、3、5的分块)。未在列表中出现的已上传分块在合并时将被丢弃。 (part numbers need not be consecutive; uploaded parts not in the list are discarded)',
);
export const RAPID_EMPTY_LIST = rapidComplete(
  'Notes, part list',
  '列表必须按 PartNumber 升序排列且不允许重复,否则返回 InvalidPartOrder。列表不能为空,否则返回 InvalidArgument。 (the list may not be empty, else InvalidArgument)',
);
export const RAPID_KEY = rapidComplete(
  'Notes, object key',
  "<ObjectKey> 与 InitiateMultipartUpload 调用时使用的对象键完全一致(包括大小写、路径层级与末尾 /),不一致时本接口返回 NoSuchUpload (the key must be exactly Initiate's, case and trailing / included, else NoSuchUpload)",
);
export const RAPID_ENDED = rapidComplete(
  'Notes, UploadId',
  'UploadId 不存在、已被 AbortMultipartUpload 终止、或已被本接口完成时,本接口返回 NoSuchUpload。 (an UploadId unknown, aborted or already completed gets NoSuchUpload)',
);
export const RAPID_FORBID_OVERWRITE = rapidComplete(
  'Notes, x-cos-forbid-overwrite',
  '携带 x-cos-forbid-overwrite: true 且目标文件对象已存在时,返回 409 FileAlreadyExists。 (with x-cos-forbid-overwrite: true and the object existing, 409 FileAlreadyExists)',
);

export const FORBID_OVERWRITE_COMPLETE: Source = {
  document: 'Complete Multipart Upload (COS API, doc 436/7742)',
  url: 'https://www.tencentcloud.com/document/product/436/7742',
  section: 'Request headers (x-cos-forbid-overwrite)',
  quote: 'When the x-cos-forbid-overwrite is specified as true, overwriting the object with the same name will be prohibited.',
  revision: 'undated, read 2026-12',
};
export const FORBID_OVERWRITE_INITIATE: Source = {
  document: 'Initiate Multipart Upload (COS API, doc 436/7746, Portuguese edition)',
  url: 'https://www.tencentcloud.com/pt/document/api/436/7746',
  section: 'Request headers (x-cos-forbid-overwrite)',
  quote: 'For buckets with versioning disabled, specifies whether to forbid overwriting objects with the same name',
  revision: '2026-06-05',
};
export const STANDARD_GAPS: Source = {
  document: 'Complete Multipart Upload (COS API, doc 436/7742)',
  url: 'https://intl.cloud.tencent.com/document/api/436/7742',
  section: 'Feature description',
  quote: 'When the uploaded part numbers are not consecutive, calling this API will return 400 InvalidPart.',
  revision: '2026-06-05',
};
export const STANDARD_GAPS_CN: Source = {
  document: 'Complete Multipart Upload (COS API, doc 436/7742, Chinese)',
  url: 'https://cloud.tencent.com/document/product/436/7742',
  section: '功能描述',
  quote: '当上传块编号不连续的时候,在调用该 API 时,会返回400 InvalidPart。',
  revision: 'undated, read 2026-12',
};
export const PNUM_LIMITS: Source = {
  document: 'Upload Part (COS API, doc 436/7750), 2025-12 revision',
  url: 'https://www.tencentcloud.com/ind/document/api/436/7750',
  section: 'Request headers (x-cos-psize-max)',
  quote:
    'Used in conjunction with the Complete Multipart Upload API and the x-cos-pnum-max header (to limit the maximum value of the number of chunks), it can restrict the maximum size of the file to be uploaded in parts.',
};

// S3 (the s3 profile). The API reference pages show no date; they were read in 2026-12.
const S3_READ = 'undated, read 2026-12';
const awsApi = (page: string, file: string, section: string, quote: string): Source => ({
  document: `${page} (Amazon S3 API Reference)`,
  url: `https://docs.aws.amazon.com/AmazonS3/latest/API/${file}`,
  section,
  quote,
  revision: S3_READ,
});

export const ADDED_ALGORITHMS = awsApi(
  'Part',
  'API_Part.html',
  'ChecksumMD5',
  'The Base64 encoded, 128-bit MD5 digest of the part. This checksum is present if the multipart upload request was created with the MD5 checksum algorithm.',
);
export const ADDED_ALGORITHM_HEADERS = awsApi(
  'UploadPart',
  'API_UploadPart.html',
  'Request headers (x-amz-checksum-xxhash64, -xxhash3, -xxhash128, -md5, -sha512)',
  'This header can be used as a data integrity check to verify that the data received is the same data that was originally sent. This header specifies the Base64 encoded, 64-bit XXHASH64 checksum of the part.',
);
export const CHECKSUM_TYPE = awsApi(
  'CreateMultipartUpload',
  'API_CreateMultipartUpload.html',
  'Request headers (x-amz-checksum-type)',
  'Indicates the checksum type that you want Amazon S3 to use to calculate the object’s checksum value.',
);
export const CHECKSUM_TYPE_COMPLETE = awsApi(
  'CompleteMultipartUpload',
  'API_CompleteMultipartUpload.html',
  'Response headers (x-amz-checksum-type)',
  'The checksum type, which determines how part-level checksums are combined to create an object-level checksum for multipart objects.',
);
export const CRC64NVME_FULL_OBJECT: Source = {
  document: 'Checking object integrity in Amazon S3 (Amazon S3 User Guide)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity-upload.html',
  section: 'Checksum types, CRC-64/NVME',
  quote: 'CRC-64/NVME (CRC64NVME): Supports the full object checksum type only.',
  revision: S3_READ,
};
export const CONSECUTIVE_WITH_CHECKSUMS = awsApi(
  'CompletedPart',
  'API_CompletedPart.html',
  'PartNumber',
  'when a additional checksum (including x-amz-checksum-crc32, x-amz-checksum-crc32c, x-amz-checksum-sha1, or x-amz-checksum-sha256) is applied to each part, the PartNumber must start at 1 and the part numbers must be consecutive. Otherwise, Amazon S3 generates an HTTP 400 Bad Request status code and an InvalidPartOrder error code.',
);
export const MPU_OBJECT_SIZE = awsApi(
  'CompleteMultipartUpload',
  'API_CompleteMultipartUpload.html',
  'Request headers (x-amz-mp-object-size)',
  'The expected total object size of the multipart upload request. If there’s a mismatch between the specified object size value and the actual object size value, it results in an HTTP 400 InvalidRequest error.',
);
export const IF_NONE_MATCH_COMPLETE = awsApi(
  'CompleteMultipartUpload',
  'API_CompleteMultipartUpload.html',
  'Request headers (If-None-Match)',
  'Uploads the object only if the object key name does not already exist in the bucket specified. Otherwise, Amazon S3 returns a 412 Precondition Failed error.',
);
export const IF_MATCH_COMPLETE = awsApi(
  'CompleteMultipartUpload',
  'API_CompleteMultipartUpload.html',
  'Request headers (If-Match)',
  'Uploads the object only if the ETag (entity tag) value provided during the WRITE operation matches the ETag of the object in S3. If the ETag values do not match, the operation returns a 412 Precondition Failed error.',
);
export const SIGNED_STREAMING: Source = {
  document: 'Transferring Payload in Multiple Chunks (AWS Signature Version 4)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html',
  section: 'Calculating the chunk signatures',
  quote:
    'Each chunk signature calculation includes the signature of the previous chunk. To begin, you create a seed signature using only the headers.',
  revision: S3_READ,
};
export const SIGNED_STREAMING_VALUES: Source = {
  document: 'Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html',
  section: 'x-amz-content-sha256 values (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)',
  quote: 'Use this when sending a payload over multiple chunks, and the chunks are signed using AWS4-HMAC-SHA256.',
  revision: S3_READ,
};
export const SIGNED_TRAILER: Source = {
  document: 'Including Trailing Headers (AWS Signature Version 4)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html',
  section: 'Introduction',
  quote: 'The trailing headers are included as their own chunk and sent after the final chunk with a payload of 0 bytes.',
  revision: S3_READ,
};
export const SSE_C_BLOCKED: Source = {
  document: 'Blocking or unblocking SSE-C for a general purpose bucket (Amazon S3 User Guide)',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/blocking-unblocking-s3-c-encryption-gpb.html',
  section: 'Introduction',
  quote:
    'Starting April 2026, Amazon S3 automatically disables server-side encryption with customer-provided keys (SSE-C) for all new general purpose buckets.',
  revision: S3_READ,
};
