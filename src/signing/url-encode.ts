/**
 * COS UrlEncode (doc 436/7778, step 3): UTF-8 percent-encoding with upper-case hex, leaving only
 * `A-Z a-z 0-9 - _ . ~` as they are. encodeURIComponent also leaves `! ' ( ) *`, so those are encoded after.
 */
export function cosUrlEncode(value: string): string {
  // Most names and values (partNumber, hex ids, lengths) have nothing to encode.
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** RFC 3986 encoding as SigV4 wants it; identical to the COS rule (same unreserved set). */
export const rfc3986Encode = cosUrlEncode;

/** Encodes an object key for the request path: every segment encoded, `/` kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(cosUrlEncode).join('/');
}
