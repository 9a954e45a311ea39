import { parseArgs } from 'node:util';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { specPath } from './spec-files.js';

export const LIST_HELP = `cos-conformance list — the requirement catalogue

Options:
  --json   the catalogue as JSON (id, level, sentence, source with its URL, quoted clause and revision, specs)
  --help   this text
`;

export async function listCommand(args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    out(LIST_HELP);
    return 0;
  }
  if (values.json) {
    out(JSON.stringify(REQUIREMENTS, null, 2));
    return 0;
  }
  for (const r of REQUIREMENTS) {
    out(`${r.id}  ${r.level.padEnd(6)} ${r.sentence}`);
    for (const source of [r.source, ...(r.also ?? [])]) out(`        ${source.document} [revision ${source.revision}], ${source.section}: "${source.quote}" <${source.url}>`);
    if (r.levelNote) out(`        level: ${r.levelNote}`);
    out(`        specs: ${r.specs.map(specPath).join(', ')}`);
  }
  return 0;
}
