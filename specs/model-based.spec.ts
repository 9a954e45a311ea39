/**
 * Model-based: sequences of Upload Part, re-uploads, uploads with a bad digest, List Parts, Abort and Complete
 * run against the target and against a plain model of the upload (src/model/upload-model.ts). Any divergence
 * shrinks to a minimal command sequence; the failure names the requirement the diverging command checks.
 */
import fc from 'fast-check';
import { check, conformanceSpec } from '../src/harness/check.js';
import { forAll } from '../src/harness/property.js';
import { RUN_ENV } from '../src/harness/session.js';
import { uploadCommands } from '../src/model/commands.js';
import { UploadModel } from '../src/model/upload-model.js';

conformanceSpec(import.meta.url);

check('UP-04 generated command sequences over one upload agree with the model (upload, re-upload, bad digest, list, abort, complete)', async (s) => {
  await forAll(
    s,
    'UP-04/model',
    'UP-04',
    uploadCommands(process.env[RUN_ENV.replayCommands]),
    async (commands) => {
      const key = s.key('model');
      const uploadId = await s.initiate(key);
      await fc.asyncModelRun(() => ({ model: new UploadModel(s.dialect.minPartSize), real: { session: s, key, uploadId } }), commands);
    },
    { numRuns: Math.min(s.numRuns, 40) },
  );
});
