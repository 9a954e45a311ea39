import { CosApi } from '../api/multipart.js';
import type { Config } from '../config/index.js';
import { inParallel } from '../harness/in-parallel.js';
import { describeAnswer } from '../harness/signals.js';
import { Target } from '../http/client.js';
import { asArray, parseXml, text } from '../protocol/xml.js';

const SWEEP_CALLS_AT_ONCE = 4;

export interface SweepResult {
  /** Why uploads could not be listed, when they could not: then none were aborted. */
  readonly listing?: string;
  readonly uploads: ReadonlyArray<{ key: string; uploadId: string; aborted: boolean; reason?: string }>;
  readonly objects: ReadonlyArray<{ key: string; deleted: boolean; reason?: string }>;
}

/**
 * Aborts multipart uploads and deletes objects under `prefix`, and nothing outside it: the safety net behind
 * every session's own cleanup (a crashed worker, an interrupted run, an earlier run).
 */
export async function sweep(config: Config, prefix: string, options: { dryRun?: boolean; objects?: boolean } = {}): Promise<SweepResult> {
  if (!prefix.startsWith(config.keyPrefix)) throw new Error(`refusing to sweep "${prefix}" outside COS_KEY_PREFIX "${config.keyPrefix}"`);
  const api = new CosApi(new Target({ ...config, maxBytes: Number.MAX_SAFE_INTEGER }));
  try {
    const listed = await api.listMultipartUploads(prefix);
    const listing = !listed.ok
      ? `List Multipart Uploads answered ${describeAnswer(listed)}`
      : listed.value === undefined
        ? 'List Multipart Uploads answered without a ListMultipartUploadsResult'
        : undefined;
    // Four calls in flight, as a session's own cleanup keeps: against a distant target, after an interrupted run
    // that left dozens of uploads, one at a time took 10 s at 100 ms a round trip.
    const found = (listed.value ?? []).filter((u) => u.key.startsWith(prefix));
    const uploads = await inParallel(found, SWEEP_CALLS_AT_ONCE, async (upload) => {
      if (options.dryRun) return { key: upload.key, uploadId: upload.uploadId, aborted: false };
      const result = await api.abort(upload.key, upload.uploadId);
      return {
        key: upload.key,
        uploadId: upload.uploadId,
        aborted: result.ok,
        ...(result.ok ? {} : { reason: `Abort answered ${describeAnswer(result)}` }),
      };
    });
    const keys = options.objects === false ? [] : await listObjectKeys(api, prefix);
    const objects = await inParallel(keys, SWEEP_CALLS_AT_ONCE, async (key) => {
      if (options.dryRun) return { key, deleted: false };
      const result = await api.deleteObject(key);
      return { key, deleted: result.ok, ...(result.ok ? {} : { reason: `DELETE answered ${describeAnswer(result)}` }) };
    });
    return { ...(listing ? { listing } : {}), uploads, objects };
  } finally {
    await api.target.close();
  }
}

async function listObjectKeys(api: CosApi, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let marker: string | undefined;
  for (let page = 0; page < 100; page++) {
    const query: Array<[string, string | undefined]> = [['prefix', prefix]];
    if (marker) query.push(['marker', marker]);
    const response = await api.target.send({ method: 'GET', query });
    if (response.status !== 200) break;
    const list = parseXml(response.body.toString('utf8'))?.ListBucketResult as Record<string, unknown> | undefined;
    const contents = asArray(list?.Contents as Record<string, unknown> | Array<Record<string, unknown>> | undefined);
    const pageKeys = contents.map((c) => text(c.Key) ?? '').filter((k) => k.startsWith(prefix));
    keys.push(...pageKeys);
    if (text(list?.IsTruncated) !== 'true' || pageKeys.length === 0) break;
    marker = text(list?.NextMarker) ?? pageKeys[pageKeys.length - 1];
  }
  return keys;
}
