import type { Profile } from '../../config/index.js';
import type { ObservedRequest } from '../../emulator/server.js';
import { parseXml, text } from '../../protocol/xml.js';
import type { ClientRun } from '../run-client.js';
import { type Operation, operationOf } from '../wire.js';

/**
 * What one scenario of a client run left to grade: every request the emulator saw (in the order it answered them),
 * how the client's run ended, and the uploads still open at its end. The grader decides from these alone.
 */
export interface ScenarioRun {
  /** `plain`, the fault in its flag form (`slowdown-on-part=2`), or `serve` for a client started elsewhere. */
  readonly name: string;
  /** The fault names this scenario applied to every upload (besides those an object key asked for). */
  readonly faults: readonly string[];
  readonly requests: readonly ObservedRequest[];
  /** How the client's run ended; absent when the grader did not start the client (serve mode). */
  readonly client?: ClientRun;
  /** Uploads still open when the client's run ended. */
  readonly openUploads: ReadonlyArray<{ readonly key: string; readonly uploadId: string }>;
  readonly profile: Profile;
  /** The command line that runs this scenario again. */
  readonly replay?: string;
}

/** One request of a scenario, with what the grader reads of it. */
export interface Seen {
  readonly run: ScenarioRun;
  /** Position in the scenario's requests: the order the emulator answered them. */
  readonly index: number;
  readonly request: ObservedRequest;
  readonly operation: Operation;
  readonly uploadId: string | undefined;
  readonly partNumber: string | undefined;
}

const query = (r: ObservedRequest, name: string) => r.query.find(([n]) => n === name)?.[1];

export function seenIn(run: ScenarioRun): Seen[] {
  return run.requests.map((request, index) => ({
    run,
    index,
    request,
    operation: operationOf(request),
    uploadId: query(request, 'uploadId'),
    partNumber: query(request, 'partNumber'),
  }));
}

export const faultName = (fault: string | undefined): string | undefined => fault?.split('=')[0];

/** Faults that answer in the handler's place: the request was not handled as sent, so it shows nothing of the rules. */
const INTERFERING = new Set(['slowdown-on-part', 'reset-on-part', 'deny-part']);
export const interfered = (s: Seen): boolean => INTERFERING.has(faultName(s.request.fault) ?? '');

/** The UploadId an Initiate was answered with. */
export function initiatedUploadId(s: Seen): string | undefined {
  if (s.operation !== 'CreateMultipartUpload' || s.request.status !== 200 || !s.request.answerBody) return undefined;
  const result = parseXml(s.request.answerBody)?.InitiateMultipartUploadResult as Record<string, unknown> | undefined;
  return text(result?.UploadId);
}

export const unquoteEtag = (etag: string): string => etag.trim().replace(/^"|"$/g, '').toLowerCase();

/** The ETag each part number was last answered with (200), in one upload, before request `before`. */
export function answeredEtags(
  all: readonly Seen[],
  uploadId: string,
  before: number,
): Map<string, { etag: string; size: number | undefined; seen: Seen }> {
  const etags = new Map<string, { etag: string; size: number | undefined; seen: Seen }>();
  for (const s of all) {
    if (
      s.index >= before ||
      s.operation !== 'UploadPart' ||
      s.uploadId !== uploadId ||
      s.request.status !== 200 ||
      s.partNumber === undefined
    )
      continue;
    const etag = s.request.answer?.ETag ?? s.request.answer?.etag;
    if (etag !== undefined) etags.set(String(Number(s.partNumber)), { etag, size: s.request.received?.length, seen: s });
  }
  return etags;
}

/** Whether a Complete succeeded: 200 with a result, not an <Error> in a 200 body. */
export const completed = (s: Seen): boolean =>
  s.operation === 'CompleteMultipartUpload' &&
  s.request.status === 200 &&
  !/<Error>/.test(s.request.answerBody ?? '') &&
  s.request.fault?.startsWith('complete-error') !== true;

/** How a client's run ended, in words. */
export function ending(run: ScenarioRun): string {
  const c = run.client;
  if (!c) return 'the client was started elsewhere (serve mode)';
  return c.timedOut ? `the client was stopped at its timeout after ${Math.round(c.ms / 1000)} s` : `the client exited ${c.code}`;
}
