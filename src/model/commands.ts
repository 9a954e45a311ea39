import fc from 'fast-check';
import type { ApiResult } from '../api/multipart.js';
import { smallBody } from '../generators/bodies.js';
import type { CheckContext } from '../harness/check.js';
import { describeAnswer } from '../harness/signals.js';
import { type BodySpec, describeBody } from '../protocol/body.js';
import type { Prediction, UploadModel } from './upload-model.js';

/** Commands whose every answer is meant to be a refusal: they have no success path to take. */
const REFUSED_BY_DESIGN = new Set(['uploadWithBadDigest']);

/** How often each command class took its success path, and what unpredicted answers came: shown in the report. */
export class ModelStats {
  private readonly counts = new Map<string, { sent: number; succeeded: number }>();
  private readonly unspecified = new Map<string, Set<string>>();

  sent(command: string, succeeded: boolean): void {
    const count = this.counts.get(command) ?? { sent: 0, succeeded: 0 };
    count.sent++;
    if (succeeded) count.succeeded++;
    this.counts.set(command, count);
  }

  recorded(what: string, answer: string): void {
    const answers = this.unspecified.get(what) ?? new Set<string>();
    answers.add(answer);
    this.unspecified.set(what, answers);
  }

  /** Command classes that were sent but never took their success path: what they judge on success went unjudged. */
  neverSucceeded(): string[] {
    return [...this.counts]
      .filter(([command, c]) => c.sent > 0 && c.succeeded === 0 && !REFUSED_BY_DESIGN.has(command))
      .map(([command]) => command);
  }

  lines(): string[] {
    const paths = [...this.counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([command, c]) =>
        REFUSED_BY_DESIGN.has(command) ? `${command} sent ${c.sent} (refused by design)` : `${command} ${c.succeeded} of ${c.sent}`,
      )
      .join(', ');
    const never = this.neverSucceeded();
    return [
      `success paths taken: ${paths}${never.length ? `; never: ${never.join(', ')}, so what their success judges was not judged here` : ''}`,
      ...[...this.unspecified].map(([what, answers]) => `recorded, not judged (${what}): ${[...answers].join('; ')}`),
    ];
  }
}

/** The real side of a model run: one upload on the target, judged through the check's context. */
export interface RealUpload {
  readonly t: CheckContext;
  readonly key: string;
  readonly uploadId: string;
  readonly stats: ModelStats;
}

type Command = fc.AsyncCommand<UploadModel, RealUpload>;

/**
 * Compares an answer with the model's prediction, charged to the requirement the prediction comes from, and counts
 * the command's success path. An answer no document specifies is recorded. True when the success path was taken.
 */
function expectPredicted(real: RealUpload, command: string, sent: string, result: ApiResult<unknown>, predicted: Prediction): boolean {
  if (predicted.ok === 'unspecified') {
    real.stats.recorded(`${command} on a completed upload`, describeAnswer(result));
    return false;
  }
  real.stats.sent(command, predicted.ok && result.ok);
  real.t.as(predicted.rule).expectAnswer(sent, result, predicted.ok ? { status: predicted.status } : predicted.errors);
  return predicted.ok;
}

class UploadPart implements Command {
  constructor(
    readonly partNumber: number,
    readonly body: BodySpec,
    readonly name = 'uploadPart',
  ) {}
  check = () => true;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const predicted = model.uploadPart(this.partNumber);
    const result = await real.t.api.uploadPart(real.key, real.uploadId, this.partNumber, this.body);
    if (!expectPredicted(real, this.name, this.toString(), result, predicted)) return;
    real.t.as('UP-15').expectHeader(this.toString(), result, 'ETag', /^"[^"]+"$/);
    model.accepted(this.partNumber, this.body, result.value!.etag!);
    await thenListed(model, real, this);
  }
  toString = () => `uploadPart(${this.partNumber}, ${this.body.length}B#${this.body.seed})`;
}

/**
 * Uploads a part number already uploaded, with new bytes: the re-upload rule (UP-04) is what it exercises. With
 * `keepSize` the new bytes are as long as the part they replace, so an upload that could complete still can.
 */
class ReUpload implements Command {
  constructor(
    /** Picks the part number among those uploaded so far, when the command runs. */
    readonly pick: number,
    readonly body: BodySpec,
    readonly keepSize: boolean,
  ) {}
  check = (model: Readonly<UploadModel>) => model.state === 'open' && model.parts.size > 0;
  private chosen: { partNumber: number; body: BodySpec } | undefined;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const numbers = [...model.parts.keys()].sort((a, b) => a - b);
    const partNumber = numbers[this.pick % numbers.length]!;
    const body = this.keepSize ? { seed: this.body.seed, length: model.parts.get(partNumber)!.size } : this.body;
    if (this.keepSize) await real.t.reserve(body.length);
    this.chosen = { partNumber, body };
    await new UploadPart(partNumber, body, 'reUpload').run(model, real);
  }
  toString = () =>
    `reUpload(${this.chosen?.partNumber ?? `#${this.pick}`}, ${(this.chosen?.body ?? this.body).length}B#${this.body.seed}${this.keepSize ? ', same size' : ''})`;
}

class UploadWithBadDigest implements Command {
  constructor(
    readonly partNumber: number,
    readonly body: BodySpec,
  ) {}
  check = (model: Readonly<UploadModel>) => model.state === 'open';
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const wrong = describeBody({ seed: this.body.seed ^ 1, length: this.body.length + 1 }).md5Base64;
    const result = await real.t.api.uploadPart(real.key, real.uploadId, this.partNumber, this.body, { contentMd5: wrong });
    expectPredicted(real, 'uploadWithBadDigest', this.toString(), result, model.uploadWithBadDigest(this.partNumber));
    await thenListed(model, real, this);
  }
  toString = () => `uploadWithBadDigest(${this.partNumber}, ${this.body.length}B#${this.body.seed})`;
}

/**
 * Compares List Parts with the model: on an open upload the parts, charged to the rule that last touched the part
 * numbers listed wrongly (a refused re-upload's, a re-upload's, or the plain listing's); on an aborted one, 404.
 */
async function expectListed(model: UploadModel, real: RealUpload, sent: string): Promise<void> {
  const predicted = model.listParts();
  const result = await real.t.api.listAllParts(real.key, real.uploadId);
  // On an open upload List Parts is how the parts are seen: an answer that is not a ListPartsResult (a server without
  // List Parts, another document) shows nothing about them, so the sequence is inconclusive, not a failure of the
  // rules about parts (UP-27 judges List Parts itself).
  if (predicted.ok === true) real.t.given.that(sent, result, result.ok && result.value !== undefined, '200 with a ListPartsResult');
  if (!expectPredicted(real, 'listParts', sent, result, predicted) || predicted.ok !== true) return;
  const actual = result.value!.parts.map((p): [number, string, number] => [p.partNumber, p.etag, p.size]);
  const expected = predicted.parts!;
  const numbers = [...new Set([...expected, ...actual].map(([n]) => n))];
  const wrong = numbers.filter((n) => JSON.stringify(actual.find(([m]) => m === n)) !== JSON.stringify(expected.find(([m]) => m === n)));
  const rule = ['UP-13', 'UP-04', 'UP-15'].find((r) => wrong.some((n) => model.listingRule(n) === r)) ?? 'UP-15';
  real.t.as(rule).expectEqual(sent, '[PartNumber, ETag, Size]', actual, expected, result.response.exchange);
}

/** After a command that changes the upload, List Parts must show what the model holds (an invariant of every step). */
const thenListed = (model: UploadModel, real: RealUpload, command: Command) =>
  expectListed(model, real, `${command.toString()}, then listParts()`);

class ListParts implements Command {
  check = () => true;
  run = (model: UploadModel, real: RealUpload) => expectListed(model, real, this.toString());
  toString = () => 'listParts()';
}

class Abort implements Command {
  check = () => true;
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    const predicted = model.abort();
    expectPredicted(real, 'abort', this.toString(), await real.t.api.abort(real.key, real.uploadId), predicted);
    await thenListed(model, real, this);
  }
  toString = () => 'abort()';
}

/** Complete with every uploaded part, possibly with one entry spoiled: swapped, stale, or never uploaded. */
class Complete implements Command {
  constructor(readonly spoil: 'none' | 'swap' | 'stale-etag' | 'missing-part') {}
  // Complete only while the uploaded numbers are 1..k: gaps at Complete are unconfirmed behaviour (UP-28).
  check = (model: Readonly<UploadModel>) =>
    model.state !== 'open' || (model.parts.size > 0 && [...model.parts.keys()].every((n) => n <= model.parts.size));
  async run(model: UploadModel, real: RealUpload): Promise<void> {
    let entries = [...model.parts].sort(([a], [b]) => a - b).map(([partNumber, p]) => ({ partNumber, etag: p.etag }));
    if (entries.length === 0) entries = [{ partNumber: 1, etag: '"00000000000000000000000000000000"' }];
    if (this.spoil === 'swap' && entries.length >= 2) entries = [entries[1]!, entries[0]!, ...entries.slice(2)];
    if (this.spoil === 'stale-etag') {
      const stale = entries.find((e) => model.replaced.has(e.partNumber));
      if (stale) entries = entries.map((e) => (e === stale ? { ...e, etag: model.replaced.get(e.partNumber)! } : e));
    }
    if (this.spoil === 'missing-part')
      entries = [...entries, { partNumber: entries.length + 1, etag: '"00000000000000000000000000000000"' }];
    const predicted = model.complete(entries);
    const result = await real.t.api.complete(real.key, real.uploadId, entries);
    const sent = `${this.toString()} with [${entries.map((e) => e.partNumber).join(', ')}]`;
    if (expectPredicted(real, 'complete', sent, result, predicted))
      await real.t.as(model.objectRule()).expectObjectBytes(sent, real.key, model.object!);
    await thenListed(model, real, this);
  }
  toString = () => `complete(${this.spoil})`;
}

/** The parts an upload starts with, by size: each sequence runs against a fresh upload already holding them. */
export type InitialParts = readonly number[];

/**
 * Where a sequence starts: one part (any size: a lone part is the last, so Complete can succeed at no cost), three
 * small parts (Complete of all three is EntityTooSmall), or two whose first has the minimum size (Complete of both
 * can succeed). Mostly the cheap ones: a part of the minimum size is 5 MiB under the s3 profile.
 */
export function initialParts(minPartSize: number): fc.Arbitrary<InitialParts> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 2048 }).map((n) => [n]) },
    { weight: 4, arbitrary: fc.constant([100, 100, 100]) },
    { weight: 1, arbitrary: fc.constant([minPartSize, 100]) },
  );
}

/**
 * Sequences that always run first, one per rule the model covers: a re-upload then List Parts and Complete, a stale
 * ETag at Complete, every call on an aborted upload, a Complete that succeeds over two parts and then the calls on
 * the completed upload (recorded).
 */
export function exampleSequences(minPartSize: number): Array<{ initial: InitialParts; commands: Command[] }> {
  const body = (seed: number, length: number) => ({ seed, length });
  return [
    // A re-upload, listed, refused with its stale ETag, completed; then every call on the completed upload.
    {
      initial: [100],
      commands: [
        new UploadPart(1, body(1, 100)),
        new UploadPart(1, body(2, 200)),
        new ListParts(),
        new Complete('stale-etag'),
        new Complete('none'),
        new ListParts(),
        new UploadPart(2, body(3, 10)),
        new Complete('none'),
        new Abort(),
      ],
    },
    // A refused digest, listed; refused Completes; an abort; then every call on the aborted upload.
    {
      initial: [100, 100, 100],
      commands: [
        new UploadPart(1, body(4, 50)),
        new UploadWithBadDigest(1, body(5, 60)),
        new ListParts(),
        new UploadPart(2, body(6, 70)),
        new Complete('swap'),
        new Complete('missing-part'),
        new Abort(),
        new Abort(),
        new ListParts(),
        new UploadPart(1, body(7, 10)),
        new Complete('none'),
      ],
    },
    // Each of three parts re-uploaded in turn, first, middle and last: a rule kept for some part numbers only shows.
    {
      initial: [100, 100, 100],
      commands: [
        new ReUpload(0, body(9, 90), false),
        new ReUpload(1, body(10, 91), false),
        new ReUpload(2, body(11, 92), false),
        new ListParts(),
      ],
    },
    // Two parts, the first of the minimum size, re-uploaded at that size: a Complete over both succeeds.
    {
      initial: [minPartSize, 100],
      commands: [new ReUpload(0, body(8, 0), true), new ListParts(), new Complete('swap'), new Complete('none'), new ListParts()],
    },
  ];
}

/**
 * Commands over part numbers 1..3 with small bodies: cheap enough to run many sequences against any target.
 * Weighted so that most sequences reach what the model is there for: a re-upload, then a listing or a Complete;
 * an Abort or a Complete, then another call on the ended upload.
 */
export function uploadCommands(replayPath?: string): fc.Arbitrary<Iterable<Command>> {
  const partNumber = fc.integer({ min: 1, max: 3 });
  const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
  const command = fc.oneof(
    weighted(
      2,
      fc.tuple(partNumber, smallBody(2048)).map(([n, b]): Command => new UploadPart(n, b)),
    ),
    weighted(
      4,
      fc.tuple(fc.nat(2), smallBody(2048), fc.boolean()).map(([pick, b, keepSize]): Command => new ReUpload(pick, b, keepSize)),
    ),
    weighted(
      1,
      fc.tuple(partNumber, smallBody(256)).map(([n, b]): Command => new UploadWithBadDigest(n, b)),
    ),
    weighted(3, fc.constant<Command>(new ListParts())),
    weighted(2, fc.constant<Command>(new Abort())),
    weighted(
      3,
      fc.constantFrom('none', 'swap', 'stale-etag', 'missing-part').map((spoil): Command => new Complete(spoil as 'none')),
    ),
  );
  return fc.commands([command], { size: 'small', ...(replayPath ? { replayPath } : {}) });
}
