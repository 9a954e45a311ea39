import type fc from 'fast-check';
import { DigestAccumulator, bodyChunks, type BodyDigest, type BodySpec } from '../http/body.js';
import { expectAnswer } from './expect.js';
import { forAll } from './property.js';
import { ConformanceFailure, describeAnswer } from './failure.js';
import type { Session } from './session.js';

/** Steps many checks share. Each failure is charged to the requirement the caller names. */

export interface UploadedPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly body: BodySpec;
}

/** Uploads one part and insists on a 200 with an ETag (charged to `requirementId`). */
export async function uploadOk(session: Session, requirementId: string, key: string, uploadId: string, partNumber: number, body: BodySpec): Promise<UploadedPart> {
  const result = await session.api.uploadPart(key, uploadId, partNumber, body);
  if (!result.ok || !result.value?.etag) {
    throw new ConformanceFailure({
      requirementId,
      sent: `Upload Part ${partNumber} (${body.length} bytes)`,
      expected: '200 with an ETag',
      actual: result.ok ? '200 without an ETag header' : describeAnswer(result),
      exchange: result.response.exchange,
    });
  }
  return { partNumber, etag: result.value.etag, body };
}

/** Completes with the given parts and insists on success; the object is then tracked for deletion. */
export async function completeOk(session: Session, requirementId: string, key: string, uploadId: string, parts: readonly UploadedPart[]): Promise<void> {
  const result = await session.api.complete(key, uploadId, parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })));
  if (result.ok) session.ended(uploadId, key);
  if (!result.ok) {
    throw new ConformanceFailure({
      requirementId,
      sent: `Complete with parts ${parts.map((p) => p.partNumber).join(', ')}`,
      expected: '200 CompleteMultipartUploadResult',
      actual: describeAnswer(result),
      exchange: result.response.exchange,
    });
  }
}

/** The digest the object must have: the bodies joined in the given order. */
export function joinedDigest(bodies: readonly BodySpec[]): BodyDigest {
  const accumulator = new DigestAccumulator();
  for (const body of bodies) for (const chunk of bodyChunks(body)) accumulator.update(chunk);
  return accumulator.digest();
}

/** Reads the object and compares its bytes (by MD5 and length) with what they must be. */
export async function expectObjectBytes(session: Session, requirementId: string, sent: string, key: string, bodies: readonly BodySpec[]): Promise<void> {
  const result = await session.api.getObject(key);
  const expected = joinedDigest(bodies);
  const actual = result.response.bodyDigest;
  if (result.ok && actual && actual.md5Hex === expected.md5Hex && actual.length === expected.length) return;
  throw new ConformanceFailure({
    requirementId,
    sent,
    expected: `GET ${key}: 200, ${expected.length} bytes with MD5 ${expected.md5Hex}`,
    actual: result.ok ? `200, ${actual?.length} bytes with MD5 ${actual?.md5Hex}` : describeAnswer(result),
    exchange: result.response.exchange,
  });
}

/**
 * Starts an upload and sends a small part with each generated partNumber: every one must get 400
 * InvalidArgument (the partNumber rules UP-06, UP-07 and UP-08 differ only in the numbers they draw).
 */
export async function expectPartNumbersRefused(
  session: Session,
  requirementId: string,
  name: string,
  partNumbers: fc.Arbitrary<string>,
  examples: readonly string[],
  /** An upload to use; by default a new one. */
  upload?: { readonly key: string; readonly uploadId: string },
): Promise<void> {
  const key = upload?.key ?? session.key(name);
  const id = upload?.uploadId ?? (await session.initiate(key));
  await forAll(
    session,
    `${requirementId}/${name}`,
    requirementId,
    partNumbers,
    async (partNumber) => {
      const result = await session.api.uploadPart(key, id, partNumber, { seed: 1, length: 8 });
      expectAnswer(requirementId, `Upload Part with partNumber=${JSON.stringify(partNumber)}`, result, { status: 400, code: 'InvalidArgument' });
    },
    { examples, numRuns: Math.min(session.numRuns, 30) },
  );
}
