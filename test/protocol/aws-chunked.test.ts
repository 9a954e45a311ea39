import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AwsChunkedDecoder, chunksOf, encodeAwsChunked } from '../../src/protocol/aws-chunked.js';

/** Feeds `wire` to a decoder in the given slices; resolves with the decoded bytes and the trailers. */
async function decode(wire: Buffer, slices: number[]): Promise<{ data: Buffer; trailers: Record<string, string> }> {
  const decoder = new AwsChunkedDecoder();
  const out: Buffer[] = [];
  decoder.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    decoder.on('end', resolve);
    decoder.on('error', reject);
  });
  let offset = 0;
  for (const size of slices) {
    if (offset >= wire.length) break;
    decoder.write(wire.subarray(offset, offset + size));
    offset += size;
  }
  if (offset < wire.length) decoder.write(wire.subarray(offset));
  decoder.end();
  await ended;
  return { data: Buffer.concat(out), trailers: decoder.trailers };
}

describe('aws-chunked framing', () => {
  test('the SDK form: hex sizes, CRLFs, a zero chunk and the trailer', () => {
    const wire = encodeAwsChunked(chunksOf(Buffer.from('hello world'), 5), [['x-amz-checksum-crc32', 'DUoRhQ==']]);
    expect(wire.toString('latin1')).toBe('5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
  });

  test('decoding what was encoded gives the bytes and the trailer back, however the wire is sliced', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4000 }),
        fc.integer({ min: 1, max: 900 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 200 }),
        async (data, chunkSize, slices) => {
          const wire = encodeAwsChunked(chunksOf(Buffer.from(data), chunkSize), [['x-amz-checksum-sha256', 'abc=']]);
          const decoded = await decode(wire, slices);
          expect(decoded.data.equals(Buffer.from(data))).toBe(true);
          expect(decoded.trailers).toEqual({ 'x-amz-checksum-sha256': 'abc=' });
        },
      ),
    );
  });

  test.each([
    ['a body cut before the final chunk', '5\r\nhello\r\n'],
    ['a size that is not hex', 'zz\r\nhello\r\n0\r\n\r\n'],
    ['a chunk longer than its size', '2\r\nhello\r\n0\r\n\r\n'],
    ['a line without CR', '5\nhello\r\n0\r\n\r\n'],
    ['bytes after the trailer', '0\r\n\r\nextra'],
  ])('refuses %s', async (_name, wire) => {
    await expect(decode(Buffer.from(wire, 'latin1'), [3])).rejects.toMatchObject({ code: 'MALFORMED_CHUNK' });
  });
});
