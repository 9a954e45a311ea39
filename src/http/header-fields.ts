import { UnsendableRequestError } from './errors.js';

/**
 * The header lines of a request as a server will read them, decided before signing so that the signature covers
 * what arrives. A server drops the whitespace around a value (RFC 9110 §5.5), so the value is trimmed here and
 * sent trimmed. A value that cannot travel as one field line (CR, LF, NUL, a character above one octet) is
 * refused, and so is a second line of a field a server keeps only one line of: Node's parser drops the later
 * ones, and RFC 9112 §3.2 has a server refuse two Hosts. Other repeated fields travel as they are, one line each.
 */
export function fieldLines(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const seen = new Set<string>();
  return headers.map(([name, value]) => {
    if (!TOKEN.test(name)) throw new UnsendableRequestError(`header name ${JSON.stringify(name)} is not an HTTP token (RFC 9110 §5.1)`);
    if (!FIELD_VALUE.test(value)) {
      throw new UnsendableRequestError(
        `header ${name}: a value with CR, LF, NUL or a character above U+00FF cannot be sent as one field line (RFC 9110 §5.5)`,
      );
    }
    const lower = name.toLowerCase();
    if (SINGLE_LINE.has(lower) && seen.has(lower)) {
      throw new UnsendableRequestError(`header ${name} is given twice; a server reads only one line of it`);
    }
    seen.add(lower);
    return [name, value.replace(SURROUNDING_WHITESPACE, '')];
  });
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// HTAB, visible ASCII, space, and obs-text: what a server reads back as the same characters (Node reads latin1).
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
// Only SP and HTAB are OWS: JavaScript's trim() would also remove U+00A0, which a server keeps.
const SURROUNDING_WHITESPACE = /^[ \t]+|[ \t]+$/g;

/** Request fields of which Node's http parser keeps the first line only (lib/_http_incoming.js). */
const SINGLE_LINE = new Set([
  'authorization',
  'content-length',
  'content-type',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'user-agent',
]);
