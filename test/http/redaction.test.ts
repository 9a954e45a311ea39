import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Redactor } from '../../src/http/exchange.js';
import { exchangeText } from '../../src/reports/evidence-text.js';
import { withEmulator } from '../helpers/emulator.js';

// Credentials never appear in a recorded exchange: not the SecretId, not the SecretKey, not the session token,
// whether the call succeeds, fails, or the secret also turns up in a response body.
describe('redaction', () => {
  test('no secret appears in any recorded exchange, in either signature mode', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^AKID[A-Za-z0-9]{12,20}$/),
        fc.stringMatching(/^[A-Za-z0-9+/]{16,40}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/),
        fc.constantFrom('cos', 'sigv4'),
        async (secretId, secretKey, token, signature) => {
          const fx = await withEmulator({
            COS_SECRET_ID: secretId,
            COS_SECRET_KEY: secretKey,
            COS_SECURITY_TOKEN: token,
            COS_SIGNATURE: signature,
          });
          try {
            const id = (await fx.api.initiate('redact/key')).value!.uploadId;
            await fx.api.uploadPart('redact/key', id, 1, Buffer.from(`a body that mentions ${secretKey} and ${secretId}`));
            await fx.api.uploadPart('redact/key', 'bogus', 1, Buffer.from('x'));
            await fx.api.initiate('redact/other', {}, { credentials: { secretId, secretKey: 'wrong' } });
            await fx.api.complete('redact/key', id, { rawBody: `<x>${token}</x>` });
            await fx.api.target.send({
              method: 'GET',
              key: 'redact/key',
              query: [
                ['q-ak', secretId],
                ['x-cos-security-token', token],
              ],
            });
            const recorded = JSON.stringify(fx.api.target.log.exchanges) + fx.api.target.log.exchanges.map(exchangeText).join('\n');
            expect(fx.api.target.log.exchanges.length).toBe(6);
            for (const secret of [secretId, secretKey, token]) expect(recorded).not.toContain(secret);
            expect(recorded).toContain('<redacted>');
          } finally {
            await fx.close();
          }
        },
      ),
      { numRuns: 12 },
    );
  });

  test('Authorization keeps its shape but not the key id or signature', () => {
    const redactor = new Redactor({ secretId: 'AKIDabcdefgh', secretKey: 'secretsecret' });
    const cos = redactor.headers({
      Authorization:
        'q-sign-algorithm=sha1&q-ak=AKIDabcdefgh&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=uploads&q-signature=0123456789abcdef0123456789abcdef01234567',
    }).Authorization;
    expect(cos).toBe(
      'q-sign-algorithm=sha1&q-ak=<redacted>&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=uploads&q-signature=<redacted>',
    );
    const v4 = redactor.headers({
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDabcdefgh/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`,
    }).authorization;
    expect(v4).toBe('AWS4-HMAC-SHA256 Credential=<redacted>/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=<redacted>');
  });

  test('an SSE-C key is redacted in both dialects; its MD5, which only names it, is kept', () => {
    const redactor = new Redactor({ secretId: 'AKIDabcdefgh', secretKey: 'secretsecret' });
    for (const prefix of ['x-cos-', 'x-amz-']) {
      const headers = redactor.headers({
        [`${prefix}server-side-encryption-customer-algorithm`]: 'AES256',
        [`${prefix}server-side-encryption-customer-key`]: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
        [`${prefix}server-side-encryption-customer-key-MD5`]: 'U5L61r7jcwdNvT7frmUG8g==',
      });
      expect(headers[`${prefix}server-side-encryption-customer-key`]).toBe('<redacted>');
      expect(headers[`${prefix}server-side-encryption-customer-key-MD5`]).toBe('U5L61r7jcwdNvT7frmUG8g==');
    }
  });
});
