import { describe, expect, test } from 'vitest';
import { formatQuery, resolveLocation } from '../../src/http/addressing.js';

describe('where a request goes', () => {
  test('path style: the bucket itself is /bucket, as the AWS SDKs send it; an object is /bucket/key', () => {
    const endpoint = new URL('http://127.0.0.1:4568');
    const bucket = resolveLocation(endpoint, 'path', 'conformance', undefined);
    expect(`${bucket.wirePath}${formatQuery([['uploads', undefined]])}`).toBe('/conformance?uploads');
    expect(bucket.decodedPath).toBe('/conformance');
    expect(resolveLocation(endpoint, 'path', 'conformance', 'a b/c').wirePath).toBe('/conformance/a%20b/c');
  });

  test('virtual style: the bucket in the Host, the bucket itself is /', () => {
    const location = resolveLocation(new URL('http://127.0.0.1:9000'), 'virtual', 'b-1250000000', undefined);
    expect([location.host, location.wirePath]).toEqual(['b-1250000000.127.0.0.1:9000', '/']);
  });
});
