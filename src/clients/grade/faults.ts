import { clientRequirement } from '../../catalogue/client-requirements.js';
import { readCompleteRequest } from '../../protocol/documents.js';
import { Judging } from './judging.js';
import { completed, ending, faultName, type ScenarioRun, type Seen, unquoteEtag } from './session.js';

/**
 * What a client does when the server misbehaves in one named way (src/emulator/faults.ts): each requirement looks
 * for the requests a fault met, in whatever scenario or key asked for it, and at what the client did after.
 */

const faulted = (all: readonly Seen[], name: string) => all.filter((s) => faultName(s.request.fault) === name);
const after = (all: readonly Seen[], s: Seen) => all.filter((x) => x.run === s.run && x.index > s.index);
const sameKey = (a: Seen, b: Seen) => a.request.key === b.request.key;
const later = (all: readonly Seen[], s: Seen, ...ops: Seen['operation'][]) =>
  after(all, s).filter((x) => x.uploadId === s.uploadId && ops.includes(x.operation));

/** Whether the client read the object back (GET or HEAD of the key) after `s`, before any Complete that succeeded. */
const readAsDone = (all: readonly Seen[], s: Seen) =>
  after(all, s).find((x) => sameKey(x, s) && (x.operation === 'GetObject' || x.operation === 'HeadObject'));

/**
 * CL-14, CL-15: the attempt a transient fault met is followed, before Complete, by the same part number to the same
 * upload, and by no new Initiate of the key.
 */
function retriedPart(id: 'CL-14' | 'CL-15', title: string, fault: string, what: string, all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement(id), title);
  for (const hit of faulted(all, fault)) {
    const rest = after(all, hit);
    const completeAt = rest.find((x) => x.uploadId === hit.uploadId && x.operation === 'CompleteMultipartUpload');
    const retry = rest.find(
      (x) =>
        x.operation === 'UploadPart' &&
        x.uploadId === hit.uploadId &&
        x.partNumber === hit.partNumber &&
        (!completeAt || x.index < completeAt.index),
    );
    const reinitiated = rest.find((x) => x.operation === 'CreateMultipartUpload' && sameKey(x, hit) && (!retry || x.index < retry.index));
    j.judge(retry !== undefined && reinitiated === undefined, reinitiated ?? hit, {
      expected: `part ${hit.partNumber} sent again to the same UploadId, before Complete, after ${what}`,
      actual: reinitiated
        ? `a new upload of the key initiated (request ${reinitiated.index + 1})${retry ? '' : ', and the part never sent again to the first'}`
        : `part ${hit.partNumber} never sent again to that upload${completeAt ? ' before Complete' : ''} (${ending(hit.run)})`,
    });
  }
  return j;
}

export const retryAfterSlowDown = (all: readonly Seen[]) =>
  retriedPart('CL-14', 'CL-14 a part answered 503 SlowDown is sent again to the same upload', 'slowdown-on-part', '503 SlowDown', all);
export const retryAfterReset = (all: readonly Seen[]) =>
  retriedPart(
    'CL-15',
    'CL-15 a part whose connection was reset is sent again to the same upload',
    'reset-on-part',
    'the connection was reset mid-body',
    all,
  );

// CL-16
export function backOff(all: readonly Seen[]): Judging {
  const j = new Judging(
    clientRequirement('CL-16'),
    'CL-16 how long the client waits before sending a part again after SlowDown or a reset',
  );
  for (const fault of ['slowdown-on-part', 'reset-on-part']) {
    for (const hit of faulted(all, fault)) {
      const attempts = all.filter(
        (x) => x.run === hit.run && x.operation === 'UploadPart' && x.uploadId === hit.uploadId && x.partNumber === hit.partNumber,
      );
      const next = attempts.find((x) => x.index > hit.index);
      const waited =
        next?.request.startedAt !== undefined && hit.request.answeredAt !== undefined
          ? `${next.request.startedAt - hit.request.answeredAt} ms after the fault`
          : 'never';
      j.observe(
        `${hit.request.fault} (scenario ${hit.run.name})`,
        `${attempts.length} attempt(s) at part ${hit.partNumber}; sent again ${waited}`,
      );
    }
  }
  return j;
}

// CL-17
export function completeErrorIsFailure(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-17'), 'CL-17 a Complete answered 200 with an <Error> body is taken as a failure');
  for (const hit of faulted(all, 'complete-error')) {
    const success = later(all, hit, 'CompleteMultipartUpload').find(completed);
    const abort = later(all, hit, 'AbortMultipartUpload')[0];
    const read = readAsDone(all, hit);
    const exit = hit.run.client?.code;
    const tookItForDone = (read !== undefined && (!success || read.index < success.index)) || (!success && !abort && exit === 0);
    j.judge(!tookItForDone, read ?? hit, {
      expected: 'Complete sent again, or the upload aborted, or the failure reported: no success without a Complete that succeeded',
      actual: read
        ? `the object read back (request ${read.index + 1}) as if the upload were done`
        : `the client ended successfully (exit 0) with no Complete that succeeded`,
    });
  }
  return j;
}

// CL-18
export function slowCompleteWaited(all: readonly Seen[], plain: ScenarioRun | undefined): Judging {
  const j = new Judging(
    clientRequirement('CL-18'),
    'CL-18 a Complete kept alive with spaces while it merges is waited for and its result read',
  );
  for (const hit of faulted(all, 'slow-complete')) {
    const again = later(all, hit, 'CompleteMultipartUpload', 'AbortMultipartUpload')[0];
    const client = hit.run.client;
    const failed = client !== undefined && (client.timedOut || client.code !== 0);
    if (!again && failed && plain?.client && plain.client.code !== 0) {
      j.note(`the client also fails without the fault (scenario plain: ${ending(plain)}): its failure here is not judged`);
      continue;
    }
    j.judge(!again && !failed, again ?? hit, {
      expected: 'the result read after the spaces: no second Complete, no Abort, the client ends successfully',
      actual: again
        ? `${again.operation} sent after the kept-alive Complete (answered ${again.request.status} ${again.request.code ?? ''})`
        : ending(hit.run),
    });
  }
  return j;
}

/** What the client did after an integrity answer that does not match what it sent (CL-11, CL-12). */
function reaction(all: readonly Seen[], hit: Seen, wrongEtag: string | undefined): string {
  const resent = later(all, hit, 'UploadPart').find((x) => x.partNumber === hit.partNumber);
  const completes = later(all, hit, 'CompleteMultipartUpload');
  const abort = later(all, hit, 'AbortMultipartUpload')[0];
  const namedWrong =
    wrongEtag !== undefined &&
    completes.find((c) => {
      const listed = c.request.body === undefined ? 'malformed' : readCompleteRequest(c.request.body);
      return (
        typeof listed !== 'string' &&
        listed.parts.some((p) => Number(p.partNumber) === Number(hit.partNumber) && unquoteEtag(p.etag) === unquoteEtag(wrongEtag))
      );
    });
  if (resent && (!completes[0] || resent.index < completes[0].index))
    return `sent part ${hit.partNumber} again before Complete (request ${resent.index + 1})`;
  if (namedWrong) return `completed naming the wrong ETag (answered ${namedWrong.request.status} ${namedWrong.request.code ?? ''})`.trim();
  if (completes.some(completed)) return 'completed the upload without sending the part again';
  if (abort) return 'aborted the upload';
  return `stopped: ${ending(hit.run)}`;
}

// CL-11
export function wrongEtagReaction(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-11'), 'CL-11 what the client does when a part is answered with an ETag of other bytes');
  for (const hit of faulted(all, 'wrong-etag-on-part')) {
    j.observe(`${hit.request.fault} (scenario ${hit.run.name})`, reaction(all, hit, hit.request.answer?.ETag));
  }
  return j;
}

// CL-12
export function wrongCrc64Reaction(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-12'), 'CL-12 what the client does when a part is answered with a wrong x-cos-hash-crc64ecma');
  for (const hit of faulted(all, 'wrong-crc64-on-part'))
    j.observe(`${hit.request.fault} (scenario ${hit.run.name})`, reaction(all, hit, undefined));
  return j;
}

// CL-19
export function slowAnswers(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-19'), 'CL-19 whether the client waits for Upload Part answers that come late');
  const runs = [...new Set(faulted(all, 'slow-parts').map((s) => s.run))];
  for (const run of runs) {
    const slow = faulted(all, 'slow-parts').filter((s) => s.run === run);
    const attempts = new Map<string, number>();
    for (const s of all.filter((x) => x.run === run && x.operation === 'UploadPart'))
      attempts.set(`${s.uploadId} ${s.partNumber}`, (attempts.get(`${s.uploadId} ${s.partNumber}`) ?? 0) + 1);
    const resent = [...attempts.values()].filter((n) => n > 1).length;
    const abandoned = all.filter((x) => x.run === run && x.operation === 'UploadPart' && x.request.status === 0).length;
    j.observe(
      `${slow[0]!.request.fault} (scenario ${run.name})`,
      `${slow.length} part answer(s) delayed; ${resent} part(s) sent more than once; ${abandoned} attempt(s) abandoned before the answer; ${ending(run)}`,
    );
  }
  return j;
}
