/**
 * Upload Part, "Error codes": the API uses the common error codes of doc 7730, whose body is an application/xml
 * <Error> with Code, Message, Resource, RequestId and TraceId; RequestId matches x-cos-request-id.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectHeader, expectThat } from '../src/harness/expect.js';
import { parseXml } from '../src/api/xml.js';

conformanceSpec(import.meta.url);

check('UP-21 Upload Part errors (unknown upload, bad partNumber, bad digest): each an XML <Error> with Code, Message, RequestId', async (s) => {
  const key = s.key('errors');
  const uploadId = await s.initiate(key);
  const cases: Array<[string, () => Promise<ApiResult<unknown>>]> = [
    ['Upload Part with an unknown UploadId', () => s.api.uploadPart(key, 'no-such-upload-id', 1, { seed: 1, length: 8 })],
    ['Upload Part with partNumber=0', () => s.api.uploadPart(key, uploadId, 0, { seed: 1, length: 8 })],
    ['Upload Part with a malformed Content-MD5', () => s.api.uploadPart(key, uploadId, 1, { seed: 1, length: 8 }, { contentMd5: 'not-base64!' })],
  ];
  for (const [sent, send] of cases) {
    const result = await send();
    expectThat('UP-21', sent, !result.ok && result.status >= 400, 'an error status', `${result.status}`, result.response.exchange);
    expectHeader('UP-21', sent, result, 'Content-Type', /^application\/xml\b/);
    const error = parseXml(result.response.body.toString('utf8'))?.Error as Record<string, unknown> | undefined;
    const has = (field: string) => typeof error?.[field] === 'string' && (error[field] as string).length > 0;
    expectThat('UP-21', sent, !!error, 'an <Error> document', result.response.body.toString('utf8').slice(0, 200) || '(empty body)', result.response.exchange);
    for (const field of ['Code', 'Message', 'RequestId']) {
      expectThat('UP-21', sent, has(field), `<Error> with a non-empty <${field}>`, `<${field}> ${has(field) ? 'present' : 'missing or empty'}`, result.response.exchange);
    }
    const header = result.response.headers[s.dialect.requestIdHeader];
    if (header !== undefined) {
      expectThat('UP-21', sent, error?.RequestId === header, `<RequestId> equal to ${s.dialect.requestIdHeader}`, `<RequestId>${String(error?.RequestId)}</RequestId>, header ${header}`, result.response.exchange);
    }
  }
});
