/**
 * Request Signature (doc 7778) as it applies to Upload Part: an unsigned request, a wrong secret, an unknown
 * SecretId, an expired window, and a signed header changed after signing are refused with 403 and the doc 7730
 * code. Under COS_SIGNATURE=sigv4 the same cases are built with AWS4-HMAC-SHA256.
 */
import { randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectAnswer, expectThat } from '../src/harness/expect.js';
import type { AuthOptions } from '../src/http/sign-request.js';

conformanceSpec(import.meta.url);

check('UP-22 Upload Part unsigned, with a wrong secret, an unknown SecretId, an expired window, and a header changed after signing', async (s) => {
  const key = s.key('signature');
  const uploadId = await s.initiate(key);
  const body = { seed: 1, length: 64 };
  const credentials = s.config.credentials;
  const now = Math.floor(Date.now() / 1000);
  const probe = `${s.dialect.headerPrefix}meta-conformance-probe`;
  const cases: Array<[string, AuthOptions, { status: number; code?: string }]> = [
    ['without Authorization', { mode: 'none' }, { status: 403, code: 'AccessDenied' }],
    ['signed with a wrong SecretKey', { credentials: { ...credentials, secretKey: `${credentials.secretKey}x` } }, { status: 403, code: 'SignatureDoesNotMatch' }],
    ['signed with an unknown SecretId', { credentials: { ...credentials, secretId: `AKID${randomBytes(12).toString('hex')}` } }, { status: 403, code: 'InvalidAccessKeyId' }],
    [
      'signed with a window that ended an hour ago',
      s.config.signature === 'sigv4' ? { date: new Date(Date.now() - 3600_000) } : { keyTime: { start: now - 7200, end: now - 3600 } },
      { status: 403 },
    ],
    [
      `with ${probe} changed after signing`,
      { tamper: (headers) => headers.map(([n, v]) => (n === probe ? [n, 'changed'] : [n, v])) },
      { status: 403, code: 'SignatureDoesNotMatch' },
    ],
  ];
  for (const [what, auth, expected] of cases) {
    const result = await s.api.uploadPart(key, uploadId, 1, body, { auth, headers: [[probe, 'signed']] });
    const sent = `Upload Part 1 ${what}`;
    if (expected.code) expectAnswer('UP-22', sent, result, expected);
    else expectThat('UP-22', sent, result.status === 403, '403', `${result.status} ${result.error?.code ?? ''}`.trim(), result.response.exchange);
  }
  const listed = await s.api.listParts(key, uploadId);
  expectThat('UP-22', 'refused uploads, then List Parts', listed.ok && listed.value?.parts.length === 0, 'no part stored', JSON.stringify(listed.value?.parts ?? listed.status), listed.response.exchange);
});
