import { ERROR } from '../protocol/error-codes.js';
import type { Call, EmulatorContext } from './context.js';
import { EmulatorError, refuse } from './errors.js';
import { queryValue } from './request.js';
import type { Upload } from './store.js';

export function noSuchUpload(ctx: EmulatorContext): EmulatorError {
  if (ctx.deviations.has('no-such-upload-400')) return new EmulatorError(ERROR.NoSuchUpload, undefined, 400);
  if (ctx.deviations.has('no-such-upload-wrong-code')) return refuse(ERROR.NoSuchKey);
  return refuse(ERROR.NoSuchUpload);
}

// UP-05 an unknown, aborted, completed or foreign-key UploadId is 404 NoSuchUpload; UP-32 likewise for List Parts.
/** The live upload a request names by its uploadId, for the request's key; 404 NoSuchUpload otherwise. */
export function findUpload(ctx: EmulatorContext, call: Call): Upload {
  const id = queryValue(call.request.query, 'uploadId') ?? '';
  const upload = ctx.store.uploads.get(id) ?? (ctx.deviations.has('upload-id-prefix-match') ? byLeadingCharacters(ctx, id) : undefined);
  // An upload used with another key is as unknown as one that never existed.
  const foreign = upload !== undefined && upload.key !== call.request.key && !ctx.deviations.has('accept-foreign-key-upload');
  if (!upload || foreign) throw noSuchUpload(ctx);
  return upload;
}

/** Deviation upload-id-prefix-match: the live upload whose id has the same first 40 characters. */
function byLeadingCharacters(ctx: EmulatorContext, id: string): Upload | undefined {
  if (id.length < 40) return undefined;
  return [...ctx.store.uploads.values()].find((u) => u.id.slice(0, 40) === id.slice(0, 40));
}
