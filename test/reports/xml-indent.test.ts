import fc from 'fast-check';
import { expect, test } from 'vitest';
import { indentXml } from '../../src/reports/xml-indent.js';

const name = fc.constantFrom('Error', 'Code', 'Part', 'ETag', 'ListPartsResult');
const text = fc.string({ unit: fc.constantFrom('a', '1', ' ', '"', '&amp;', '-') });
const element: fc.Memo<string> = fc.memo((depth) =>
  depth <= 1
    ? fc.tuple(name, text).map(([n, t]) => `<${n}>${t}</${n}>`)
    : fc.tuple(name, fc.array(element(depth - 1), { maxLength: 3 })).map(([n, children]) => `<${n}>${children.join('')}</${n}>`),
);

test('only whitespace between tags changes: the indented XML holds every other character, in order', () => {
  fc.assert(
    fc.property(element(4), fc.boolean(), (xml, declared) => {
      const body = `${declared ? '<?xml version="1.0" encoding="UTF-8"?>' : ''}${xml}`;
      expect(indentXml(body).replace(/\s/g, '')).toBe(body.replace(/\s/g, ''));
    }),
  );
});

test('nested elements go one per line, indented; an element holding text stays on its line', () => {
  expect(indentXml('<?xml version="1.0"?><Error><Code>NoSuchUpload</Code><Empty></Empty><Self/><Part><N>1</N></Part></Error>')).toBe(
    ['<?xml version="1.0"?>', '<Error>', '  <Code>NoSuchUpload</Code>', '  <Empty></Empty>', '  <Self/>', '  <Part>', '    <N>1</N>', '  </Part>', '</Error>'].join('\n'),
  );
});

test.each([['plain text, not XML'], ['<Error><Code>Truncated'], ['<a></b></a>'], ['<x><![CDATA[a>b]]></x>'], ['']])('%j comes back as it was', (body) => {
  expect(indentXml(body)).toBe(body);
});
