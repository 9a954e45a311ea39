import { describe, expect, test } from 'vitest';
import { foldSequence, operationOf, redactHeaders, summariseUpload, wireRequest } from '../../src/clients/wire.js';
import type { ObservedRequest } from '../../src/emulator/server.js';

const req = (
  method: string,
  key: string | undefined,
  query: Array<[string, string | undefined]>,
  headers: Record<string, string> = {},
  status = 200,
): ObservedRequest => ({
  method,
  key,
  query,
  headers,
  status,
  code: status >= 300 ? 'InvalidRequest' : undefined,
});

describe('what a client sent, named and summarised', () => {
  test('each request is named by the call it is', () => {
    const named = [
      req('POST', 'k', [['uploads', '']]),
      req('PUT', 'k', [
        ['partNumber', '1'],
        ['uploadId', 'u'],
      ]),
      req('POST', 'k', [['uploadId', 'u']]),
      req('DELETE', 'k', [['uploadId', 'u']]),
      req('GET', 'k', [['uploadId', 'u']]),
      req('GET', undefined, [['uploads', '']]),
      req('GET', undefined, [['list-type', '2']]),
      req('GET', undefined, [['location', undefined]]),
      req('GET', undefined, []),
      req('HEAD', undefined, []),
      req('PUT', undefined, []),
      req('PUT', 'k', []),
      req('GET', 'k', []),
      req('HEAD', 'k', []),
      req('DELETE', 'k', []),
    ].map(operationOf);
    expect(named).toEqual([
      'CreateMultipartUpload',
      'UploadPart',
      'CompleteMultipartUpload',
      'AbortMultipartUpload',
      'ListParts',
      'ListMultipartUploads',
      'ListObjectsV2',
      'GetBucketLocation',
      'ListObjects',
      'HeadBucket',
      'CreateBucket',
      'PutObject',
      'GetObject',
      'HeadObject',
      'DeleteObject',
    ]);
  });

  test('secrets are redacted: signature, key id, session token, customer key; the customer key MD5 is kept', () => {
    const out = redactHeaders({
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDsecretid/20260101/r/s3/aws4_request, SignedHeaders=host, Signature=abcdef0123',
      'x-amz-security-token': 'token',
      'x-cos-security-token': 'token',
      'x-amz-server-side-encryption-customer-key': 'a2V5',
      'x-amz-server-side-encryption-customer-key-md5': 'bWQ1',
    });
    expect(Object.values(out).join('\n')).not.toMatch(/AKIDsecretid|abcdef0123|token|a2V5/);
    expect(out.authorization).toContain('SignedHeaders=host');
    expect(out['x-amz-server-side-encryption-customer-key-md5']).toBe('bWQ1');
  });

  test('the upload summary: part sizes (decoded when aws-chunked), integrity headers, SSE-C on parts, retries, the ending', () => {
    const part = (n: string, headers: Record<string, string>, status = 200) =>
      req(
        'PUT',
        'k',
        [
          ['partNumber', n],
          ['uploadId', 'u'],
        ],
        headers,
        status,
      );
    const summary = summariseUpload(
      [
        req('POST', 'k', [['uploads', '']], { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }),
        part('1', { 'content-length': '5242880', 'content-md5': 'x', 'x-amz-server-side-encryption-customer-algorithm': 'AES256' }),
        part('2', { 'content-length': '100', 'content-md5': 'x' }, 500),
        part('2', {
          'content-length': '140',
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '100',
          'x-amz-trailer': 'x-amz-checksum-crc32',
          'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        }),
        req('DELETE', 'k', [['uploadId', 'u']], {}, 204),
      ].map(wireRequest),
    );
    expect(summary.parts).toEqual([
      { partNumber: 1, bytes: 5242880, status: 200 },
      { partNumber: 2, bytes: 100, status: 500 },
      { partNumber: 2, bytes: 100, status: 200 },
    ]);
    expect(summary.contentMd5).toBe('some');
    expect(summary.checksums).toEqual(['trailer x-amz-checksum-crc32']);
    expect(summary.contentSha256).toEqual(['STREAMING-UNSIGNED-PAYLOAD-TRAILER']);
    expect(summary.framing).toEqual(['plain', 'aws-chunked']);
    expect([summary.sseCustomerOnInitiate, summary.sseCustomerOnParts]).toEqual([true, 'some']);
    expect(summary.retriedParts).toEqual({ 2: 2 });
    expect([summary.completes, summary.aborts]).toEqual([[], [204]]);
    expect(summary.partHeaders.all).toEqual(['content-length']);
    expect(summary.sequence).toBe('CreateMultipartUpload → UploadPart → UploadPart(500) → UploadPart → AbortMultipartUpload');
  });

  test('repeats fold', () => {
    expect(foldSequence(['A', 'B', 'B', 'B', 'A'])).toBe('A → B×3 → A');
  });
});
