import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { amzDate, signSigV4, UNSIGNED_PAYLOAD } from '../../src/signing/sigv4.js';
import { encodeKeyPath } from '../../src/signing/url-encode.js';

// Our SigV4 signer is checked against the AWS SDK's own (@smithy/signature-v4), used only as an oracle.
const tokenName = fc.stringMatching(/^[a-z0-9][a-z0-9_.~-]{0,11}$/);
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)),
  fc.constantFrom('', 'a  b', ' padded ', 'x=y&z', '腾讯云', '/a/b'),
);
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/);

describe('SigV4 agrees with @smithy/signature-v4', () => {
  test('identical Authorization over generated requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(fc.tuple(tokenName, value), { selector: ([n]) => n, maxLength: 4 }),
        fc.uniqueArray(
          fc.tuple(
            tokenName.map((n) => `x-amz-meta-${n}`),
            headerValue,
          ),
          { selector: ([n]) => n, maxLength: 3 },
        ),
        fc.date({ min: new Date('2015-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        fc.constantFrom('us-east-1', 'ap-beijing', 'ap-guangzhou'),
        fc.constantFrom(UNSIGNED_PAYLOAD, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
        async (method, segments, query, meta, date, region, payloadHash) => {
          const keyPath = `/bucket/${encodeKeyPath(segments.join('/'))}`;
          const when = amzDate(date);
          const headers: Array<[string, string]> = [
            ['host', '127.0.0.1:9000'],
            ['x-amz-content-sha256', payloadHash],
            ['x-amz-date', when],
            ...meta,
          ];
          const ours = signSigV4({
            method,
            encodedPath: keyPath,
            query,
            signedHeaders: headers,
            payloadHash,
            amzDate: when,
            region,
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          });
          const signer = new SignatureV4({
            credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
            region,
            service: 's3',
            sha256: Hash.bind(null, 'sha256'),
            uriEscapePath: false,
            applyChecksum: false,
          });
          const signed = await signer.sign(
            {
              method,
              protocol: 'http:',
              hostname: '127.0.0.1',
              port: 9000,
              path: keyPath,
              query: Object.fromEntries(query.map(([n, v]) => [n, v])),
              headers: Object.fromEntries(headers.filter(([n]) => n !== 'x-amz-date')),
            },
            { signingDate: date },
          );
          expect(ours.authorization).toBe(signed.headers.authorization);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('repeated query names: identical Authorization (the AWS SDK takes a list of values)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('prefix', 'a', 'b-c'), value), { minLength: 1, maxLength: 6 }), async (query) => {
        const when = '20260101T000000Z';
        const headers: Array<[string, string]> = [
          ['host', '127.0.0.1:9000'],
          ['x-amz-content-sha256', UNSIGNED_PAYLOAD],
          ['x-amz-date', when],
        ];
        const ours = signSigV4({
          method: 'GET',
          encodedPath: '/bucket',
          query,
          signedHeaders: headers,
          payloadHash: UNSIGNED_PAYLOAD,
          amzDate: when,
          region: 'ap-beijing',
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'secret',
        });
        const grouped: Record<string, string[]> = {};
        for (const [name, v] of query) {
          grouped[name] ??= [];
          grouped[name].push(v ?? '');
        }
        const signer = new SignatureV4({
          credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
          region: 'ap-beijing',
          service: 's3',
          sha256: Hash.bind(null, 'sha256'),
          uriEscapePath: false,
          applyChecksum: false,
        });
        const signed = await signer.sign(
          {
            method: 'GET',
            protocol: 'http:',
            hostname: '127.0.0.1',
            port: 9000,
            path: '/bucket',
            query: grouped,
            headers: Object.fromEntries(headers.filter(([n]) => n !== 'x-amz-date')),
          },
          { signingDate: new Date('2026-01-01T00:00:00Z') },
        );
        expect(ours.authorization).toBe(signed.headers.authorization);
      }),
      { numRuns: 300 },
    );
  });
});
