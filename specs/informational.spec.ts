/**
 * Behaviour the documents leave open (cos-protocol.md §4), recorded for the report and never judged: a
 * zero-length part, gaps in part numbers at Complete, a repeated Complete, Upload Part after Complete, and a
 * chunked part without Content-Length.
 */
import type { ApiResult } from '../src/api/multipart.js';
import { check, conformanceSpec } from '../src/harness/check.js';
import { uploadOk } from '../src/harness/flows.js';

conformanceSpec(import.meta.url);

const outcome = (result: ApiResult<unknown>) => (result.ok ? `${result.status}` : `${result.status} ${result.error?.code ?? '(no code)'}`);

check('UP-28 records: a zero-length part, gaps at Complete, a repeated Complete, Upload Part after Complete, a chunked part', async (s, context) => {
  const key = s.key('informational');
  const uploadId = await s.initiate(key);
  context.record('zero-length part', outcome(await s.api.uploadPart(key, uploadId, 1, Buffer.alloc(0))));
  context.record('chunked part without Content-Length', outcome(await s.api.uploadPart(key, uploadId, 2, { seed: 1, length: 100 }, {}, { chunked: true })));

  const gapsKey = s.key('gaps');
  const gapsId = await s.initiate(gapsKey);
  const one = await uploadOk(s, 'UP-28', gapsKey, gapsId, 1, { seed: 2, length: s.dialect.minPartSize });
  const three = await uploadOk(s, 'UP-28', gapsKey, gapsId, 3, { seed: 3, length: 10 });
  const gaps = await s.api.complete(gapsKey, gapsId, [one, three]);
  context.record('Complete with parts 1 and 3 (a gap)', outcome(gaps));
  if (gaps.ok) s.ended(gapsId, gapsKey);

  const doneKey = s.key('repeated');
  const doneId = await s.initiate(doneKey);
  const part = await uploadOk(s, 'UP-28', doneKey, doneId, 1, { seed: 4, length: 10 });
  const first = await s.api.complete(doneKey, doneId, [part]);
  if (first.ok) s.ended(doneId, doneKey);
  context.record('Complete, then the same Complete again', `${outcome(first)}, then ${outcome(await s.api.complete(doneKey, doneId, [part]))}`);
  context.record('Upload Part after Complete', outcome(await s.api.uploadPart(doneKey, doneId, 2, { seed: 5, length: 10 })));
});
