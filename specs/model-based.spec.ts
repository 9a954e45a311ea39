/**
 * Model-based: sequences of Upload Part, re-uploads, uploads with a bad digest, List Parts, Abort and Complete
 * run against the target and against a plain model of the upload (src/model/upload-model.ts). Any divergence
 * shrinks to a minimal command sequence, charged to the requirement whose sentence covers the diverging answer.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { exampleSequences, uploadCommands } from '../src/model/commands.js';
import { MODEL_RULES, UploadModel } from '../src/model/upload-model.js';

conformanceSpec(import.meta.url);

check(
  'UP-04 generated command sequences over one upload agree with the model (upload, re-upload, bad digest, list, abort, complete)',
  async (t) => {
    await t.forAll(
      'model',
      uploadCommands(t.session.replay.commands),
      async (commands) => {
        const key = t.key('model');
        const uploadId = await t.given.initiate(key);
        await fc.asyncModelRun(() => ({ model: new UploadModel(t.dialect.minPartSize), real: { t, key, uploadId } }), commands);
      },
      { maxRuns: 40, examples: exampleSequences() },
    );
  },
  { judges: MODEL_RULES.filter((id) => id !== 'UP-04') },
);
