/**
 * A crash that ends a target's process, reviewed and known. The run cannot go on without the target, so it has no
 * verdict (exit 3); until `cos-conformance run` can restart a crashed target, that outcome is what the target is
 * expected to show, and only when the server's own log holds exactly this crash and nothing the run judged before
 * it broke the expectation file.
 */
export interface KnownCrash {
  readonly what: string;
  /** What the server's log shows when it crashes so (colour codes removed). */
  readonly log: RegExp;
}

/** Stock s3rver 3.7.1: Complete naming a part never uploaded ends its process. */
export const S3RVER_MISSING_PART_CRASH: KnownCrash = {
  what: 'Complete Multipart Upload naming a part never uploaded (UP-25): s3rver opens the part file with no error handler, the ENOENT is an unhandled error event and its process exits',
  log: /Unhandled 'error' event\s+\^\s+Error: ENOENT: no such file or directory, open '[^']*\/\._S3rver_uploads\/[0-9a-f]+\/\d+'/,
};

export interface JudgedRequirement {
  readonly id: string;
  readonly status: string;
  readonly errorKind?: string;
}

/** Why a run that stopped with exit 3 is not the known crash and nothing else; undefined when it is. */
export function unlikeKnownCrash(crash: KnownCrash, serverLog: string, requirements: readonly JudgedRequirement[]): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI colour codes of the server log are stripped
  if (!crash.log.test(serverLog.replace(/\x1b\[[0-9;]*m/g, ''))) return 'the server log does not show the known crash';
  // What would have failed the run had the target lived: a failure not listed, a stale entry, a check stopped short
  // for another reason than the target, an error of the suite.
  const broken = requirements.filter((r) => ['fail', 'unexpected-pass', 'inconclusive', 'skipped'].includes(r.status) || (r.status === 'error' && r.errorKind !== 'target'));
  if (broken.length > 0) return `before the crash: ${broken.map((r) => `${r.id} ${r.status}`).join(', ')}`;
  return undefined;
}
