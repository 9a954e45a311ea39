/**
 * What each check and each spec file cost, measured, so that checks and files can run side by side without
 * changing a verdict:
 * - each check draws on a fixed share of COS_MAX_BYTES, never on a pool, so which case a tight allowance skips
 *   depends on the seed and the allowance alone, not on which check happened to send first;
 * - files start longest first, so that running them side by side ends sooner (the order changes no verdict: each
 *   check has its own keys and its own share).
 *
 * `checksMib` holds, per check in declaration order, the most it sent over seeds 1 to 7 under the default 100
 * cases per property in either profile (the `bytesSent` of the check in conformance.json), plus a tenth, rounded
 * up; checks that send next to nothing get 0.5. `seconds` is what a file's checks took, one after another, in
 * the remote profile through a proxy adding 25 ms each way (`npm run bench -- remote`). A test keeps this table
 * covering every check of every spec file.
 */
export const SPEC_COSTS: Readonly<Record<string, { readonly seconds: number; readonly checksMib: readonly number[] }>> = {
  'complete-multipart-upload': { seconds: 3.8, checksMib: [11, 0.5, 0.5, 0.5, 8, 6, 6, 0.5] },
  'detail-analysis': { seconds: 13.2, checksMib: [0.5, 0.5, 0.5, 39, 0.5, 43, 0.5, 0.5, 0.5, 0.5] },
  'error-codes': { seconds: 0.4, checksMib: [0.5] },
  'feature-description': { seconds: 2.7, checksMib: [0.5, 11, 23, 0.5] },
  informational: { seconds: 1.5, checksMib: [6, 0.5, 0.5, 6, 0.5] },
  'list-parts': { seconds: 8.1, checksMib: [0.5, 0.5] },
  'model-based': { seconds: 9.2, checksMib: [0.5, 0.5] },
  'request-headers': { seconds: 10.0, checksMib: [0.5, 0.5, 44, 0.5, 0.5, 6, 0.5] },
  'request-parameters': { seconds: 1.7, checksMib: [0.5, 0.5, 0.5] },
  'request-signature': { seconds: 0.8, checksMib: [0.5, 0.5] },
  'response-headers': { seconds: 2.5, checksMib: [0.5, 35, 0.5, 0.5, 0.5, 24] },
  's3-checksums': { seconds: 1.0, checksMib: [21, 0.5, 5] },
  'server-side-encryption': { seconds: 0.4, checksMib: [0.5] },
};

const TOTAL_MIB = Object.values(SPEC_COSTS).reduce((sum, cost) => sum + cost.checksMib.reduce((a, b) => a + b, 0), 0);

/**
 * The bytes the check at `index` of a spec file may send: its fixed share of the run's allowance. With the
 * default 768 MiB every check has about twice the most it was seen to send; shares do not grow when other checks
 * are filtered out, so a partial run, a shard and a whole run skip exactly the same cases.
 */
export function byteShare(spec: string, index: number, maxBytes: number): number {
  const mib = SPEC_COSTS[spec]?.checksMib[index] ?? 0.5;
  return Math.floor((maxBytes * mib) / TOTAL_MIB);
}

/** Spec names, longest first (ties by name), for a fixed start order that finishes a concurrent run soonest. */
export function longestFirst(specs: readonly string[]): string[] {
  const seconds = (spec: string) => SPEC_COSTS[spec]?.seconds ?? 0;
  return [...specs].sort((a, b) => seconds(b) - seconds(a) || a.localeCompare(b));
}
