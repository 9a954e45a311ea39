/**
 * What a bucket is set to do by default, recorded rather than judged (issue 25): since April 2026 S3 blocks SSE-C on
 * new general purpose buckets (BlockedEncryptionTypes), answering 403 AccessDenied to a CreateMultipartUpload that
 * specifies it. Where it is blocked, UP-39 (server-side-encryption.spec.ts) is inconclusive at its setup step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';

conformanceSpec(import.meta.url);

check(
  'UP-63 records: CreateMultipartUpload with the three SSE-C headers: accepted, or refused (403 AccessDenied where the bucket blocks SSE-C)',
  async (t) => {
    const prefix = t.dialect.sseCustomerPrefix;
    const customerKey = randomBytes(32);
    const headers: Array<[string, string]> = [
      [`${prefix}algorithm`, 'AES256'],
      [`${prefix}key`, customerKey.toString('base64')],
      [`${prefix}key-MD5`, createHash('md5').update(customerKey).digest('base64')],
    ];
    const initiated = await t.api.initiate(t.key('sse-c-default'), { headers });
    const over =
      t.config.endpoint?.protocol === 'https:' ? 'over HTTPS' : 'over plain HTTP (SSE-C needs HTTPS, so a refusal here may say only that)';
    t.record(
      `CreateMultipartUpload with SSE-C ${over}`,
      initiated.ok ? `${initiated.status}: SSE-C taken` : `${initiated.status} ${initiated.error?.code ?? '(no code)'}`,
    );
  },
  { profiles: ['s3'], reason: 'BlockedEncryptionTypes is an S3 bucket setting', costMiB: 0.5 },
);
