/**
 * Model-based: sequences of Upload Part, re-uploads, uploads with a bad digest, List Parts, Abort and Complete
 * run against the target and against a plain model of the upload (src/model/upload-model.ts). Any divergence
 * shrinks to a minimal command sequence, charged to the requirement whose sentence covers the diverging answer.
 * Uploads start from parts sized so that a Complete meant to succeed can (src/model/commands.ts, initialParts); the
 * report says how often each command took its success path.
 */
import fc from 'fast-check';
import type { CheckContext } from '../src/harness/check.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import type { UploadedPart } from '../src/harness/judge.js';
import { exampleSequences, type InitialParts, initialParts, ModelStats, type RealUpload, uploadCommands } from '../src/model/commands.js';
import { MODEL_RULES, UploadModel } from '../src/model/upload-model.js';

conformanceSpec(import.meta.url);

const OTHER_RULES = { judges: MODEL_RULES.filter((id) => id !== 'UP-04') };

/** Runs one command sequence against the model and a fresh upload that already holds the initial parts. */
async function agreeWithModel(
  t: CheckContext,
  stats: ModelStats,
  initial: InitialParts,
  commands: Iterable<fc.AsyncCommand<UploadModel, RealUpload>>,
): Promise<void> {
  await t.reserve(initial.reduce((sum, n) => sum + n, 0));
  const key = t.key('model');
  const uploadId = await t.given.initiate(key);
  const held: UploadedPart[] = [];
  for (const [i, length] of initial.entries()) held.push(await t.given.upload(key, uploadId, i + 1, { seed: 1000 + i, length }));
  const start = () => {
    const model = new UploadModel(t.dialect.minPartSize);
    for (const part of held) model.accepted(part.partNumber, part.body, part.etag);
    return { model, real: { t, key, uploadId, stats } };
  };
  await fc.asyncModelRun(start, commands);
}

/** The success paths each command took, and what was recorded rather than judged, in the report. */
function report(t: CheckContext, stats: ModelStats): void {
  for (const line of stats.lines()) t.note(line);
}

check(
  'UP-04 fixed command sequences, one per rule the model covers (a re-upload listed and completed, a refused digest, calls on an aborted upload, a Complete over two parts), agree with the model',
  async (t) => {
    const stats = new ModelStats();
    for (const [i, { initial, commands }] of exampleSequences(t.dialect.minPartSize).entries()) {
      await t.case(`sequence ${i + 1}: parts of ${initial.join(', ')} bytes, then ${commands.join(', ')}`, () =>
        agreeWithModel(t, stats, initial, commands),
      );
    }
    report(t, stats);
  },
  { ...OTHER_RULES, costMiB: 12 },
);

check(
  'UP-04 generated command sequences over one upload agree with the model (upload, re-upload, bad digest, list, abort, complete)',
  async (t) => {
    const stats = new ModelStats();
    await t.forAll(
      'model',
      fc.tuple(initialParts(t.dialect.minPartSize), uploadCommands(t.session.replay.commands)),
      ([initial, commands]) => agreeWithModel(t, stats, initial, commands),
      { maxRuns: 40 },
    );
    report(t, stats);
  },
  { ...OTHER_RULES, costMiB: 39 },
);
