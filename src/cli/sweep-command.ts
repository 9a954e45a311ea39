import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { sweep } from './sweep.js';
import { UsageError } from './usage.js';

export const SWEEP_HELP = `cos-conformance sweep — abort multipart uploads (and delete objects) left under COS_KEY_PREFIX

Earlier runs clean up after themselves; this is for runs that were killed. Nothing outside the prefix is touched.

Options:
  --env-file FILE   read settings from FILE instead of ./.env
  --dry-run         only list what would be aborted or deleted
  --keep-objects    abort uploads only; leave objects under the prefix
  --help            this text
`;

export async function sweepCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'env-file': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'keep-objects': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    out(SWEEP_HELP);
    return 0;
  }
  const config = loadConfig(values['env-file'] ? { envFile: values['env-file'] } : {});
  if (!config.endpoint) throw new UsageError('sweep needs COS_ENDPOINT: the embedded emulator keeps nothing between runs');
  const dryRun = values['dry-run'] === true;
  const result = await sweep(config, config.keyPrefix, { dryRun, objects: values['keep-objects'] !== true });
  if (result.listing) out(`could not list uploads: ${result.listing}`);
  for (const u of result.uploads)
    out(`${dryRun ? 'would abort' : u.aborted ? 'aborted' : `FAILED to abort (${u.reason})`} upload ${u.uploadId} of ${u.key}`);
  for (const o of result.objects)
    out(`${dryRun ? 'would delete' : o.deleted ? 'deleted' : `FAILED to delete (${o.reason})`} object ${o.key}`);
  out(
    `${result.uploads.length} upload(s), ${result.objects.length} object(s) under ${config.keyPrefix}${dryRun ? ' (dry run: nothing changed)' : ''}`,
  );
  return !result.listing && result.uploads.every((u) => dryRun || u.aborted) && result.objects.every((o) => dryRun || o.deleted) ? 0 : 1;
}
