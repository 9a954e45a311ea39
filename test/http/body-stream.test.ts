import type { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { hashedBody } from '../../src/http/body-stream.js';
import { bodyBytes } from '../../src/protocol/body.js';
import { digestOf } from '../../src/protocol/digest.js';

// A generated body is sent as one buffer up to 1 MiB and streamed above; either way what goes out is the body's
// bytes, and the digest the suite judges ETags and CRCs by is theirs.
describe('a generated body ready to send', () => {
  test.each([0, 1, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 5])(
    '%i bytes: the bytes handed on are the body, the digest is theirs',
    async (length) => {
      const spec = { seed: 11, length };
      const { body, digest } = hashedBody(spec);
      expect(Buffer.isBuffer(body)).toBe(length <= 1024 * 1024);
      const sent = Buffer.isBuffer(body) ? body : Buffer.concat(await (body as Readable).toArray());
      const expected = bodyBytes(spec);
      expect(sent.equals(expected)).toBe(true);
      expect(await digest).toEqual(digestOf(expected));
    },
  );
});
