import fc from 'fast-check';
import type { ApiResult } from '../api/multipart.js';
import { describeBody, type BodySpec } from '../http/body.js';
import { smallBody } from '../generators/bodies.js';
import { expectEqual, expectThat } from '../harness/expect.js';
import { describeAnswer } from '../harness/failure.js';
import { expectObjectBytes } from '../harness/flows.js';
import type { Session } from '../harness/session.js';
import { UploadModel, type Prediction } from './upload-model.js';

/** The real side of a model run: one upload on the target. */
export interface RealUpload {
  readonly session: Session;
  readonly key: string;
  readonly uploadId: string;
}

type Command = fc.AsyncCommand<UploadModel, RealUpload>;

/** Compares an answer with the model's prediction; the failure is charged to the requirement the command tests. */
function expectPredicted(requirementId: string, sent: string, result: ApiResult<unknown>, predicted: Prediction): void {
  const expected = predicted.ok ? `${predicted.status}` : `${predicted.status} ${predicted.codes.join(' or ')}`;
  const matches = predicted.ok ? result.ok && result.status === predicted.status : !result.ok && result.status === predicted.status && predicted.codes.includes(result.error?.code ?? '');
  expectThat(requirementId, sent, matches, expected, describeAnswer(result), result.response.exchange);
}

class UploadPart implements Command {
  constructor(readonly partNumber: number, readonly body: BodySpec) {}
  check = () => true;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const requirementId = model.state === 'open' ? 'UP-04' : 'UP-05';
    const predicted = model.uploadPart(this.partNumber, this.body);
    const result = await real.session.api.uploadPart(real.key, real.uploadId, this.partNumber, this.body);
    expectPredicted(requirementId, this.toString(), result, predicted);
    if (predicted.ok) expectEqual('UP-15', this.toString(), 'ETag', result.value?.etag, UploadModel.etagOf(this.body), result.response.exchange);
  }
  toString = () => `uploadPart(${this.partNumber}, ${this.body.length}B#${this.body.seed})`;
}

class UploadWithBadDigest implements Command {
  constructor(readonly partNumber: number, readonly body: BodySpec) {}
  check = (model: Readonly<UploadModel>) => model.state === 'open';
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const wrong = describeBody({ seed: this.body.seed ^ 1, length: this.body.length + 1 }).md5Base64;
    const result = await real.session.api.uploadPart(real.key, real.uploadId, this.partNumber, this.body, { contentMd5: wrong });
    expectPredicted('UP-13', this.toString(), result, model.uploadWithBadDigest());
  }
  toString = () => `uploadWithBadDigest(${this.partNumber}, ${this.body.length}B#${this.body.seed})`;
}

class ListParts implements Command {
  check = () => true;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const predicted = model.listParts();
    const result = await real.session.api.listAllParts(real.key, real.uploadId);
    const requirementId = model.state === 'open' ? 'UP-04' : 'UP-29';
    expectPredicted(requirementId, this.toString(), result, predicted);
    if (predicted.ok) {
      expectEqual('UP-04', this.toString(), '[PartNumber, ETag, Size]', result.value?.parts.map((p) => [p.partNumber, p.etag, p.size]), predicted.parts, result.response.exchange);
    }
  }
  toString = () => 'listParts()';
}

class Abort implements Command {
  check = () => true;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const predicted = model.abort();
    const result = await real.session.api.abort(real.key, real.uploadId);
    expectPredicted('UP-29', this.toString(), result, predicted);
  }
  toString = () => 'abort()';
}

/** Complete with every uploaded part, possibly with one entry spoiled: swapped, stale, or never uploaded. */
class Complete implements Command {
  constructor(readonly spoil: 'none' | 'swap' | 'stale-etag' | 'missing-part') {}
  // Complete only while the uploaded numbers are 1..k: gaps at Complete are unconfirmed behaviour (UP-28).
  check = (model: Readonly<UploadModel>) =>
    model.state === 'open' && model.parts.size > 0 && [...model.parts.keys()].every((n) => n <= model.parts.size);
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    let entries = [...model.parts].sort(([a], [b]) => a - b).map(([partNumber, p]) => ({ partNumber, etag: p.etag }));
    if (this.spoil === 'swap' && entries.length >= 2) entries = [entries[1]!, entries[0]!, ...entries.slice(2)];
    if (this.spoil === 'stale-etag') {
      const stale = entries.find((e) => model.replaced.has(e.partNumber));
      if (stale) entries = entries.map((e) => (e === stale ? { ...e, etag: model.replaced.get(e.partNumber)! } : e));
    }
    if (this.spoil === 'missing-part') entries = [...entries, { partNumber: entries.length + 1, etag: '"00000000000000000000000000000000"' }];
    const predicted = model.complete(entries);
    const result = await real.session.api.complete(real.key, real.uploadId, entries);
    if (result.ok) real.session.ended(real.uploadId, real.key);
    const sent = `${this.toString()} with [${entries.map((e) => e.partNumber).join(', ')}]`;
    expectPredicted(predicted.ok ? 'UP-03' : 'UP-25', sent, result, predicted);
    if (predicted.ok) await expectObjectBytes(real.session, 'UP-03', sent, real.key, model.object!);
  }
  toString = () => `complete(${this.spoil})`;
}

/** Commands over part numbers 1..3 with small bodies: cheap enough to run many sequences against any target. */
export function uploadCommands(replayPath?: string): fc.Arbitrary<Iterable<Command>> {
  const partNumber = fc.integer({ min: 1, max: 3 });
  return fc.commands(
    [
      fc.tuple(partNumber, smallBody(2048)).map(([n, b]) => new UploadPart(n, b)),
      fc.tuple(partNumber, smallBody(256)).map(([n, b]) => new UploadWithBadDigest(n, b)),
      fc.constant(new ListParts()),
      fc.constant(new Abort()),
      fc.constantFrom('none', 'swap', 'stale-etag', 'missing-part').map((spoil) => new Complete(spoil as 'none')),
    ],
    { maxCommands: 12, ...(replayPath ? { replayPath } : {}) },
  );
}
