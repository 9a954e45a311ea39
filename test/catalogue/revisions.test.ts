import { describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../../src/catalogue/requirements.js';
import { REVISION_FORM, revisionOf, withRevisions } from '../../src/catalogue/revisions.js';
import { listCommand } from '../../src/cli/list-command.js';
import { staleRevisions, validateExpectations } from '../../src/reports/expectations.js';

describe('the revision of every cited page', () => {
  test('every source of every requirement carries a revision of the documented form', () => {
    for (const r of REQUIREMENTS) {
      for (const source of [r.source, ...(r.also ?? [])]) expect(source.revision, `${r.id}: ${source.document}`).toMatch(REVISION_FORM);
    }
  });

  test('a revision comes from the source, else from its document name; a page with neither is an error naming it, never a guess', () => {
    const page = { url: 'https://example.com/doc', section: 's', quote: 'q' };
    expect(revisionOf({ ...page, document: 'Some page', revision: '2026-10-21' })).toBe('2026-10-21');
    expect(revisionOf({ ...page, document: 'Complete Multipart Upload (COS API, doc 436/7742), 2024-09-26 revision' })).toBe('2024-09-26');
    expect(revisionOf({ ...page, document: 'Upload Part (COS API, doc 436/7750), 2017-2019 revisions' })).toBe('2017-2019');
    expect(() => withRevisions([{ source: { ...page, document: 'A page nobody dated' } }])).toThrow(/A page nobody dated.*no revision/);
    expect(() => revisionOf({ ...page, document: 'Some page', revision: 'last week' })).toThrow(/another form, "last week"/);
  });

  test('`list` prints the revision beside each source; --json carries it', async () => {
    const lines: string[] = [];
    await listCommand([], (line) => lines.push(line));
    const up25 = lines.findIndex((l) => l.startsWith('UP-25 '));
    expect(lines[up25 + 1]).toMatch(/^\s+Complete Multipart Upload \(COS API, doc 436\/7742\) \[revision [^\]]+\], /);
    const json: string[] = [];
    await listCommand(['--json'], (line) => json.push(line));
    const parsed = JSON.parse(json.join('\n')) as Array<{ id: string; source: { revision: string } }>;
    expect(parsed.every((r) => REVISION_FORM.test(r.source.revision))).toBe(true);
  });

  test('an expectation may name the revision it was judged against; one judged against another revision is named', () => {
    const current = REQUIREMENTS.find((r) => r.id === 'UP-25')!.source.revision;
    const expectations = validateExpectations(
      {
        target: 't',
        expectedFailures: [
          { id: 'UP-25', reason: 'r', revision: current },
          { id: 'UP-06', reason: 'r', revision: '1999-01-01' },
        ],
      },
      'inline',
    );
    expect(staleRevisions(expectations)).toEqual([
      expect.stringMatching(/UP-06 was judged against revision 1999-01-01.*now cites revision/),
    ]);
    expect(() => validateExpectations({ target: 't', expectedFailures: [{ id: 'UP-25', reason: 'r', revision: 7 }] }, 'inline')).toThrow(
      /UP-25 has a revision that is not a string/,
    );
  });
});
