import { describe, expect, test } from 'vitest';
import { parseXml } from '../../src/protocol/xml.js';

describe('reading XML answers', () => {
  test('every form of character reference decodes to the same ETag, and nothing is decoded twice', () => {
    for (const quote of ['&quot;', '&#34;', '&#x22;']) {
      const doc = parseXml(`<ListPartsResult><Part><ETag>${quote}abc${quote}</ETag></Part></ListPartsResult>`);
      const result = doc?.ListPartsResult as { Part: Array<{ ETag: string }> } | undefined;
      expect(result?.Part[0]?.ETag).toBe('"abc"');
    }
    expect(parseXml('<Key>a&amp;lt;b&#38;c</Key>')?.Key).toBe('a&lt;b&c');
  });
});
