/**
 * Request Signature (doc 7778) as it applies to Upload Part: an unsigned request, a wrong secret, an unknown
 * SecretId, an expired window, and a signed header changed after signing are refused with 403 and the doc 7730
 * code. Under COS_SIGNATURE=sigv4 the same cases are built with AWS4-HMAC-SHA256.
 *
 * Dimensions, each value a fixed case run at every seed:
 * - UP-22 what is wrong: no signature, the key (secret, SecretId), the window, what was signed, and the signature
 *   value itself at its nearest: its last hex digit changed, its last digit dropped (a server comparing a prefix).
 * - UP-35 the security token of temporary keys: missing, empty, the right one plus a character, its prefix (the
 *   right one minus its last character), its suffix (minus its first), its letters' case swapped, the token of
 *   another key set; and a request signed with an expired temporary key.
 */
import { randomBytes } from 'node:crypto';
import { lastCharChanged, textCaseSwapped, withoutFirstChar, withoutLastChar } from '../src/generators/neighbours.js';
import { type CheckContext, check, conformanceSpec } from '../src/harness/check.js';
import { describeAnswer } from '../src/harness/signals.js';
import type { AuthOptions } from '../src/http/sign-request.js';
import { ERROR, type ErrorRow } from '../src/protocol/error-codes.js';

conformanceSpec(import.meta.url);

/** After every refused Upload Part of a check, its upload holds no part: a refusal stored nothing. */
const refusedUploadsStoredNothing = (t: CheckContext, key: string, uploadId: string) =>
  t.case('refused uploads stored nothing', async () => {
    const listed = await t.given.listParts(key, uploadId);
    t.expectThat(
      'refused uploads, then List Parts',
      listed.parts.length === 0,
      'no part stored',
      JSON.stringify(listed.parts),
      listed.result.response.exchange,
    );
  });

check(
  'UP-22 Upload Part unsigned, with a wrong secret, an unknown SecretId, an expired window, a header changed after signing, and its signature one digit off or one digit short',
  async (t) => {
    const key = t.key('signature');
    const uploadId = await t.given.initiate(key);
    const body = { seed: 1, length: 64 };
    const credentials = t.config.credentials;
    const now = Math.floor(Date.now() / 1000);
    const probe = `${t.dialect.headerPrefix}meta-conformance-probe`;
    // An expired window is refused with 403 and no one code: COS answers AccessDenied ("Request has expired"), S3
    // RequestTimeTooSkewed or AccessDenied; any 403 is judged.
    const cases: Array<[string, AuthOptions, ErrorRow | 'any 403']> = [
      ['without Authorization', { mode: 'none' }, ERROR.AccessDenied],
      [
        'signed with a wrong SecretKey',
        { credentials: { ...credentials, secretKey: `${credentials.secretKey}x` } },
        ERROR.SignatureDoesNotMatch,
      ],
      [
        'signed with an unknown SecretId',
        { credentials: { ...credentials, secretId: `AKID${randomBytes(12).toString('hex')}` } },
        ERROR.InvalidAccessKeyId,
      ],
      [
        'signed with a window that ended an hour ago',
        t.config.signature === 'sigv4' ? { date: new Date(Date.now() - 3600_000) } : { keyTime: { start: now - 7200, end: now - 3600 } },
        'any 403',
      ],
      [
        `with ${probe} changed after signing`,
        { tamper: (headers) => headers.map(([n, v]) => (n === probe ? [n, 'changed'] : [n, v])) },
        ERROR.SignatureDoesNotMatch,
      ],
      // The signature's nearest wrong values: a server comparing only its first digits takes them. SigV4's parser may
      // refuse a signature of 63 digits as malformed: any 403.
      [
        'with the last hex digit of its signature changed',
        { tamper: (headers) => headers.map(([n, v]) => (n === 'Authorization' ? [n, lastCharChanged(v)] : [n, v])) },
        ERROR.SignatureDoesNotMatch,
      ],
      [
        'with the last hex digit of its signature dropped',
        { tamper: (headers) => headers.map(([n, v]) => (n === 'Authorization' ? [n, withoutLastChar(v)] : [n, v])) },
        'any 403',
      ],
    ];
    for (const [what, auth, expected] of cases) {
      await t.case(what, async () => {
        const result = await t.api.uploadPart(key, uploadId, 1, body, { auth, headers: [[probe, 'signed']] });
        const sent = `Upload Part 1 ${what}`;
        if (expected !== 'any 403') t.expectAnswer(sent, result, expected);
        else
          t.expectThat(sent, result.status === 403, '403', `${result.status} ${result.error?.code ?? ''}`.trim(), result.response.exchange);
      });
    }
    await refusedUploadsStoredNothing(t, key, uploadId);
  },
  { costMiB: 0.5 },
);

check(
  "UP-35 with temporary keys, Upload Part without x-cos-security-token, with it empty, with the right one plus a character, its prefix, its suffix, its case swapped, another key set's, and signed with an expired temporary key",
  async (t) => {
    const key = t.key('security-token');
    const uploadId = await t.given.initiate(key);
    const credentials = t.config.credentials;
    const token = credentials.securityToken!;
    const permanent = { secretId: credentials.secretId, secretKey: credentials.secretKey };
    const tokenHeader = t.config.signature === 'sigv4' ? 'x-amz-security-token' : 'x-cos-security-token';
    const expired = t.config.expiredCredentials;
    const withToken = (securityToken: string): AuthOptions => ({ credentials: { ...credentials, securityToken } });
    // What a hurried server compares: presence, a prefix, a suffix, the case. The token itself never appears here:
    // the exchange redacts it, and the case names only what was done to it.
    const noExpiredSet =
      'no expired temporary key set configured (COS_EXPIRED_SECRET_ID, COS_EXPIRED_SECRET_KEY, COS_EXPIRED_SECURITY_TOKEN)';
    // A string instead of the options: why the case cannot be sent against this target.
    const refusals: Array<[string, AuthOptions | string]> = [
      ['without the security token', { credentials: permanent }],
      ['with an empty security token', { credentials: permanent, tamper: (headers) => [...headers, [tokenHeader, '']] }],
      ['with a wrong security token (the right one plus a character)', withToken(`${token}x`)],
      ['with the right security token minus its last character', withToken(withoutLastChar(token))],
      ['with the right security token minus its first character', withToken(withoutFirstChar(token))],
      [
        "with the right security token, its letters' case swapped",
        textCaseSwapped(token) !== token ? withToken(textCaseSwapped(token)) : 'the security token has no letters',
      ],
      ['with the security token of another temporary key set', expired ? withToken(expired.securityToken!) : noExpiredSet],
      ['signed with an expired temporary key', expired ? { credentials: expired } : noExpiredSet],
    ];
    for (const [what, auth] of refusals) {
      await t.case(what, async () => {
        if (typeof auth === 'string') return t.unjudged(auth);
        const result = await t.api.uploadPart(key, uploadId, 1, { seed: 2, length: 64 }, { auth });
        const sent = `Upload Part 1 ${what}`;
        t.note(`${what}: ${describeAnswer(result)}`);
        // No document gives the status or code of these refusals (doc 7730's revisions disagree even on ExpiredToken):
        // the refusal is judged, what came back recorded.
        t.expectRefused(sent, result);
      });
    }
    await refusedUploadsStoredNothing(t, key, uploadId);
  },
  {
    costMiB: 0.5,
    appliesTo: (config) =>
      config.credentials.securityToken ? true : 'the run signs with permanent keys (set COS_SECURITY_TOKEN to use temporary keys)',
  },
);
