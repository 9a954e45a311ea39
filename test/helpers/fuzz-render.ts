import { createHash } from 'node:crypto';
import type { Config } from '../../src/config/index.js';
import { formatQuery, resolveLocation } from '../../src/http/addressing.js';
import { type AuthOptions, authenticate } from '../../src/http/sign-request.js';
import { bodyBytes } from '../../src/protocol/body.js';
import type { Framing, FuzzCase, SemanticMutation, WireMutation } from './fuzz-cases.js';
import type { WireStep } from './wire-exchange.js';

/** Turns a generated case into the steps of one connection, signed with the client's own signer. */
export interface UploadRef {
  readonly key: string;
  readonly uploadId: string;
}

export interface FuzzTargets {
  readonly config: Config;
  /** Uploads whose parts are judged afterwards. */
  readonly uploads: readonly UploadRef[];
  /** Uploads that cases may abort. */
  readonly doomed: readonly UploadRef[];
}

export interface RenderedCase {
  readonly steps: WireStep[];
  readonly headRequest: boolean;
  /**
   * The part a 200 would have stored: which, and its bytes (unknown when the head was mangled: an empty line or a
   * flipped byte can move where the body starts). `bodyComplete`: every byte of it went out.
   */
  readonly write?: {
    readonly uploadId: string;
    readonly partNumber: number;
    readonly md5Hex: string | undefined;
    readonly size: number | undefined;
    readonly bodyComplete: boolean;
  };
  /** An upload that an answer of 2xx ends. */
  readonly ends?: { readonly uploadId: string; readonly how: 'aborted' | 'completed' };
  /** Anything about it that a well-behaved client would not send. */
  readonly malformed: boolean;
  readonly summary: string;
}

type Query = Array<[string, string | undefined]>;
type Headers = Array<[string, string]>;

interface Request {
  method: string;
  key: string | undefined;
  query: Query;
  headers: Headers;
  body: Buffer;
}

export function renderCase(c: FuzzCase, lane: number, lanes: number, targets: FuzzTargets): RenderedCase {
  const partNumber = 1 + lane + lanes * c.partSlot;
  const upload = targets.uploads[c.uploadSlot % targets.uploads.length]!;
  const doomed = targets.doomed[c.uploadSlot % targets.doomed.length]!;
  const request = baseRequest(c, lane, partNumber, upload, doomed);
  if (c.semantic) applySemantic(request, c.semantic, partNumber, targets.uploads[(c.uploadSlot + 1) % targets.uploads.length]!);
  const declared = declaredLength(c.framing, request.body.length);
  const effective = request.body.subarray(0, Math.min(request.body.length, declared ?? request.body.length));
  if (c.contentMd5 !== 'none') {
    const digest =
      c.contentMd5 === 'malformed'
        ? 'abc'
        : createHash('md5')
            .update(c.contentMd5 === 'right' ? effective : Buffer.from('other'))
            .digest('base64');
    request.headers.push(['Content-MD5', digest]);
  }
  request.headers.push(...framingHeaders(c.framing, request.body.length, declared));
  if (!c.keepAlive) request.headers.push(['Connection', 'close']);

  const location = resolveLocation(targets.config.endpoint!, targets.config.addressing, targets.config.bucket, request.key);
  const signable = {
    method: request.method,
    wirePath: location.wirePath,
    decodedPath: location.decodedPath,
    query: request.query,
    headers: [['Host', location.host] as [string, string], ...request.headers],
  };
  const headers = authenticate(targets.config, signable, authOptions(c, targets.config));
  let method = request.method;
  let target = `${location.wirePath}${formatQuery(request.query)}`;
  let version = 'HTTP/1.1';
  let lines = headers.map(([n, v]) => `${n}: ${v}`);
  if (c.wire && c.wire.kind !== 'byte-flip' && c.wire.kind !== 'not-http')
    ({ method, target, version, lines } = mutateHead(c.wire, { method, target, version, lines }, location.host));
  let head = Buffer.from(
    `${c.wire?.kind === 'leading-empty-lines' ? '\r\n\r\n' : ''}${method} ${target} ${version}\r\n${lines.join('\r\n')}\r\n\r\n`,
    'latin1',
  );
  if (c.wire?.kind === 'bare-lf') head = Buffer.from(head.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
  if (c.wire?.kind === 'byte-flip') {
    head = Buffer.from(head);
    for (const position of c.wire.positions) head[position % head.length]! ^= c.wire.mask;
  }
  const steps =
    c.wire?.kind === 'not-http'
      ? ([{ kind: 'write', bytes: Buffer.from(c.wire.bytes) }, { kind: 'pause', ms: 20 }, { kind: 'end' }] as WireStep[])
      : bodySteps(c.framing, head, request.body, c.bodySeed);

  const idValue = request.query.find(([n]) => n === 'uploadId')?.[1];
  const numberValue = request.query.find(([n]) => n === 'partNumber')?.[1];
  const judged = targets.uploads.find((u) => u.uploadId === idValue);
  const writes =
    method === 'PUT' &&
    judged &&
    numberValue !== undefined &&
    /^[0-9]{1,12}$/.test(numberValue) &&
    Number(numberValue) >= 1 &&
    Number(numberValue) <= 10_000 &&
    c.wire?.kind !== 'not-http';
  // Half of an empty body is all of it: the cut-off framings send a whole body when there is none.
  const complete = COMPLETE_FRAMINGS.has(c.framing) || (request.body.length === 0 && EMPTY_BODY_COMPLETE.has(c.framing));
  return {
    steps,
    headRequest: method === 'HEAD',
    ...(writes
      ? {
          write: {
            uploadId: judged.uploadId,
            partNumber: Number(numberValue),
            ...(c.wire
              ? { md5Hex: undefined, size: undefined }
              : { md5Hex: createHash('md5').update(effective).digest('hex'), size: effective.length }),
            bodyComplete: complete,
          },
        }
      : {}),
    ...(method === 'DELETE' && idValue !== undefined ? { ends: { uploadId: idValue, how: 'aborted' as const } } : {}),
    ...(method === 'POST' && idValue !== undefined ? { ends: { uploadId: idValue, how: 'completed' as const } } : {}),
    malformed:
      c.semantic !== undefined ||
      c.signing !== 'valid' ||
      c.framing !== 'length' ||
      c.wire !== undefined ||
      c.contentMd5 === 'wrong' ||
      c.contentMd5 === 'malformed' ||
      c.operation === 'complete',
    summary: JSON.stringify({
      ...c,
      xml: c.xml.slice(0, 80),
      wire: c.wire?.kind === 'not-http' ? `not-http ${Buffer.from(c.wire.bytes).toString('hex').slice(0, 60)}` : c.wire,
    }),
  };
}

function baseRequest(c: FuzzCase, lane: number, partNumber: number, upload: UploadRef, doomed: UploadRef): Request {
  const body = bodyBytes({ seed: c.bodySeed, length: c.bodyLength });
  const empty = Buffer.alloc(0);
  switch (c.operation) {
    case 'upload-part':
      return {
        method: 'PUT',
        key: upload.key,
        query: [
          ['partNumber', String(partNumber)],
          ['uploadId', upload.uploadId],
        ],
        headers: [],
        body,
      };
    case 'list-parts':
      return { method: 'GET', key: upload.key, query: [['uploadId', upload.uploadId]], headers: [], body: empty };
    case 'complete':
      return {
        method: 'POST',
        key: upload.key,
        query: [['uploadId', upload.uploadId]],
        headers: [['Content-Type', 'application/xml']],
        body: Buffer.from(c.xml),
      };
    case 'initiate':
      return { method: 'POST', key: `fuzz/new-${lane}`, query: [['uploads', undefined]], headers: [], body: empty };
    case 'put-object':
      return { method: 'PUT', key: `fuzz/object-${lane}`, query: [], headers: [], body };
    case 'get-object':
      return { method: 'GET', key: `fuzz/object-${lane}`, query: [], headers: [], body: empty };
    case 'head-object':
      return { method: 'HEAD', key: `fuzz/object-${lane}`, query: [], headers: [], body: empty };
    case 'list-bucket':
      return { method: 'GET', key: undefined, query: [['prefix', 'fuzz/']], headers: [], body: empty };
    case 'list-uploads':
      return { method: 'GET', key: undefined, query: [['uploads', undefined]], headers: [], body: empty };
    case 'abort-doomed':
      return { method: 'DELETE', key: doomed.key, query: [['uploadId', doomed.uploadId]], headers: [], body: empty };
  }
}

function applySemantic(request: Request, mutation: SemanticMutation, partNumber: number, other: UploadRef): void {
  const id = request.query.find(([n]) => n === 'uploadId')?.[1] ?? other.uploadId;
  const withoutId = request.query.filter(([n]) => n !== 'uploadId');
  switch (mutation.kind) {
    case 'part-number': {
      const value = mutation.value === 'leading-zeros' ? `00${partNumber}` : mutation.value;
      request.query = [['partNumber', value], ...request.query.filter(([n]) => n !== 'partNumber')];
      return;
    }
    case 'upload-id': {
      const replaced: Record<typeof mutation.value, Query> = {
        unknown: [...withoutId, ['uploadId', '1700000000deadbeef']],
        empty: [...withoutId, ['uploadId', '']],
        missing: withoutId,
        'other-upload': [...withoutId, ['uploadId', other.uploadId]],
        'unknown-first': [['uploadId', 'nope'], ...withoutId, ['uploadId', id]],
        twice: [...withoutId, ['uploadId', id], ['uploadId', id]],
      };
      request.query = replaced[mutation.value];
      return;
    }
    case 'key':
      request.key = mutation.value === '' ? undefined : mutation.value;
      return;
    case 'extra-query':
      // A nameless, valueless parameter cannot be sent (the client refuses it); a lone empty name cannot be signed.
      request.query.push(...mutation.pairs.map(([n, v]): [string, string | undefined] => [n === '' ? 'unnamed' : n, v]));
      return;
    case 'header':
      request.headers = [
        ...request.headers.filter(([n]) => n.toLowerCase() !== mutation.name.toLowerCase()),
        [mutation.name, mutation.value],
      ];
      return;
    case 'method':
      request.method = mutation.value;
  }
}

function authOptions(c: FuzzCase, config: Config): AuthOptions {
  const now = Math.floor(Date.now() / 1000);
  switch (c.signing) {
    case 'valid':
      return {};
    case 'none':
      return { mode: 'none' };
    case 'wrong-secret':
      return { credentials: { ...config.credentials, secretKey: 'not-the-secret' } };
    case 'expired':
      return { keyTime: { start: now - 7200, end: now - 3600 } };
    case 'garbage':
      return {
        tamper: (headers) =>
          headers.map(([n, v]) => (n === 'Authorization' ? [n, `q-sign-algorithm=sha1&q-ak=${c.bodySeed}&q-signature=;;`] : [n, v])),
      };
  }
}

/** Framings after which every byte of the body has gone out, so a server may have stored it. */
const COMPLETE_FRAMINGS = new Set<Framing>([
  'length',
  'short-length',
  'chunked',
  'chunked-and-length',
  'duplicate-length',
  'expect-wait',
  'expect-eager',
  'expect-unknown',
  'slow-body',
]);

const EMPTY_BODY_COMPLETE = new Set<Framing>(['vanish-mid-body', 'end-mid-body', 'expect-never']);

function declaredLength(framing: Framing, length: number): number | undefined {
  if (framing === 'short-length') return Math.floor(length / 2);
  if (framing === 'long-length-end' || framing === 'long-length-vanish') return length + 1 + (length % 7);
  if (framing.startsWith('chunked') || framing === 'no-length') return undefined;
  return length;
}

function framingHeaders(framing: Framing, length: number, declared: number | undefined): Headers {
  const headers: Headers = [];
  if (framing.startsWith('chunked')) headers.push(['Transfer-Encoding', 'chunked']);
  if (declared !== undefined || framing === 'chunked-and-length') headers.push(['Content-Length', String(declared ?? length)]);
  if (framing === 'expect-wait' || framing === 'expect-eager' || framing === 'expect-never') headers.push(['Expect', '100-continue']);
  if (framing === 'expect-unknown') headers.push(['Expect', '200-ok']);
  return headers;
}

const chunked = (body: Buffer) =>
  body.length === 0
    ? Buffer.from('0\r\n\r\n')
    : Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
const BAD_CHUNK_SIZES = ['zz', '-1', 'ffffffffffffffffffff', '1;ext="\u0001"', ' 1', '0x10', ''];

function bodySteps(framing: Framing, head: Buffer, body: Buffer, seed: number): WireStep[] {
  const write = (...parts: Buffer[]): WireStep => ({ kind: 'write', bytes: Buffer.concat(parts) });
  const half = body.subarray(0, Math.floor(body.length / 2));
  const cut = head.subarray(0, 1 + (seed % Math.max(1, head.length - 4)));
  switch (framing) {
    case 'length':
    case 'short-length':
    case 'no-length':
    case 'duplicate-length':
    case 'expect-eager':
    case 'expect-unknown':
      return [write(framing === 'duplicate-length' ? withSecondLength(head, body.length + (seed % 2)) : head, body)];
    case 'chunked':
    case 'chunked-and-length':
      return [write(head, chunked(body))];
    case 'chunked-bad-size': {
      const size = seed % 8 === 7 ? (body.length + 100).toString(16) : BAD_CHUNK_SIZES[seed % BAD_CHUNK_SIZES.length]!;
      return [write(head, Buffer.from(`${size}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')), { kind: 'pause', ms: 10 }, { kind: 'end' }];
    }
    case 'chunked-unterminated':
      return [
        write(head, Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')),
        { kind: 'pause', ms: 10 },
        { kind: 'end' },
      ];
    case 'long-length-end':
      return [write(head, body), { kind: 'end' }];
    case 'long-length-vanish':
      return [write(head, body), { kind: 'pause', ms: 20 }, { kind: 'vanish' }];
    case 'expect-wait':
      return [write(head), { kind: 'await-interim', ms: 1000 }, write(body)];
    case 'expect-never':
      return [write(head), { kind: 'pause', ms: 20 }, { kind: 'end' }];
    case 'vanish-mid-body':
      return [write(head, half), { kind: 'pause', ms: 5 }, { kind: 'vanish' }];
    case 'end-mid-body':
      return [write(head, half), { kind: 'end' }];
    case 'vanish-in-head':
      return [write(cut), { kind: 'pause', ms: 5 }, { kind: 'vanish' }];
    case 'end-in-head':
      return [write(cut), { kind: 'end' }];
    case 'slow-body': {
      const third = Math.ceil(body.length / 3);
      return [
        write(head),
        ...[0, 1, 2].flatMap((i): WireStep[] => [{ kind: 'pause', ms: 3 }, write(body.subarray(i * third, (i + 1) * third))]),
      ];
    }
  }
}

function withSecondLength(head: Buffer, value: number): Buffer {
  const text = head.toString('latin1');
  return Buffer.from(text.replace(/\r\n\r\n$/, `\r\nContent-Length: ${value}\r\n\r\n`), 'latin1');
}

interface Head {
  method: string;
  target: string;
  version: string;
  lines: string[];
}

function mutateHead(mutation: WireMutation, head: Head, host: string): Head {
  const { target, lines } = head;
  switch (mutation.kind) {
    case 'bad-percent':
      return { ...head, target: target.replace(/^\/([^/?]*)/, `/$1${mutation.text}`) };
    case 'octet-in-target': {
      const at = 1 + (mutation.at % target.length);
      return { ...head, target: `${target.slice(0, at)}${String.fromCharCode(mutation.octet)}${target.slice(at)}` };
    }
    case 'target-form': {
      const forms = {
        absolute: `http://${host}${target}`,
        asterisk: '*',
        authority: host,
        fragment: `${target}#frag`,
        long: `${target}${target.includes('?') ? '&' : '?'}pad=${'a'.repeat(20_000)}`,
        empty: '',
        'no-slash': target.slice(1),
      };
      return { ...head, target: forms[mutation.form] };
    }
    case 'version':
      return { ...head, version: mutation.text };
    case 'obs-fold':
      return { ...head, lines: [lines[0]!, ' folded-continuation', ...lines.slice(1)] };
    case 'header-line':
      return { ...head, lines: [...lines, mutation.line] };
    case 'huge-header':
      return { ...head, lines: [...lines, `X-Big: ${'a'.repeat(mutation.size)}`] };
    case 'many-headers':
      return { ...head, lines: [...lines, ...Array.from({ length: mutation.count }, (_, i) => `X-H${i}: v`)] };
    case 'second-host':
      return { ...head, lines: [...lines, 'Host: other.example'] };
    case 'no-host':
      return { ...head, lines: lines.filter((l) => !/^host:/i.test(l)) };
    case 'raw-method':
      return { ...head, method: mutation.text };
    default:
      return head;
  }
}
