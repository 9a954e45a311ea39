/**
 * What each spec file costs, measured, so that spec files can run side by side without changing a verdict:
 * - each file draws on a fixed share of COS_MAX_BYTES, never on a pool, so which case a tight allowance skips
 *   depends on the seed and the allowance alone, not on which file happened to send first;
 * - files start longest first, so that running them side by side ends sooner (the order of files changes no
 *   verdict: each has its own keys and its own share).
 *
 * `mib` is the most a file sent over seeds 1 to 7 (the files split from detail-analysis and request-headers: seeds 1 to 5) under the default 100 cases per property, in either profile (the
 * `bytesSent` of its checks in conformance.json), rounded up; files that send next to nothing get 1. `seconds` is
 * what its checks took in the remote profile through a proxy adding 25 ms each way (`npm run bench -- remote`).
 * A test keeps this table covering every spec file.
 */
export const SPEC_COSTS: Readonly<Record<string, { readonly mib: number; readonly seconds: number }>> = {
  'complete-multipart-upload': { mib: 20, seconds: 3.8 },
  'detail-analysis': { mib: 36, seconds: 5.2 },
  'detail-analysis-overwrites': { mib: 45, seconds: 8.0 },
  'error-codes': { mib: 1, seconds: 0.4 },
  'feature-description': { mib: 31, seconds: 2.7 },
  informational: { mib: 10, seconds: 1.5 },
  'list-parts': { mib: 1, seconds: 8.1 },
  'model-based': { mib: 1, seconds: 9.2 },
  'request-headers': { mib: 39, seconds: 5.1 },
  'request-headers-content-length': { mib: 5, seconds: 4.9 },
  'request-parameters': { mib: 1, seconds: 1.7 },
  'request-signature': { mib: 1, seconds: 0.8 },
  'response-headers': { mib: 42, seconds: 2.5 },
  's3-checksums': { mib: 21, seconds: 1.0 },
  'server-side-encryption': { mib: 1, seconds: 0.4 },
};

const TOTAL_MIB = Object.values(SPEC_COSTS).reduce((sum, cost) => sum + cost.mib, 0);

/**
 * The bytes a spec file may send: its fixed share of the run's allowance. With the default 512 MiB every file has
 * about twice the most it was seen to send; shares do not grow when other files are filtered out, so a partial
 * run, a shard and a whole run skip exactly the same cases.
 */
export function byteShare(spec: string, maxBytes: number): number {
  const mib = SPEC_COSTS[spec]?.mib ?? 1;
  return Math.floor((maxBytes * mib) / TOTAL_MIB);
}

/** Spec names, longest first (ties by name), for a fixed start order that finishes a concurrent run soonest. */
export function longestFirst(specs: readonly string[]): string[] {
  const seconds = (spec: string) => SPEC_COSTS[spec]?.seconds ?? 0;
  return [...specs].sort((a, b) => seconds(b) - seconds(a) || a.localeCompare(b));
}
