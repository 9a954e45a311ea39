import { CosApi } from '../api/multipart.js';
import type { Config } from '../config/index.js';
import { Target } from '../http/client.js';
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

export type Preflight = { readonly reachable: true; readonly warnings: readonly string[] } | { readonly reachable: false; readonly reason: string };

/**
 * The run's first request, List Multipart Uploads under the key prefix: it shows whether the target answers at all,
 * whether it accepts the credentials and the bucket, and whether the cleanup sweep will be able to find uploads.
 */
export async function preflight(config: Config): Promise<Preflight> {
  const api = new CosApi(new Target(config));
  try {
    const first = await api.listMultipartUploads(config.keyPrefix, 1);
    const request = `${first.response.exchange.request.method} ${new URL(first.response.exchange.request.url).pathname}${new URL(first.response.exchange.request.url).search}`;
    const refusal = first.error?.code ? REFUSALS[first.error.code] : undefined;
    if (refusal) throw new UsageError(`the target refused the first request (${request}: ${describeAnswer(first)}): ${refusal}`);
    const warnings: string[] = [];
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
