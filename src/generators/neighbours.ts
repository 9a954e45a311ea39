/**
 * Adversarial neighbours of a valid value: the wrong values nearest to it, which a hurried implementation would
 * take for it because it compares only part of the value, compares without regard to case, or parses leniently.
 * A check that refuses only values far from the valid one (another body's digest, a random id) never meets such a
 * server; each "refused" case sends these as well. Every function returns a value that differs from its input.
 */

/** The base64 of `bytes` with one bit flipped: the first bit (a far value) or the last (a server comparing a prefix). */
export function bitFlipped(base64: string, which: 'first' | 'last'): string {
  const bytes = Buffer.from(base64, 'base64');
  const at = which === 'first' ? 0 : bytes.length - 1;
  bytes[at] = bytes[at]! ^ (which === 'first' ? 0x80 : 0x01);
  return bytes.toString('base64');
}

/**
 * The value with the case of its letters swapped: for base64, another digest of the same length (a server comparing
 * case-insensitively, as it would a hex ETag, takes it). A value without letters gets its last bit flipped instead.
 */
export function caseSwapped(base64: string): string {
  const swapped = base64.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  return swapped === base64 ? bitFlipped(base64, 'last') : swapped;
}

/** A text value (a token, an id, a signature) with its last character changed to another of the same kind. */
export function lastCharChanged(value: string): string {
  const last = value.at(-1) ?? '';
  const replacement = /[0-9]/.test(last)
    ? String((Number(last) + 1) % 10)
    : /[a-f]/.test(last)
      ? last === 'f'
        ? 'a'
        : String.fromCharCode(last.charCodeAt(0) + 1)
      : last === 'A'
        ? 'B'
        : 'A';
  return `${value.slice(0, -1)}${replacement}`;
}

/** The value without its last character: a prefix (a server comparing only as many characters as it was sent). */
export const withoutLastChar = (value: string): string => value.slice(0, -1);

/** The value without its first character: a suffix. */
export const withoutFirstChar = (value: string): string => value.slice(1);

/** The value with the case of its letters swapped (a token or id compared case-insensitively). */
export function textCaseSwapped(value: string): string {
  return value.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}
