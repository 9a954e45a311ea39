import { CLIENT_REQUIREMENTS, type ClientRequirement } from '../../catalogue/client-requirements.js';
import type { CheckOutcome, CheckStatus } from '../../outcomes/check-outcome.js';
import {
  backOff,
  completeErrorIsFailure,
  retryAfterReset,
  retryAfterSlowDown,
  slowAnswers,
  slowCompleteWaited,
  wrongCrc64Reaction,
  wrongEtagReaction,
} from './faults.js';
import type { Judging } from './judging.js';
import {
  contentLength,
  contentMd5,
  crc64Sent,
  integrityValues,
  partNumbers,
  partSizes,
  signatures,
  unjudgedIntegrity,
} from './requests.js';
import { faultName, type ScenarioRun, type Seen, seenIn } from './session.js';
import { abandonedUploadsAborted, checksumAlgorithmKept, completeList, sseCustomerOnParts } from './upload.js';

export type { ScenarioRun } from './session.js';

type Otherwise = { status: Exclude<CheckStatus, 'pass' | 'fail' | 'recorded'>; reason: string };

/**
 * Grades a client on what its scenarios recorded: one check per requirement of the client catalogue, in catalogue
 * order. A requirement is never passed on what never exercised it: a rule about a header the client never sent is
 * not applicable, one about a fault no scenario asked for is not run, and a fault that was asked for but never met
 * a request (a client that sent no part 2) leaves its requirement inconclusive.
 */
export function gradeClient(runs: readonly ScenarioRun[]): CheckOutcome[] {
  const perRun = runs.map(seenIn);
  const all = perRun.flat();
  const partsSent = all.some((s) => s.operation === 'UploadPart');
  const noPart: Otherwise = { status: 'inconclusive', reason: 'the client sent no Upload Part in any scenario' };
  const profiles = new Set(runs.map((r) => r.profile));
  const plain = runs.find((r) => r.name === 'plain');

  /** Where a fault requirement stands when it judged nothing: asked for and never met, or never asked for. */
  const faultOtherwise = (rule: ClientRequirement): Otherwise | 'not-run' => {
    const names = (rule.scenarios ?? []).map(faultName);
    const asked = runs.some((r) => r.faults.some((f) => names.includes(faultName(f))));
    if (!asked) return 'not-run';
    const what = names.map((n) => `${n}`).join(' or ');
    return { status: 'inconclusive', reason: `the fault ${what} was asked for but never met a request: ${neverMet(names[0]!, all)}` };
  };

  const graders: Record<string, () => { judging: Judging; otherwise: Otherwise | 'not-run' }> = {
    'CL-01': () => ({ judging: contentLength(all), otherwise: noPart }),
    'CL-02': () => ({ judging: partNumbers(all), otherwise: noPart }),
    'CL-03': () => ({
      judging: partSizes(all),
      otherwise: { status: 'inconclusive', reason: 'no Complete named parts whose sizes the emulator received' },
    }),
    'CL-04': () => ({
      judging: contentMd5(all),
      otherwise: partsSent ? unjudgedIntegrity(all, (s) => s.request.headers['content-md5'] !== undefined, 'Content-MD5') : noPart,
    }),
    'CL-05': () => ({
      judging: crc64Sent(all),
      otherwise: partsSent
        ? unjudgedIntegrity(all, (s) => s.request.headers['x-cos-hash-crc64ecma'] !== undefined, 'x-cos-hash-crc64ecma')
        : noPart,
    }),
    'CL-06': () => ({
      judging: integrityValues(all),
      otherwise: partsSent
        ? unjudgedIntegrity(
            all,
            (s) =>
              /^[0-9a-f]{64}$/.test(s.request.headers['x-amz-content-sha256'] ?? '') ||
              (s.run.profile === 's3' &&
                (Object.keys(s.request.headers).some((n) => n.startsWith('x-amz-checksum-') && n !== 'x-amz-checksum-algorithm') ||
                  s.request.headers['x-amz-trailer'] !== undefined)),
            'an x-amz-checksum-*, a trailer checksum or a hex x-amz-content-sha256',
          )
        : noPart,
    }),
    'CL-07': () => ({ judging: signatures(all), otherwise: { status: 'inconclusive', reason: 'the client sent no request' } }),
    'CL-08': () => ({
      judging: sseCustomerOnParts(perRun),
      otherwise: {
        status: 'not-applicable',
        reason: 'no upload was initiated with SSE-C (give the client a customer key, over HTTPS, to judge it)',
      },
    }),
    'CL-09': () => ({
      judging: checksumAlgorithmKept(perRun),
      otherwise: {
        status: 'not-applicable',
        reason: profiles.has('s3')
          ? 'no Initiate named x-amz-checksum-algorithm, or no part of such an upload carried a checksum'
          : 'S3 profile only',
      },
    }),
    'CL-10': () => ({
      judging: completeList(perRun),
      otherwise: { status: 'inconclusive', reason: 'the client sent no Complete the emulator read' },
    }),
    'CL-11': () => ({ judging: wrongEtagReaction(all), otherwise: faultOtherwise(rule('CL-11')) }),
    'CL-12': () => ({
      judging: wrongCrc64Reaction(all),
      otherwise: profiles.has('cos')
        ? faultOtherwise(rule('CL-12'))
        : { status: 'not-applicable', reason: 'COS profile only: S3 has no CRC-64/ECMA-182' },
    }),
    'CL-13': () => {
      const otherwise = faultOtherwise(rule('CL-13'));
      return {
        judging: abandonedUploadsAborted(runs, perRun),
        otherwise:
          otherwise === 'not-run'
            ? otherwise
            : { status: 'inconclusive', reason: 'no upload of the client failed, so none needed aborting' },
      };
    },
    'CL-14': () => ({ judging: retryAfterSlowDown(all), otherwise: faultOtherwise(rule('CL-14')) }),
    'CL-15': () => ({ judging: retryAfterReset(all), otherwise: faultOtherwise(rule('CL-15')) }),
    'CL-16': () => ({ judging: backOff(all), otherwise: faultOtherwise(rule('CL-16')) }),
    'CL-17': () => ({ judging: completeErrorIsFailure(all), otherwise: faultOtherwise(rule('CL-17')) }),
    'CL-18': () => ({ judging: slowCompleteWaited(all, plain), otherwise: faultOtherwise(rule('CL-18')) }),
    'CL-19': () => ({ judging: slowAnswers(all), otherwise: faultOtherwise(rule('CL-19')) }),
  };

  const usage = { requests: all.length, bytesSent: all.reduce((sum, s) => sum + (s.request.received?.length ?? 0), 0) };
  return CLIENT_REQUIREMENTS.flatMap((requirement, index) => {
    const grader = graders[requirement.id];
    if (!grader) throw new Error(`no grader for ${requirement.id}: add one to src/clients/grade/index.ts`);
    const { judging, otherwise } = grader();
    if (otherwise === 'not-run' && !judging.saidAnything) return [];
    return [
      judging.outcome(
        index,
        otherwise === 'not-run' ? { status: 'not-run', reason: 'its scenario was not run' } : otherwise,
        index === 0 ? usage : undefined,
      ),
    ];
  });
}

const rule = (id: string): ClientRequirement => CLIENT_REQUIREMENTS.find((r) => r.id === id)!;

/** Why a fault asked for met no request: what it waits for, and what the client sent instead. */
function neverMet(name: string, all: readonly Seen[]): string {
  const completes = all.filter((s) => s.operation === 'CompleteMultipartUpload').length;
  const parts = [...new Set(all.filter((s) => s.operation === 'UploadPart').map((s) => s.partNumber))];
  if (name === 'complete-error' || name === 'slow-complete')
    return completes === 0 ? 'the client sent no Complete' : `${completes} Complete(s) the fault did not apply to`;
  if (name === 'slow-parts') return 'the client sent no Upload Part';
  return parts.length === 0 ? 'the client sent no Upload Part' : `the client sent parts ${parts.join(', ')} only`;
}
