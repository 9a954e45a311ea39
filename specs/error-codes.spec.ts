/**
 * Upload Part, "Error codes": the API uses the common error codes of doc 7730, whose body is an application/xml
 * <Error> with Code, Message, Resource, RequestId and TraceId; RequestId matches x-cos-request-id.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { expectHeader, expectThat } from '../src/harness/expect.js';
import { parseXml } from '../src/api/xml.js';

conformanceSpec(import.meta.url);

check('UP-21 error answers to Upload Part (unknown upload, partNumber 0, bad digest, unsigned) and GET of a missing object: each an XML <Error> with Code, Message, RequestId', async (s, context) => {
  const key = s.key('errors');
  const uploadId = await s.initiate(key);
  const probes: Array<[string, () => Promise<ApiResult<unknown>>]> = [
    ['Upload Part with an unknown UploadId', () => s.api.uploadPart(key, 'no-such-upload-id', 1, { seed: 1, length: 8 })],
    ['Upload Part with partNumber=0', () => s.api.uploadPart(key, uploadId, 0, { seed: 1, length: 8 })],
    ['Upload Part with a malformed Content-MD5', () => s.api.uploadPart(key, uploadId, 1, { seed: 1, length: 8 }, { contentMd5: 'not-base64!' })],
    ['Upload Part without Authorization', () => s.api.uploadPart(key, uploadId, 1, { seed: 1, length: 8 }, { auth: { mode: 'none' } })],
    ['GET of an object that does not exist', () => s.api.getObject(s.key('missing'))],
  ];
  let judged = 0;
  for (const [sent, send] of probes) {
    const result = await send();
    // A probe the target does not refuse tells nothing about error documents (its own requirement judges it).
    if (result.status < 400) continue;
    judged++;
    expectHeader('UP-21', sent, result, 'Content-Type', /^application\/xml\b/);
    const body = result.response.body.toString('utf8');
    const error = parseXml(body)?.Error as Record<string, unknown> | undefined;
    expectThat('UP-21', sent, !!error, 'an <Error> document', body.slice(0, 200) || '(empty body)', result.response.exchange);
    for (const field of ['Code', 'Message', 'RequestId']) {
      const value = error?.[field];
      const present = typeof value === 'string' && value.length > 0;
      expectThat('UP-21', sent, present, `<Error> with a non-empty <${field}>`, `<${field}> ${present ? 'present' : 'missing or empty'}`, result.response.exchange);
    }
    const header = result.response.headers[s.dialect.requestIdHeader];
    if (header !== undefined) {
      expectThat('UP-21', sent, error?.RequestId === header, `<RequestId> equal to ${s.dialect.requestIdHeader}`, `<RequestId>${String(error?.RequestId)}</RequestId>, header ${header}`, result.response.exchange);
    }
  }
  context.record('error answers judged', `${judged} of ${probes.length} probes`);
  expectThat('UP-21', 'five requests that must be refused', judged > 0, 'at least one error answer to judge', 'every probe was answered with success');
});
