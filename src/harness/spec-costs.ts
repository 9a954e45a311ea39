import { DEFAULT_MAX_BYTES } from '../config/index.js';

/**
 * What checks and spec files cost, so that they can run side by side without changing a verdict:
 * - each check declares its cost with itself (`check(title, body, { costMiB })`): the most it sent over seeds 1 to 7
 *   at the default 100 cases per property in either profile (the `bytesSent` of the check in conformance.json), plus
 *   a tenth, rounded up; 0.5 for a check that sends next to nothing. It draws on a fixed share of COS_MAX_BYTES in
 *   proportion, never on a pool, so which case a tight allowance skips depends on the seed and the allowance alone,
 *   not on which check happened to send first, nor on which other checks a partial run or a shard left out;
 * - files start longest first, so that running them side by side ends sooner (the order changes no verdict: each
 *   check has its own keys and its own share). `SPEC_SECONDS` is what a file's checks took, one after another, in the
 *   remote profile through a proxy adding 25 ms each way (`npm run bench -- remote`).
 * A test (test/harness/check-costs.test.ts) runs the suite and fails when a check sends more than it declares, or
 * when the declared costs add up to more than COST_SCALE_MIB.
 */
export const SPEC_SECONDS: Readonly<Record<string, number>> = {
  'complete-multipart-upload': 3.8,
  'complete-part-numbers': 1.5,
  'complete-request-headers': 1.5,
  'high-performance-buckets': 0.4,
  's3-bucket-defaults': 0.2,
  's3-checksum-types': 1.0,
  's3-signed-streaming': 0.6,
  'detail-analysis': 13.2,
  'error-codes': 0.4,
  'feature-description': 2.7,
  informational: 1.5,
  'list-parts': 8.1,
  'model-based': 9.2,
  'request-headers': 10.0,
  'request-parameters': 1.7,
  'request-signature': 0.8,
  'response-headers': 2.5,
  's3-checksums': 1.0,
  'server-side-encryption': 0.4,
};

const MiB = 1024 * 1024;

/**
 * The declared costs of all checks together may add up to this much: under the default allowance every check then
 * has twice what it declares, and the shares never add up to more than the allowance.
 */
export const COST_SCALE_MIB = DEFAULT_MAX_BYTES / MiB / 2;

/** The bytes a check that declares `costMiB` may send: its fixed share of the run's allowance. */
export function byteShare(costMiB: number, maxBytes: number): number {
  return Math.floor((maxBytes * costMiB) / COST_SCALE_MIB);
}

/** Spec names, longest first (ties by name), for a fixed start order that finishes a concurrent run soonest. */
export function longestFirst(specs: readonly string[]): string[] {
  const seconds = (spec: string) => SPEC_SECONDS[spec] ?? 0;
  return [...specs].sort((a, b) => seconds(b) - seconds(a) || a.localeCompare(b));
}
