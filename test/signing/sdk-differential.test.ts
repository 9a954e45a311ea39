import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { selectSignedHeaders, signCos } from '../../src/signing/cos-signature.js';

// The official Node SDK is an independent oracle for everything the two doc examples do not cover.
const require = createRequire(import.meta.url);
const COS = require('cos-nodejs-sdk-v5') as {
  getAuthorization(options: Record<string, unknown>): string;
};

// Names made of unreserved characters encode to themselves, so the SDK's raw-name sort and the document's
// encoded-name sort agree on them (the one known disagreement is tested separately below).
const tokenName = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_.~-]{0,11}$/);
const awkwardValue = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, 'x')),
  fc.constantFrom('', ' ', 'a b', 'a+b', 'uin="100000000011"', 'x=y&z', '%2F', '/a/b?c', '腾讯云', 'max-age=600', "!'()*"),
);
const objectKey = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }),
      fc.constantFrom('exampleobject(腾讯云)', 'a b', 'c+d', 'e%20f', '~!*', 'ü', '#?&='),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((segments) => segments.join('/'))
  .filter((key) => !key.startsWith('/') && !/[\uD800-\uDFFF]/.test(key));

function uniqueByLowerCase<T extends readonly [string, unknown]>(pairs: T[]): T[] {
  const seen = new Set<string>();
  return pairs.filter(([name]) => {
    const lower = name.toLowerCase();
    if (seen.has(lower)) return false;
    seen.add(lower);
    return true;
  });
}

const query = fc.array(fc.tuple(tokenName, fc.option(awkwardValue, { nil: undefined })), { maxLength: 5 }).map(uniqueByLowerCase);
const headers = fc
  .tuple(
    fc.array(
      fc.tuple(
        tokenName.map((n) => `x-cos-meta-${n}`),
        awkwardValue,
      ),
      { maxLength: 4 },
    ),
    fc.subarray([
      ['Content-Type', 'application/octet-stream'],
      ['Content-MD5', 'mQ/fVh815F3k6TAUm8m0eg=='],
      ['Content-Length', '1048576'],
      ['x-cos-storage-class', 'STANDARD_IA'],
      ['Cache-Control', 'max-age=600, private'],
      ['User-Agent', 'not signed by the SDK'],
      ['Date', 'Thu, 16 May 2019 06:45:51 GMT'],
      ['x-amz-date', '20190516T064551Z'],
    ] as Array<[string, string]>),
    fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined }),
    fc.constantFrom('examplebucket-1250000000.cos.ap-beijing.myqcloud.com', '127.0.0.1:9000', 'b.127.0.0.1:43121'),
  )
  .map(([meta, fixed, token, host]) => {
    const all: Array<[string, string]> = [['Host', host], ...fixed, ...meta];
    if (token !== undefined) all.push(['x-cos-security-token', token]);
    return uniqueByLowerCase(all);
  });
const keyTime = fc
  .tuple(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 86_400 * 365 }))
  .map(([start, duration]) => ({ start, end: start + duration }));

describe('COS signature agrees with the official SDK (COS.getAuthorization)', () => {
  test('identical Authorization over generated requests', () => {
    let cases = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        objectKey,
        query,
        headers,
        keyTime,
        fc.stringMatching(/^AKID[A-Za-z0-9]{8,32}$/),
        fc.string({ minLength: 1, maxLength: 40 }),
        (method, key, queryPairs, headerPairs, time, secretId, secretKey) => {
          cases++;
          const ours = signCos({
            method,
            pathname: `/${key}`,
            query: queryPairs,
            signedHeaders: selectSignedHeaders(headerPairs),
            keyTime: time,
            secretId,
            secretKey,
          });
          // On the wire the SDK drops empty headers before signing and adds the security token after it.
          const sdkHeaders = Object.fromEntries(
            headerPairs.filter(([name, value]) => value !== '' && name.toLowerCase() !== 'x-cos-security-token'),
          );
          const theirs = COS.getAuthorization({
            SecretId: secretId,
            SecretKey: secretKey,
            Method: method,
            Key: key,
            Query: Object.fromEntries(queryPairs),
            Headers: sdkHeaders,
            KeyTime: `${time.start};${time.end}`,
          });
          expect(ours.authorization).toBe(theirs);
        },
      ),
      { numRuns: 1500 },
    );
    expect(cases).toBeGreaterThanOrEqual(1000);
  });

  test('names whose raw and encoded order differ: the SDK sorts the parameter string by raw name, the document by encoded name', () => {
    // The official SDK sorts the parameter string by raw names and the list by encoded ones: `a1` < `a:` raw, but `a%3a` < `a1` encoded. We follow the document (and the Go SDK),
    // so the two signatures differ here; real COS parameter names never look like this, and the suite avoids them.
    const input = {
      method: 'GET',
      pathname: '/k',
      query: [
        ['a1', 'x'],
        ['a:', 'y'],
      ] as Array<[string, string]>,
      signedHeaders: [['Host', 'h']] as Array<[string, string]>,
      keyTime: { start: 1, end: 2 },
      secretId: 'AKIDx',
      secretKey: 'k',
    };
    const ours = signCos(input);
    expect(ours.httpParameters).toBe('a%3a=y&a1=x');
    expect(ours.urlParamList).toBe('a%3a;a1');
    const theirs = COS.getAuthorization({
      SecretId: 'AKIDx',
      SecretKey: 'k',
      Method: 'GET',
      Key: 'k',
      Query: { a1: 'x', 'a:': 'y' },
      Headers: { Host: 'h' },
      KeyTime: '1;2',
    });
    expect(theirs).toContain('q-url-param-list=a%3a;a1');
    expect(theirs).not.toBe(ours.authorization);
  });

  test('a repeated name: every value signed, listed once per value, values in raw byte order (the Go SDK rule)', () => {
    // The Node SDK cannot express a repeated name; the Go SDK (auth.go valuesSignMap.Encode) groups by encoded,
    // lower-cased name and sorts each name's raw values. `a1` < `a:` raw, though `a%3A` < `a1` encoded.
    const signed = signCos({
      method: 'GET',
      pathname: '/',
      query: [
        ['prefix', 'a:'],
        ['Prefix', 'a1'],
        ['b', undefined],
        ['prefix', ''],
      ],
      signedHeaders: [
        ['Host', 'h'],
        ['x-cos-meta-tag', 'two'],
        ['x-cos-meta-tag', 'one'],
      ],
      keyTime: { start: 1, end: 2 },
      secretId: 'AKIDx',
      secretKey: 'k',
    });
    expect(signed.urlParamList).toBe('b;prefix;prefix;prefix');
    expect(signed.httpParameters).toBe('b=&prefix=&prefix=a1&prefix=a%3A');
    expect(signed.headerList).toBe('host;x-cos-meta-tag;x-cos-meta-tag');
    expect(signed.httpHeaders).toBe('host=h&x-cos-meta-tag=one&x-cos-meta-tag=two');
  });

  test('the order repeated values arrive in does not change the signature', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('prefix', 'Prefix', 'a'), awkwardValue), { maxLength: 6 }),
        fc.nat(),
        (pairs, rotation) => {
          const at = pairs.length === 0 ? 0 : rotation % pairs.length;
          const rotated = [...pairs.slice(at), ...pairs.slice(0, at)];
          const sign = (query: Array<[string, string]>) =>
            signCos({
              method: 'GET',
              pathname: '/',
              query,
              signedHeaders: [['host', 'h']],
              keyTime: { start: 1, end: 2 },
              secretId: 'AKIDx',
              secretKey: 'k',
            }).signature;
          expect(sign(rotated)).toBe(sign(pairs));
        },
      ),
      { numRuns: 300 },
    );
  });
});
