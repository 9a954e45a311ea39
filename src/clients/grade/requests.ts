import { clientRequirement } from '../../catalogue/client-requirements.js';
import { dialectFor } from '../../protocol/dialect.js';
import { readCompleteRequest } from '../../protocol/documents.js';
import { ERROR } from '../../protocol/error-codes.js';
import { Judging } from './judging.js';
import { answeredEtags, interfered, type Seen } from './session.js';

/**
 * The rules every request a client sends must keep, whatever the scenario: CL-01 to CL-07. Each is judged on every
 * request it concerns, in every scenario; a request a fault answered in the handler's place (a 503, a 403, a reset)
 * is judged only on what the client put in it.
 */

const parts = (all: readonly Seen[]) => all.filter((s) => s.operation === 'UploadPart');

const isAwsChunked = (s: Seen) =>
  /aws-chunked/i.test(s.request.headers['content-encoding'] ?? '') ||
  (s.request.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

// CL-01
export function contentLength(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-01'), 'CL-01 every Upload Part declares its body length and sends that many bytes');
  for (const s of parts(all)) {
    const h = s.request.headers;
    const header = isAwsChunked(s) ? 'x-amz-decoded-content-length' : 'content-length';
    const declared = h[header];
    const wellFormed = declared !== undefined && /^\d+$/.test(declared);
    j.judge(wellFormed, s, {
      expected: `${header}: the length of the body`,
      actual:
        declared === undefined
          ? `no ${header}${h['transfer-encoding'] ? ` (Transfer-Encoding: ${h['transfer-encoding']})` : ''}`
          : `${header}: ${declared}`,
    });
    if (!wellFormed) continue;
    if (s.request.received) {
      j.judge(s.request.received.length === Number(declared), s, {
        expected: `${declared} bytes of body`,
        actual: `${s.request.received.length} bytes`,
      });
    } else if (s.request.code === ERROR.IncompleteBody.code && !interfered(s)) {
      j.fail(s, {
        expected: `${declared} bytes of body`,
        actual: `the body ended before ${declared} bytes: ${s.request.status} ${s.request.code}`,
      });
    }
  }
  return j;
}

// CL-02
export function partNumbers(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-02'), 'CL-02 every Upload Part names a partNumber from 1 to 10000');
  for (const s of parts(all)) {
    const max = dialectFor(s.run.profile).maxPartNumber;
    const raw = s.partNumber;
    const ok = raw !== undefined && /^[0-9]{1,5}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max;
    j.judge(ok, s, {
      expected: `partNumber an integer from 1 to ${max}`,
      actual: raw === undefined ? 'no partNumber' : `partNumber=${raw}`,
    });
  }
  return j;
}

// CL-03
export function partSizes(all: readonly Seen[]): Judging {
  const j = new Judging(
    clientRequirement('CL-03'),
    'CL-03 every part a Complete names but the last is at least the minimum size; none is over 5 GB',
  );
  for (const s of parts(all)) {
    const max = dialectFor(s.run.profile).maxPartSize;
    const declared = Number(s.request.headers['x-amz-decoded-content-length'] ?? s.request.headers['content-length']);
    if (Number.isFinite(declared) && declared > max)
      j.fail(s, { expected: `a part of at most ${max} bytes`, actual: `${declared} bytes declared` });
  }
  for (const complete of all.filter((s) => s.operation === 'CompleteMultipartUpload' && s.uploadId !== undefined)) {
    const listed = complete.request.body === undefined ? 'malformed' : readCompleteRequest(complete.request.body);
    if (typeof listed === 'string') continue;
    const min = dialectFor(complete.run.profile).minPartSize;
    const stored = answeredEtags(
      all.filter((s) => s.run === complete.run),
      complete.uploadId!,
      complete.index,
    );
    const named = listed.parts.map((p) => String(Number(p.partNumber)));
    const last = named.reduce((a, b) => (Number(b) > Number(a) ? b : a), named[0] ?? '0');
    for (const number of named) {
      const size = stored.get(number)?.size;
      if (size === undefined || number === last) continue;
      j.judge(size >= min, complete, {
        expected: `part ${number}, not the last part named, of at least ${min} bytes`,
        actual: `part ${number} of ${size} bytes (its last upload answered 200 before this Complete)`,
      });
    }
  }
  return j;
}

/**
 * Why an integrity rule judged nothing: no part carried the header (not applicable), or the parts that did were
 * refused before their bodies were read, so nothing can be compared (inconclusive).
 */
export function unjudgedIntegrity(
  all: readonly Seen[],
  carries: (s: Seen) => boolean,
  what: string,
): { status: 'not-applicable' | 'inconclusive'; reason: string } {
  const carrying = parts(all).filter(carries);
  if (carrying.length === 0) return { status: 'not-applicable', reason: `no part carried ${what}` };
  return {
    status: 'inconclusive',
    reason: `${carrying.length} part(s) carried ${what}, and each was refused before its body was read (${[...new Set(carrying.map((s) => `${s.request.status} ${s.request.code ?? ''}`.trim()))].join(', ')}): nothing to compare`,
  };
}

// CL-04
export function contentMd5(all: readonly Seen[]): Judging {
  const j = new Judging(clientRequirement('CL-04'), 'CL-04 Content-MD5, when a part carries it, is the MD5 of the bytes sent');
  for (const s of parts(all)) {
    const sent = s.request.headers['content-md5'];
    if (sent === undefined || !s.request.received) continue;
    j.judge(sent === s.request.received.md5Base64, s, {
      expected: `Content-MD5: ${s.request.received.md5Base64} (the MD5 of the ${s.request.received.length} bytes received)`,
      actual: `Content-MD5: ${sent}`,
    });
  }
  return j;
}

// CL-05
export function crc64Sent(all: readonly Seen[]): Judging {
  const j = new Judging(
    clientRequirement('CL-05'),
    'CL-05 x-cos-hash-crc64ecma, when a part carries it, is the CRC-64/ECMA-182 of the bytes sent',
  );
  for (const s of parts(all)) {
    const sent = s.request.headers['x-cos-hash-crc64ecma'];
    if (sent === undefined || !s.request.received) continue;
    j.judge(sent.trim() === s.request.received.crc64, s, {
      expected: `x-cos-hash-crc64ecma: ${s.request.received.crc64}`,
      actual: `x-cos-hash-crc64ecma: ${sent}`,
    });
  }
  return j;
}

// CL-06
export function integrityValues(all: readonly Seen[]): Judging {
  const j = new Judging(
    clientRequirement('CL-06'),
    'CL-06 an x-amz-checksum-*, trailer checksum or hex x-amz-content-sha256 sent with a part is that of the bytes sent',
  );
  for (const s of parts(all)) {
    const checksum = s.request.checksum;
    if (checksum) {
      j.judge(checksum.sent === checksum.computed, s, {
        expected: `${checksum.header}: ${checksum.computed} (over the bytes received)`,
        actual:
          checksum.sent === undefined
            ? `${checksum.header} named in x-amz-trailer, but not in the trailer`
            : `${checksum.header}: ${checksum.sent}`,
      });
    } else if (Object.keys(s.request.headers).some((n) => n.startsWith('x-amz-checksum-')) && s.run.profile === 'cos') {
      j.note('x-amz-checksum-* headers came under the cos profile, where the emulator does not compute them: not judged');
    }
    const sha = s.request.payloadSha256;
    if (sha !== undefined) {
      const sent = s.request.headers['x-amz-content-sha256'];
      j.judge(sent === sha, s, { expected: `x-amz-content-sha256: ${sha}`, actual: `x-amz-content-sha256: ${sent}` });
    }
  }
  return j;
}

const SIGNATURE_REFUSALS = new Set(
  [ERROR.SignatureDoesNotMatch, ERROR.InvalidAccessKeyId, ERROR.RequestTimeTooSkewed, ERROR.AccessDenied, ERROR.ExpiredToken].map(
    (row) => row.code,
  ),
);

/** The header names a request's signature covers, from its Authorization header or its query. */
function signedHeaderNames(s: Seen): { scheme: 'sigv4' | 'cos'; names: string[] } | undefined {
  const auth = s.request.headers.authorization;
  const q = (name: string) => s.request.query.find(([n]) => n === name)?.[1];
  if (auth?.startsWith('AWS4-HMAC-SHA256')) {
    const list = /SignedHeaders=([^,\s]*)/.exec(auth)?.[1];
    return { scheme: 'sigv4', names: list ? list.split(';') : [] };
  }
  if (q('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256')
    return { scheme: 'sigv4', names: (q('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean) };
  const cos = auth ?? (q('q-sign-algorithm') ? `q-header-list=${q('q-header-list') ?? ''}` : undefined);
  if (cos === undefined) return undefined;
  const list = /(?:^|&)q-header-list=([^&]*)/.exec(cos)?.[1] ?? '';
  return {
    scheme: 'cos',
    names: decodeURIComponent(list)
      .split(';')
      .filter(Boolean)
      .map((n) => n.toLowerCase()),
  };
}

// CL-07
export function signatures(all: readonly Seen[]): Judging {
  const j = new Judging(
    clientRequirement('CL-07'),
    'CL-07 every request carries a signature the server verifies, over what the documents require',
  );
  for (const s of all) {
    if (s.request.fault?.startsWith('deny-part')) continue;
    const refused = s.request.code !== undefined && SIGNATURE_REFUSALS.has(s.request.code);
    j.judge(!refused, s, { expected: 'a signature the server verifies', actual: `${s.request.status} ${s.request.code}` });
    const signed = signedHeaderNames(s);
    if (!signed) continue;
    const present = Object.keys(s.request.headers);
    const required =
      signed.scheme === 'sigv4'
        ? ['host', 'x-amz-date', 'x-amz-content-sha256', ...present.filter((n) => n === 'content-type' || n.startsWith('x-amz-'))]
        : ['host'];
    const missing = [...new Set(required)].filter((n) => (present.includes(n) || n === 'host') && !signed.names.includes(n));
    j.judge(missing.length === 0, s, {
      expected: `${signed.scheme === 'sigv4' ? 'SignedHeaders' : 'q-header-list'} naming ${[...new Set(required)].filter((n) => present.includes(n) || n === 'host').join(', ')}`,
      actual: `${signed.names.join(';') || '(none)'}: ${missing.join(', ')} sent unsigned`,
    });
  }
  return j;
}
