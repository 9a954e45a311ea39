import type { Config } from '../../src/config/index.js';
import { formatQuery, resolveLocation } from '../../src/http/addressing.js';
import { authenticate } from '../../src/http/sign-request.js';

type Query = ReadonlyArray<readonly [string, string | undefined]>;

/** A request head signed by the client, as bytes to write to a socket by hand (then the body, or not). */
export function signedHead(
  config: Config,
  method: string,
  key: string | undefined,
  query: Query,
  headers: Array<[string, string]> = [],
): Buffer {
  const location = resolveLocation(config.endpoint!, config.addressing, config.bucket, key);
  const signed = authenticate(config, {
    method,
    wirePath: location.wirePath,
    decodedPath: location.decodedPath,
    query,
    headers: [['Host', location.host], ...headers],
  });
  return Buffer.from(
    `${method} ${location.wirePath}${formatQuery(query)} HTTP/1.1\r\n${signed.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`,
    'latin1',
  );
}
