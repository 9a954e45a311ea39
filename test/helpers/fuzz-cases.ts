import fc from 'fast-check';

/**
 * Generated requests for fuzzing the emulator, as data: what a request is for, what is changed before it is
 * signed (so the signature still holds and the handlers are reached), how its body is framed, and what is done
 * to its bytes after signing. fuzz-render.ts turns a case into the steps of one connection.
 */
export type Operation =
  | 'upload-part'
  | 'list-parts'
  | 'complete'
  | 'initiate'
  | 'put-object'
  | 'get-object'
  | 'head-object'
  | 'list-bucket'
  | 'list-uploads'
  | 'abort-doomed';

/** Changes made before signing: the request is still signed, so the handlers judge it. */
export type SemanticMutation =
  | { readonly kind: 'part-number'; readonly value: string }
  | { readonly kind: 'upload-id'; readonly value: 'unknown' | 'empty' | 'missing' | 'other-upload' | 'unknown-first' | 'twice' }
  | { readonly kind: 'key'; readonly value: string }
  | { readonly kind: 'extra-query'; readonly pairs: ReadonlyArray<readonly [string, string | undefined]> }
  | { readonly kind: 'header'; readonly name: string; readonly value: string }
  | { readonly kind: 'method'; readonly value: string };

export type Framing =
  | 'length'
  | 'no-length'
  | 'short-length'
  | 'long-length-end'
  | 'long-length-vanish'
  | 'chunked'
  | 'chunked-bad-size'
  | 'chunked-unterminated'
  | 'chunked-and-length'
  | 'duplicate-length'
  | 'expect-wait'
  | 'expect-eager'
  | 'expect-never'
  | 'expect-unknown'
  | 'vanish-mid-body'
  | 'end-mid-body'
  | 'vanish-in-head'
  | 'end-in-head'
  | 'slow-body';

/** Changes made to the bytes after signing. */
export type WireMutation =
  | { readonly kind: 'bad-percent'; readonly text: string }
  | { readonly kind: 'octet-in-target'; readonly octet: number; readonly at: number }
  | { readonly kind: 'target-form'; readonly form: 'absolute' | 'asterisk' | 'authority' | 'fragment' | 'long' | 'empty' | 'no-slash' }
  | { readonly kind: 'version'; readonly text: string }
  | { readonly kind: 'bare-lf' }
  | { readonly kind: 'obs-fold' }
  | { readonly kind: 'header-line'; readonly line: string }
  | { readonly kind: 'huge-header'; readonly size: number }
  | { readonly kind: 'many-headers'; readonly count: number }
  | { readonly kind: 'second-host' }
  | { readonly kind: 'no-host' }
  | { readonly kind: 'leading-empty-lines' }
  | { readonly kind: 'byte-flip'; readonly positions: readonly number[]; readonly mask: number }
  | { readonly kind: 'raw-method'; readonly text: string }
  | { readonly kind: 'not-http'; readonly bytes: Uint8Array };

export interface FuzzCase {
  readonly operation: Operation;
  readonly uploadSlot: number;
  readonly partSlot: number;
  readonly bodyLength: number;
  readonly bodySeed: number;
  readonly contentMd5: 'none' | 'right' | 'wrong' | 'malformed';
  readonly signing: 'valid' | 'none' | 'wrong-secret' | 'expired' | 'garbage';
  readonly semantic: SemanticMutation | undefined;
  readonly framing: Framing;
  readonly wire: WireMutation | undefined;
  readonly keepAlive: boolean;
  /** Complete's XML body. */
  readonly xml: string;
}

const weighted = <T>(...entries: Array<[number, fc.Arbitrary<T>]>) =>
  fc.oneof(...entries.map(([weight, arbitrary]) => ({ weight, arbitrary })));

const operation: fc.Arbitrary<Operation> = weighted<Operation>(
  [12, fc.constant('upload-part')],
  [2, fc.constant('list-parts')],
  [2, fc.constant('complete')],
  [1, fc.constantFrom<Operation>('initiate', 'put-object', 'get-object', 'head-object', 'list-bucket', 'list-uploads', 'abort-doomed')],
);

const oddText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%%',
    '%zz',
    '..',
    '../..',
    '/',
    '//',
    '?',
    '#',
    '&',
    '=',
    '+',
    '\u0000',
    '\u007f',
    'é',
    '腾讯云',
    '😀',
    'a b',
    '\t',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
);

const semantic: fc.Arbitrary<SemanticMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('part-number' as const),
    value: fc.oneof(
      fc.constantFrom(
        '0',
        '-1',
        '10001',
        '10000',
        'abc',
        '',
        '1.5',
        '+1',
        ' 1',
        '1 ',
        '1e3',
        '0x10',
        '99999999999999999999',
        '4294967297',
        '1,2',
        '١',
        'leading-zeros',
      ),
      fc.integer({ min: -5, max: 20_000 }).map(String),
      oddText,
    ),
  }),
  fc.record({
    kind: fc.constant('upload-id' as const),
    value: fc.constantFrom('unknown', 'empty', 'missing', 'other-upload', 'unknown-first', 'twice') as fc.Arbitrary<'unknown'>,
  }),
  fc.record({
    kind: fc.constant('key' as const),
    value: fc.oneof(
      fc.constantFrom('', 'a/../b', '..', '%2F', 'ü/ß', '\u0000', ' ', 'a?b', 'a#b', 'x'.repeat(3000), 'fuzz/', '/lead'),
      oddText,
    ),
  }),
  fc.record({
    kind: fc.constant('extra-query' as const),
    pairs: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'partNumber',
            'uploadId',
            'max-parts',
            'part-number-marker',
            'uploads',
            'prefix',
            'max-uploads',
            'max-keys',
            'marker',
            'x-cos-security-token',
            'encoding-type',
            'versionId',
          ),
          oddText,
        ),
        fc.option(fc.oneof(fc.constantFrom('-1', '0', '1001', 'abc', '99999999999', '', '%'), oddText), { nil: undefined }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.constantFrom(
      'x-cos-storage-class',
      'x-cos-server-side-encryption',
      'Content-Type',
      'x-cos-meta-fuzz',
      'Range',
      'If-Match',
      'x-amz-content-sha256',
      'x-cos-security-token',
      'Cache-Control',
      'Content-Encoding',
      'x-cos-acl',
    ),
    value: fc.oneof(
      fc.constantFrom(
        '',
        'GLACIER',
        'standard',
        'AES257',
        'cos/kms',
        'bytes=0-1',
        '*',
        'a'.repeat(64),
        'not-a-token',
        'text/plain; charset=utf-8',
        'gzip',
      ),
      fc.string({
        unit: fc
          .integer({ min: 0x20, max: 0xff })
          .filter((c) => c !== 0x7f)
          .map((c) => String.fromCharCode(c)),
        maxLength: 40,
      }),
    ),
  }),
  fc.record({
    kind: fc.constant('method' as const),
    value: fc.constantFrom('OPTIONS', 'PATCH', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE', 'POST', 'PUT', 'GET', 'HEAD'),
  }),
);

const framing: fc.Arbitrary<Framing> = weighted<Framing>(
  [10, fc.constant('length')],
  [
    1,
    fc.constantFrom<Framing>(
      'no-length',
      'short-length',
      'long-length-end',
      'long-length-vanish',
      'chunked',
      'chunked-bad-size',
      'chunked-unterminated',
      'chunked-and-length',
      'duplicate-length',
    ),
  ],
  [
    1,
    fc.constantFrom<Framing>(
      'expect-wait',
      'expect-eager',
      'expect-never',
      'expect-unknown',
      'vanish-mid-body',
      'end-mid-body',
      'vanish-in-head',
      'end-in-head',
      'slow-body',
    ),
  ],
);

const wire: fc.Arbitrary<WireMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('bad-percent' as const),
    text: fc.constantFrom('%', '%G1', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%%41', '%2'),
  }),
  fc.record({
    kind: fc.constant('octet-in-target' as const),
    octet: fc.oneof(
      fc.integer({ min: 0, max: 0x20 }),
      fc.integer({ min: 0x7f, max: 0xff }),
      fc.constantFrom(0x22, 0x3c, 0x3e, 0x5c, 0x5e, 0x60, 0x7b, 0x7c, 0x7d),
    ),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('target-form' as const),
    form: fc.constantFrom('absolute', 'asterisk', 'authority', 'fragment', 'long', 'empty', 'no-slash') as fc.Arbitrary<'absolute'>,
  }),
  fc.record({
    kind: fc.constant('version' as const),
    text: fc.constantFrom(
      'HTTP/1.0',
      'HTTP/2.0',
      'HTTP/1.2',
      'HTTP/0.9',
      'HTTP/1.1x',
      '',
      'http/1.1',
      'HTTP/1.1 ',
      'HTTPS/1.1',
      'HTTP/9.9',
    ),
  }),
  fc.constant({ kind: 'bare-lf' as const }),
  fc.constant({ kind: 'obs-fold' as const }),
  fc.record({
    kind: fc.constant('header-line' as const),
    line: fc.oneof(
      fc.constantFrom(
        'Bad Header: x',
        '(): x',
        ': novalue',
        'NoColon',
        'X-Ctl: a\u0001b',
        'X-Del: a\u007fb',
        'X-Nul: a\u0000b',
        'Host : spaced',
        'Transfer-Encoding: gzip',
        'Transfer-Encoding: chunked, gzip',
        'Content-Length: -1',
        'Content-Length: 1e3',
        'Content-Length: +5',
        'Expect: 100-continue',
        'Connection: Upgrade\r\nUpgrade: websocket',
        'X-Latin: \u00e9\u00ff',
        'Authorization: q-sign-algorithm=sha1',
      ),
      fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/\r|\n/g, '')),
    ),
  }),
  fc.record({ kind: fc.constant('huge-header' as const), size: fc.constantFrom(8 * 1024, 17 * 1024, 70 * 1024) }),
  fc.record({ kind: fc.constant('many-headers' as const), count: fc.constantFrom(100, 2100) }),
  fc.constant({ kind: 'second-host' as const }),
  fc.constant({ kind: 'no-host' as const }),
  fc.constant({ kind: 'leading-empty-lines' as const }),
  fc.record({
    kind: fc.constant('byte-flip' as const),
    positions: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('raw-method' as const),
    text: fc.constantFrom('get', 'G ET', '', 'CONNECT', 'PRI', 'BREW', 'P\u00dcT', 'PUT PUT', 'DELETE'),
  }),
  fc.record({
    kind: fc.constant('not-http' as const),
    bytes: fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.constantFrom(
        Uint8Array.from(Buffer.from('16030100a5010000a10303', 'hex')),
        Uint8Array.from(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')),
        Uint8Array.from(Buffer.from('SSH-2.0-OpenSSH_9.0\r\n')),
        Uint8Array.from(Buffer.from('\r\n\r\n\r\n')),
      ),
    ),
  }),
);

/** Complete bodies: well-formed lists with wrong ETags or orders, broken XML, entity expansion, deep nesting. */
const completeXml = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.integer({ min: -2, max: 10_002 }).map(String), oddText),
        fc.oneof(
          fc.stringMatching(/^[0-9a-f]{32}$/).map((h) => `"${h}"`),
          oddText,
        ),
      ),
      { maxLength: 4 },
    )
    .map(
      (parts) =>
        `<CompleteMultipartUpload>${parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`,
    ),
  fc.constantFrom(
    '',
    '<',
    '<CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part/></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber><x/></PartNumber><ETag/></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag><Part></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload>text</CompleteMultipartUpload>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><CompleteMultipartUpload><Part><PartNumber>&c;</PartNumber><ETag>&c;</ETag></Part></CompleteMultipartUpload>',
    '<!DOCTYPE x SYSTEM "file:///etc/passwd"><CompleteMultipartUpload/>',
    '<CompleteMultipartUpload><![CDATA[<Part>]]></CompleteMultipartUpload>',
    `${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`,
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&#xD800;</ETag></Part></CompleteMultipartUpload>',
    '<CompleteMultipartUpload><__proto__><polluted>1</polluted></__proto__><Part><constructor>1</constructor></Part></CompleteMultipartUpload>',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  operation,
  uploadSlot: fc.nat(),
  partSlot: fc.integer({ min: 0, max: 4 }),
  bodyLength: weighted([3, fc.integer({ min: 0, max: 2048 })], [1, fc.integer({ min: 2049, max: 96 * 1024 })]),
  bodySeed: fc.integer({ min: 1, max: 2 ** 30 }),
  contentMd5: weighted([6, fc.constant('none' as const)], [1, fc.constantFrom('right', 'wrong', 'malformed') as fc.Arbitrary<'right'>]),
  signing: weighted(
    [8, fc.constant('valid' as const)],
    [1, fc.constantFrom('none', 'wrong-secret', 'expired', 'garbage') as fc.Arbitrary<'none'>],
  ),
  semantic: fc.option(semantic, { freq: 2, nil: undefined }),
  framing,
  wire: fc.option(wire, { freq: 2, nil: undefined }),
  keepAlive: fc.boolean(),
  xml: completeXml,
});
