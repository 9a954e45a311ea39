import { parseArgs } from 'node:util';
import { REQUIREMENTS } from '../catalogue/requirements.js';
import { DEVIATIONS, type Deviation } from '../emulator/deviations.js';
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
    for (const source of [r.source, ...(r.also ?? [])])
      out(`        ${source.document} [revision ${source.revision}], ${source.section}: "${source.quote}" <${source.url}>`);
    if (r.levelNote) out(`        level: ${r.levelNote}`);
    out(`        specs: ${r.specs.map(specPath).join(', ')}`);
    const breaking = deviationsBreaking(r.id);
    if (breaking.length)
      out(
        `        deviations: ${breaking.join(', ')} (run --only ${r.id} --deviate NAME shows one caught; in a clone, grep -rn ${r.id} src/emulator finds the rule)`,
      );
  }
  return 0;
}

/** The emulator's deviations that break a requirement: the wrong servers its checks are shown to catch. */
function deviationsBreaking(id: string): string[] {
  return Object.entries(DEVIATIONS as Record<string, Deviation>)
    .filter(([, d]) => d.breaks.includes(id))
    .map(([name]) => name);
}
