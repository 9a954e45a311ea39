import { clientRequirement } from '../../catalogue/client-requirements.js';
import { readCompleteRequest } from '../../protocol/documents.js';
import { foldSequence } from '../wire.js';
import { Judging } from './judging.js';
import { answeredEtags, completed, ending, initiatedUploadId, type ScenarioRun, type Seen, unquoteEtag } from './session.js';

/**
 * The rules of one upload as a whole: what its parts must carry because of how it was initiated (CL-08, CL-09),
 * what Complete names (CL-10), and that an upload the client gives up is aborted (CL-13).
 */

const SSE_C = /^x-(cos|amz)-server-side-encryption-customer-(algorithm|key|key-md5)$/;
const customerHeaders = (s: Seen) => Object.entries(s.request.headers).filter(([n]) => SSE_C.test(n));
const keyMd5Of = (s: Seen) => customerHeaders(s).find(([n]) => n.endsWith('-key-md5'))?.[1];

/** Each upload a run initiated (answered 200), with its Initiate. */
function initiated(run: readonly Seen[]): Array<{ uploadId: string; initiate: Seen }> {
  return run.flatMap((s) => {
    const uploadId = initiatedUploadId(s);
    return uploadId ? [{ uploadId, initiate: s }] : [];
  });
}

// CL-08
export function sseCustomerOnParts(runs: ReadonlyArray<readonly Seen[]>): Judging {
  const j = new Judging(clientRequirement('CL-08'), 'CL-08 every part of an SSE-C upload carries the customer key it was initiated with');
  for (const run of runs) {
    for (const { uploadId, initiate } of initiated(run)) {
      const keyMd5 = keyMd5Of(initiate);
      if (keyMd5 === undefined) continue;
      for (const part of run.filter((s) => s.operation === 'UploadPart' && s.uploadId === uploadId)) {
        const names = customerHeaders(part).map(([n]) => n.replace(/^x-(cos|amz)-server-side-encryption-customer-/, ''));
        const complete = ['algorithm', 'key', 'key-md5'].every((n) => names.includes(n));
        j.judge(complete && keyMd5Of(part) === keyMd5, part, {
          expected: `the customer algorithm, key and key MD5 of the Initiate (key MD5 ${keyMd5})`,
          actual:
            names.length === 0
              ? 'no customer-key header'
              : `${names.join(', ')}${keyMd5Of(part) !== keyMd5 ? `, key MD5 ${keyMd5Of(part) ?? '(none)'}` : ''}`,
        });
      }
    }
  }
  return j;
}

const checksumHeaderOf = (s: Seen): string | undefined =>
  s.request.checksum?.header ??
  Object.keys(s.request.headers).find(
    (n) => n.startsWith('x-amz-checksum-') && n !== 'x-amz-checksum-algorithm' && n !== 'x-amz-checksum-type',
  ) ??
  (s.request.headers['x-amz-trailer'] ? s.request.headers['x-amz-trailer'].trim().toLowerCase() : undefined);

// CL-09
export function checksumAlgorithmKept(runs: ReadonlyArray<readonly Seen[]>): Judging {
  const j = new Judging(clientRequirement('CL-09'), 'CL-09 a part that carries a checksum uses the algorithm its Initiate named');
  for (const run of runs) {
    for (const { uploadId, initiate } of initiated(run)) {
      const algorithm = initiate.request.headers['x-amz-checksum-algorithm'];
      if (algorithm === undefined) continue;
      const wanted = `x-amz-checksum-${algorithm.trim().toLowerCase()}`;
      for (const part of run.filter((s) => s.operation === 'UploadPart' && s.uploadId === uploadId)) {
        const carried = checksumHeaderOf(part);
        if (carried === undefined) continue;
        j.judge(carried === wanted, part, { expected: `${wanted} (Initiate named ${algorithm})`, actual: carried });
      }
    }
  }
  return j;
}

// CL-10
export function completeList(runs: ReadonlyArray<readonly Seen[]>): Judging {
  const j = new Judging(
    clientRequirement('CL-10'),
    'CL-10 Complete names each part once, ascending, with the ETag answered to its last upload',
  );
  for (const run of runs) {
    for (const complete of run.filter((s) => s.operation === 'CompleteMultipartUpload' && s.uploadId !== undefined)) {
      if (complete.request.body === undefined) {
        j.note(
          `a Complete the emulator answered before reading its body (${complete.request.status} ${complete.request.code ?? ''}) is not judged`,
        );
        continue;
      }
      const listed = readCompleteRequest(complete.request.body);
      if (typeof listed === 'string') {
        j.fail(complete, {
          expected: 'a CompleteMultipartUpload naming the parts, each with PartNumber and ETag',
          actual: `a body that is ${listed}`,
        });
        continue;
      }
      const numbers = listed.parts.map((p) => p.partNumber);
      const ascending = numbers.every((n, i) => i === 0 || Number(n) > Number(numbers[i - 1]));
      j.judge(ascending, complete, { expected: 'part numbers strictly ascending, each once', actual: `parts ${numbers.join(', ')}` });
      const answered = answeredEtags(run, complete.uploadId!, complete.index);
      for (const entry of listed.parts) {
        const got = answered.get(String(Number(entry.partNumber)));
        j.judge(got !== undefined && unquoteEtag(got.etag) === unquoteEtag(entry.etag), complete, {
          expected: got
            ? `part ${entry.partNumber} with ETag ${got.etag} (the answer to its last upload, request ${got.seen.index + 1})`
            : `only parts the server stored (part ${entry.partNumber} was never answered 200)`,
          actual: `part ${entry.partNumber} with ETag ${entry.etag}`,
        });
      }
    }
  }
  return j;
}

// CL-13
export function abandonedUploadsAborted(runs: readonly ScenarioRun[], seen: ReadonlyArray<readonly Seen[]>): Judging {
  const j = new Judging(clientRequirement('CL-13'), 'CL-13 an upload the client gives up is aborted: none is left open');
  runs.forEach((run, i) => {
    const all = seen[i]!;
    for (const open of run.openUploads) {
      const mine = all.filter((s) => s.uploadId === open.uploadId || initiatedUploadId(s) === open.uploadId);
      j.fail(mine.at(-1), {
        case: `scenario ${run.name}: upload ${open.uploadId.slice(0, 12)}… of ${open.key}`,
        sent: `the client's requests on this upload: ${foldSequence(mine.map((s) => (s.request.status >= 300 || s.request.status === 0 ? `${s.operation}(${s.request.status})` : s.operation)))}`,
        expected: 'the upload completed, or aborted once the client gave it up',
        actual: `still open when the client's run ended (${ending(run)})`,
      });
    }
    const open = new Set(run.openUploads.map((u) => u.uploadId));
    for (const { uploadId } of initiated(all)) {
      if (open.has(uploadId) || all.some((s) => s.uploadId === uploadId && completed(s))) continue;
      const abort = all.find((s) => s.operation === 'AbortMultipartUpload' && s.uploadId === uploadId && s.request.status < 300);
      if (abort) j.hold();
    }
  });
  return j;
}
