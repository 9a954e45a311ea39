/**
 * Behaviour the documents leave open or contradict, recorded for the report and never judged: a
 * zero-length part, gaps in part numbers at Complete, a repeated Complete, and Upload Part after Complete.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';

conformanceSpec(import.meta.url);

const outcome = (result: ApiResult<unknown>) => (result.ok ? `${result.status}` : `${result.status} ${result.error?.code ?? '(no code)'}`);

check('UP-28 records: a zero-length part, gaps at Complete, a repeated Complete, Upload Part after Complete', async (t) => {
  await t.case('a zero-length part', async () => {
    const key = t.key('informational');
    const uploadId = await t.given.initiate(key);
    t.record('zero-length part', outcome(await t.api.uploadPart(key, uploadId, 1, Buffer.alloc(0))));
  });
  await t.case('gaps at Complete', async () => {
    await t.reserve(t.dialect.minPartSize + 10);
    const key = t.key('gaps');
    const uploadId = await t.given.initiate(key);
    const one = await t.given.upload(key, uploadId, 1, { seed: 2, length: t.dialect.minPartSize });
    const three = await t.given.upload(key, uploadId, 3, { seed: 3, length: 10 });
    t.record('Complete with parts 1 and 3 (a gap)', outcome(await t.api.complete(key, uploadId, [one, three])));
  });
  await t.case('a repeated Complete, then Upload Part', async () => {
    const key = t.key('repeated');
    const uploadId = await t.given.initiate(key);
    const part = await t.given.upload(key, uploadId, 1, { seed: 4, length: 10 });
    const first = await t.api.complete(key, uploadId, [part]);
    t.record('Complete, then the same Complete again', `${outcome(first)}, then ${outcome(await t.api.complete(key, uploadId, [part]))}`);
    t.record('Upload Part after Complete', outcome(await t.api.uploadPart(key, uploadId, 2, { seed: 5, length: 10 })));
  });
});
