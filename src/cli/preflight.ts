import { type ApiResult, CosApi } from '../api/multipart.js';
import type { Config } from '../config/index.js';
import { Target } from '../http/client.js';
import { ERROR } from '../protocol/error-codes.js';
import { TargetError } from '../http/errors.js';
import { describeAnswer } from '../harness/signals.js';
import { UsageError } from './usage.js';

/** Settings a refusal of the first request points at: a configuration mistake, not a verdict on the target. */
const REFUSALS: Record<string, string> = {
  InvalidAccessKeyId: 'COS_SECRET_ID is not known to the target',
  SignatureDoesNotMatch:
    'the target computed another signature: check COS_SECRET_KEY (and COS_REGION under SigV4); if they are right, the target may canonicalise the request path differently from the SDKs',
  NoSuchBucket: 'COS_BUCKET does not exist on the target',
};

const requestLine = (result: ApiResult<unknown>) => {
  const url = new URL(result.response.exchange.request.url);
  return `${result.response.exchange.request.method} ${url.pathname}${url.search}`;
};

export type Preflight = { readonly reachable: true; readonly warnings: readonly string[] } | { readonly reachable: false; readonly reason: string };

/**
 * The run's first request, List Multipart Uploads under the key prefix: it shows whether the target answers at all,
 * whether it accepts the credentials and the bucket, and whether the cleanup sweep will be able to find uploads.
 * A signature refused there is tried once more on a request with nothing to encode (the prefix holds a `/`, which the
 * SDKs sign as %2F): accepted then, the key is right and the target canonicalises differently, which is said, and
 * the run goes on; refused again, the key is wrong.
 */
export async function preflight(config: Config): Promise<Preflight> {
  const api = new CosApi(new Target(config));
  try {
    const first = await api.listMultipartUploads(config.keyPrefix, 1);
    const request = requestLine(first);
    const warnings: string[] = [];
    if (first.error?.code === ERROR.SignatureDoesNotMatch.code && /[^A-Za-z0-9._~-]/.test(config.keyPrefix)) {
      const plain = await api.listMultipartUploads(undefined, 1);
      if (plain.ok || plain.error?.code !== ERROR.SignatureDoesNotMatch.code) {
        warnings.push(
          `the target refused a correctly signed request whose query holds characters the SDKs encode (${request}: ${describeAnswer(first)}) and accepted one with nothing to encode (${requestLine(plain)}: ${describeAnswer(plain)}): it canonicalises differently from the SDKs, not a wrong key; requests with such characters (the cleanup sweep's listing by prefix) will be refused`,
        );
        return { reachable: true, warnings };
      }
    }
    const refusal = first.error?.code ? REFUSALS[first.error.code] : undefined;
    if (refusal) throw new UsageError(`the target refused the first request (${request}: ${describeAnswer(first)}): ${refusal}`);
    if (!first.ok) warnings.push(`List Multipart Uploads (${request}) answered ${describeAnswer(first)}: uploads this run cannot abort will not be found by the sweep`);
    else if (first.value === undefined) warnings.push(`List Multipart Uploads (${request}) answered 2xx without a ListMultipartUploadsResult: uploads this run cannot abort will not be found by the sweep`);
    return { reachable: true, warnings };
  } catch (error) {
    if (error instanceof TargetError) return { reachable: false, reason: `the target ${config.endpoint?.origin} could not be reached: ${error.message}` };
    throw error;
  } finally {
    await api.target.close();
  }
}
