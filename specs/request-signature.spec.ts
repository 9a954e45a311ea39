/**
 * Request Signature (doc 7778) as it applies to Upload Part: an unsigned request, a wrong secret, an unknown
 * SecretId, an expired window, and a signed header changed after signing are refused with 403 and the doc 7730
 * code. Under COS_SIGNATURE=sigv4 the same cases are built with AWS4-HMAC-SHA256.
 */
import { randomBytes } from 'node:crypto';
import { check, conformanceSpec } from '../src/harness/check.js';
import type { AuthOptions } from '../src/http/sign-request.js';

conformanceSpec(import.meta.url);

check('UP-22 Upload Part unsigned, with a wrong secret, an unknown SecretId, an expired window, and a header changed after signing', async (t) => {
  const key = t.key('signature');
  const uploadId = await t.given.initiate(key);
  const body = { seed: 1, length: 64 };
  const credentials = t.config.credentials;
  const now = Math.floor(Date.now() / 1000);
  const probe = `${t.dialect.headerPrefix}meta-conformance-probe`;
  const cases: Array<[string, AuthOptions, { status: number; code?: string }]> = [
    ['without Authorization', { mode: 'none' }, { status: 403, code: 'AccessDenied' }],
    ['signed with a wrong SecretKey', { credentials: { ...credentials, secretKey: `${credentials.secretKey}x` } }, { status: 403, code: 'SignatureDoesNotMatch' }],
    ['signed with an unknown SecretId', { credentials: { ...credentials, secretId: `AKID${randomBytes(12).toString('hex')}` } }, { status: 403, code: 'InvalidAccessKeyId' }],
    [
      'signed with a window that ended an hour ago',
      t.config.signature === 'sigv4' ? { date: new Date(Date.now() - 3600_000) } : { keyTime: { start: now - 7200, end: now - 3600 } },
      { status: 403 },
    ],
    [
      `with ${probe} changed after signing`,
      { tamper: (headers) => headers.map(([n, v]) => (n === probe ? [n, 'changed'] : [n, v])) },
      { status: 403, code: 'SignatureDoesNotMatch' },
    ],
  ];
  for (const [what, auth, expected] of cases) {
    await t.case(what, async () => {
      const result = await t.api.uploadPart(key, uploadId, 1, body, { auth, headers: [[probe, 'signed']] });
      const sent = `Upload Part 1 ${what}`;
      if (expected.code) t.expectAnswer(sent, result, expected);
      else t.expectThat(sent, result.status === 403, '403', `${result.status} ${result.error?.code ?? ''}`.trim(), result.response.exchange);
    });
  }
  await t.case('refused uploads stored nothing', async () => {
    const listed = await t.api.listParts(key, uploadId);
    t.given.that('List Parts', listed, listed.ok, '200 ListPartsResult');
    t.expectThat('refused uploads, then List Parts', listed.value?.parts.length === 0, 'no part stored', JSON.stringify(listed.value?.parts), listed.response.exchange);
  });
});
