import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { signCos } from '../../src/signing/cos-signature.js';

// Tencent's two worked examples (doc 436/7778, Request Signature), kept as data. Every intermediate must match.
const vectorsPath = fileURLToPath(new URL('../../fixtures/signing/cos-doc-signature-examples.json', import.meta.url));

interface Vector {
  name: string;
  input: {
    secretId: string;
    secretKey: string;
    method: string;
    signedPathname: string;
    keyTime: string;
    query: Record<string, string>;
    headers: Record<string, string>;
  };
  intermediate: Record<string, string>;
  expectedAuthorization: string;
}

function loadVectors(): Vector[] {
  return (JSON.parse(readFileSync(vectorsPath, 'utf8')) as { vectors: Vector[] }).vectors;
}

describe('COS signature reproduces the document examples', () => {
  for (const vector of loadVectors()) {
    test(vector.name, () => {
      const [start, end] = vector.input.keyTime.split(';').map(Number) as [number, number];
      const signed = signCos({
        method: vector.input.method,
        pathname: vector.input.signedPathname,
        query: Object.entries(vector.input.query),
        signedHeaders: Object.entries(vector.input.headers),
        keyTime: { start, end },
        secretId: vector.input.secretId,
        secretKey: vector.input.secretKey,
      });
      const { intermediate } = vector;
      expect(signed.keyTime).toBe(intermediate.keyTime);
      expect(signed.signKey).toBe(intermediate.signKey);
      expect(signed.urlParamList).toBe(intermediate.urlParamList);
      expect(signed.httpParameters).toBe(intermediate.httpParameters);
      expect(signed.headerList).toBe(intermediate.headerList);
      expect(signed.httpHeaders).toBe(intermediate.httpHeaders);
      expect(signed.httpString).toBe(intermediate.httpString);
      expect(signed.httpStringSha1).toBe(intermediate.httpStringSha1);
      expect(signed.stringToSign).toBe(intermediate.stringToSign);
      expect(signed.signature).toBe(intermediate.signature);
      expect(signed.authorization).toBe(vector.expectedAuthorization);
    });
  }
});
