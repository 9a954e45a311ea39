/**
 * Upload Part, "Error codes": the API uses the common error codes of doc 7730, whose body is an application/xml
 * <Error> with Code, Message, Resource, RequestId and TraceId; RequestId matches x-cos-request-id.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { parseXml } from '../src/protocol/xml.js';

conformanceSpec(import.meta.url);

check(
  'UP-21 error answers to Upload Part (unknown upload, partNumber 0, bad digest, unsigned) and GET of a missing object: each an XML <Error> with Code, Message, RequestId',
  async (t) => {
    const key = t.key('errors');
    const uploadId = await t.given.initiate(key);
    const probes: Array<[string, () => Promise<ApiResult<unknown>>]> = [
      ['Upload Part with an unknown UploadId', () => t.api.uploadPart(key, 'no-such-upload-id', 1, { seed: 1, length: 8 })],
      ['Upload Part with partNumber=0', () => t.api.uploadPart(key, uploadId, 0, { seed: 1, length: 8 })],
      [
        'Upload Part with a malformed Content-MD5',
        () => t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 8 }, { contentMd5: 'not-base64!' }),
      ],
      ['Upload Part without Authorization', () => t.api.uploadPart(key, uploadId, 1, { seed: 1, length: 8 }, { auth: { mode: 'none' } })],
      ['GET of an object that does not exist', () => t.api.getObject(t.key('missing'))],
    ];
    for (const [sent, send] of probes) {
      await t.case(sent, async () => {
        const result = await send();
        // A probe the target does not refuse shows no error document (its own requirement judges the refusal).
        if (result.status < 400) return t.unjudged(`${sent} was answered ${result.status}`);
        t.expectHeader(sent, result, 'Content-Type', /^application\/xml\b/);
        const body = result.response.body.toString('utf8');
        const error = parseXml(body)?.Error as Record<string, unknown> | undefined;
        t.expectThat(sent, !!error, 'an <Error> document', body.slice(0, 200) || '(empty body)', result.response.exchange);
        for (const field of ['Code', 'Message', 'RequestId']) {
          const value = error?.[field];
          const present = typeof value === 'string' && value.length > 0;
          t.expectThat(
            sent,
            present,
            `<Error> with a non-empty <${field}>`,
            `<${field}> ${present ? 'present' : 'missing or empty'}`,
            result.response.exchange,
          );
        }
        const header = result.response.headers[t.dialect.requestIdHeader];
        if (header !== undefined) {
          t.expectThat(
            sent,
            error?.RequestId === header,
            `<RequestId> equal to ${t.dialect.requestIdHeader}`,
            `<RequestId>${String(error?.RequestId)}</RequestId>, header ${header}`,
            result.response.exchange,
          );
        }
      });
    }
  },
  { costMiB: 0.5 },
);
