import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatQuery, resolveLocation } from '../../src/http/addressing.js';
import { UnsendableRequestError } from '../../src/http/errors.js';
import { authenticate } from '../../src/http/sign-request.js';
import { signCos, UnsignableRequestError } from '../../src/signing/cos-signature.js';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';

// The client signs, the request crosses real HTTP, the emulator verifies: generated query strings and headers
// (repeated names, empty names and values, encodings, whitespace) must be accepted as sent, in any order the
// signature does not cover, and refused once a signed part of them is changed.

type Query = Array<[string, string | undefined]>;
type Headers = Array<[string, string]>;

// Parameters GET Bucket reads as numbers, and the signature's own: renamed so that every request is answerable.
const MEANINGFUL = new Set([
  'max-keys',
  'max-uploads',
  'x-cos-security-token',
  'x-amz-signature',
  'q-sign-algorithm',
  'q-ak',
  'q-sign-time',
  'q-key-time',
  'q-header-list',
  'q-url-param-list',
  'q-signature',
]);
const paramName = fc
  .oneof(
    fc.constantFrom('prefix', 'Prefix', 'PREFIX', 'a', 'A', 'a1', 'a:', '', 'x y', 'a+b', '%', '=', '&', '腾讯云', 'é', "!'()*", 'uploads'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  )
  .map((name) => (MEANINGFUL.has(name.toLowerCase()) ? `z${name}` : name));
const paramValue = fc.option(
  fc.oneof(
    fc.constantFrom('', ' ', 'a b', 'a+b', '%2F', '/a/b?c', 'x=y&z', '腾讯云', "!'()*", 'b', 'a'),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
  ),
  { nil: undefined },
);
const query = fc
  .array(fc.tuple(paramName, paramValue), { maxLength: 7 })
  // A parameter with neither a name nor a value is no parameter on the wire; the client refuses it (tested below).
  .map((pairs) => pairs.map(([name, value]): [string, string | undefined] => [name, name === '' && value === undefined ? '' : value]));

const octets = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(9))
    .map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const padding = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const headerValue = fc.tuple(padding, octets, padding).map(([before, value, after]) => `${before}${value}${after}`);
const headerName = fc.constantFrom('x-cos-meta-a', 'X-Cos-Meta-A', 'x-cos-meta-b', 'x-cos-meta-c*', 'Cache-Control', 'If-Match');
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 });

interface WireRequest {
  readonly query: Query;
  readonly headers: Headers;
}

async function send(fx: EmulatorFixture, wire: WireRequest): Promise<number> {
  const location = resolveLocation(fx.config.endpoint!, fx.config.addressing, fx.config.bucket, undefined);
  const response = await request(`${location.origin.origin}${location.wirePath}${formatQuery(wire.query)}`, {
    method: 'GET',
    headers: wire.headers.flat(),
  });
  await response.body.dump();
  return response.statusCode;
}

function signed(fx: EmulatorFixture, wire: WireRequest): Headers {
  const location = resolveLocation(fx.config.endpoint!, fx.config.addressing, fx.config.bucket, undefined);
  return authenticate(fx.config, {
    method: 'GET',
    wirePath: location.wirePath,
    decodedPath: location.decodedPath,
    query: wire.query,
    headers: [['Host', location.host], ...wire.headers],
  });
}

const isLoneEmptyName = (q: Query) => q.length === 1 && q[0]![0] === '';

/** Changes a signed part of the request: it must be refused. `undefined` when the request gives nothing to change. */
function tamper(mode: 'cos' | 'sigv4', wire: WireRequest, choice: number): WireRequest | undefined {
  const signedHeader = wire.headers.find(([name, value]) => name.toLowerCase().startsWith('x-cos-meta-') && value !== '');
  const options: Array<() => WireRequest> = [];
  const first = wire.query[0];
  if (first) {
    options.push(() => ({ ...wire, query: [[first[0], `${first[1] ?? ''}!`], ...wire.query.slice(1)] }));
    options.push(() => ({ ...wire, query: [...wire.query, [first[0], 'another value']] }));
    const repeated = wire.query.findIndex(([name], i) =>
      wire.query.some(([other], j) => j !== i && other.toLowerCase() === name.toLowerCase()),
    );
    if (repeated >= 0) options.push(() => ({ ...wire, query: wire.query.filter((_, i) => i !== repeated) }));
  }
  if (mode === 'sigv4') options.push(() => ({ ...wire, query: [...wire.query, ['added', 'x']] }));
  if (signedHeader) {
    options.push(() => ({ ...wire, headers: [...wire.headers, [signedHeader[0], 'one more line']] }));
    options.push(() => ({
      ...wire,
      headers: wire.headers.map(([n, v]) => (n === signedHeader[0] && v === signedHeader[1] ? [n, `${v}x`] : [n, v])),
    }));
  }
  return options.length === 0 ? undefined : options[choice % options.length]!();
}

describe.each(['cos', 'sigv4'] as const)('%s signature: what the client signs is what the emulator verifies', (mode) => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await withEmulator({ COS_SIGNATURE: mode });
  });
  afterAll(() => fx.close());

  test('generated queries and headers are accepted as sent, in any order the signature leaves free; a changed one is refused', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(query, headers, fc.nat(), fc.nat(), async (q, h, shuffleSeed, choice) => {
        fc.pre(!isLoneEmptyName(q) || mode === 'sigv4');
        const sent = signed(fx, { query: q, headers: h });
        expect(await send(fx, { query: q, headers: sent })).toBe(200);
        accepted++;
        // Whitespace around a value never reaches the server, and parameters may travel in any order.
        const rotate = <T>(items: T[]) =>
          items.length === 0 ? items : [...items.slice(shuffleSeed % items.length), ...items.slice(0, shuffleSeed % items.length)];
        const padded = sent.map(([n, v]): [string, string] => (n.toLowerCase().startsWith('x-cos-meta-') ? [n, ` ${v}\t`] : [n, v]));
        expect(await send(fx, { query: rotate(q), headers: padded })).toBe(200);
        const changed = tamper(mode, { query: q, headers: sent }, choice);
        if (changed) {
          expect(await send(fx, changed)).toBe(403);
          refused++;
        }
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(50);
  });

  test('?prefix=b&prefix=a: accepted as sent and in the other order; with one of the two dropped, refused', async () => {
    const q: Query = [
      ['prefix', 'b'],
      ['prefix', 'a'],
    ];
    const sent = signed(fx, { query: q, headers: [] });
    expect(await send(fx, { query: q, headers: sent })).toBe(200);
    expect(await send(fx, { query: [...q].reverse(), headers: sent })).toBe(200);
    expect(await send(fx, { query: [['prefix', 'b']], headers: sent })).toBe(403);
  });

  test('a header sent on two lines: accepted as sent; with a third line, refused', async () => {
    const h: Headers = [
      ['x-cos-meta-tag', 'one'],
      ['x-cos-meta-tag', ' two '],
    ];
    const sent = signed(fx, { query: [], headers: h });
    expect(await send(fx, { query: [], headers: sent })).toBe(200);
    expect(await send(fx, { query: [], headers: [...sent, ['x-cos-meta-tag', 'three']] })).toBe(403);
  });
});

describe('the COS verifier counts what arrives', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await withEmulator();
  });
  afterAll(() => fx.close());

  function authorizationFor(signedQuery: Query, host: string): string {
    const now = Math.floor(Date.now() / 1000) - 1;
    return signCos({
      method: 'GET',
      pathname: '/',
      query: signedQuery,
      signedHeaders: [['host', host]],
      keyTime: { start: now, end: now + 900 },
      secretId: fx.config.credentials.secretId,
      secretKey: fx.config.credentials.secretKey,
    }).authorization;
  }

  test('a list naming an empty-name parameter twice, sent once: refused; sent twice: accepted', async () => {
    const host = resolveLocation(fx.config.endpoint!, fx.config.addressing, fx.config.bucket, undefined).host;
    const authorization = authorizationFor(
      [
        ['', 'x'],
        ['', 'x'],
      ],
      host,
    );
    const token = fx.config.credentials.securityToken;
    const headers: Headers = [
      ['Host', host],
      ['Authorization', authorization],
      ...(token ? [['x-cos-security-token', token] as [string, string]] : []),
    ];
    expect(await send(fx, { query: [['', 'x']], headers })).toBe(403);
    expect(
      await send(fx, {
        query: [
          ['', 'x'],
          ['', 'x'],
        ],
        headers,
      }),
    ).toBe(200);
  });
});

describe('the client refuses what the wire cannot carry', () => {
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await withEmulator();
  });
  afterAll(() => fx.close());

  test.each([
    ['a header value with CR LF', [['x-cos-meta-a', 'a\r\nx-cos-meta-b: injected']]],
    ['a header value with NUL', [['x-cos-meta-a', 'a\0b']]],
    ['a header value above U+00FF', [['x-cos-meta-a', '腾讯云']]],
    [
      'Content-Type twice',
      [
        ['Content-Type', 'a'],
        ['content-type', 'b'],
      ],
    ],
    ['a header name that is no token', [['x cos', 'a']]],
  ] as Array<[string, Headers]>)('%s: UnsendableRequestError before anything is sent', (_, h) => {
    expect(() => signed(fx, { query: [], headers: h })).toThrow(UnsendableRequestError);
  });

  test('a parameter with neither name nor value, and text with a lone surrogate: UnsendableRequestError', () => {
    expect(() => formatQuery([['', undefined]])).toThrow(UnsendableRequestError);
    expect(() => formatQuery([['a', '\uD800']])).toThrow(UnsendableRequestError);
  });

  test('a lone empty-name parameter: UnsignableRequestError (its list would read as no parameters)', () => {
    expect(() => signed(fx, { query: [['', 'x']], headers: [] })).toThrow(UnsignableRequestError);
  });

  test('whitespace around a value is signed trimmed and sent trimmed', () => {
    const sent = signed(fx, { query: [], headers: [['x-cos-meta-a', ' \tvalue \t']] });
    expect(sent.find(([n]) => n === 'x-cos-meta-a')).toEqual(['x-cos-meta-a', 'value']);
  });
});
