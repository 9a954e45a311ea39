import { randomBytes } from 'node:crypto';
import { CosApi } from '../api/multipart.js';
import type { Config } from '../config/index.js';
import { describeAnswer } from '../harness/signals.js';
import { type HttpResponse, Target } from '../http/client.js';
import { TargetError } from '../http/errors.js';
import { ERROR } from '../protocol/error-codes.js';
import { UsageError } from './usage.js';

/** Settings a refusal of the first request points at: a configuration mistake, not a verdict on the target. */
const REFUSALS: Record<string, string> = {
  InvalidAccessKeyId: 'COS_SECRET_ID is not known to the target',
  SignatureDoesNotMatch:
    'the target computed another signature: check COS_SECRET_KEY (and COS_REGION under SigV4); if they are right, the target may canonicalise the request path differently from the SDKs',
  NoSuchBucket: 'COS_BUCKET does not exist on the target',
};

export type Preflight =
  | { readonly reachable: true; readonly warnings: readonly string[] }
  | { readonly reachable: false; readonly reason: string };

/**
 * The run's first requests. List Multipart Uploads under the key prefix shows whether the target answers at all,
 * whether it accepts the credentials and the bucket, and whether the cleanup sweep will be able to find uploads.
 * A signature refused there is tried once more on a request with nothing to encode (the prefix holds a `/`, which the
 * SDKs sign as %2F): accepted then, the key is right and the target canonicalises differently, which is said, and
 * the run goes on; refused again, the key is wrong. When the first answer is not one COS or S3 gives, a GET of an object nobody wrote asks again; when neither answer is,
 * the endpoint is something else (a web server, a proxy's error page) and the run stops there, saying what answered,
 * rather than charge every requirement with what a web server does.
 */
export async function preflight(config: Config): Promise<Preflight> {
  const api = new CosApi(new Target(config));
  try {
    const first = await api.listMultipartUploads(config.keyPrefix, 1);
    const request = requestLine(first.response);
    const warnings: string[] = [];
    if (first.error?.code === ERROR.SignatureDoesNotMatch.code && /[^A-Za-z0-9._~-]/.test(config.keyPrefix)) {
      const plain = await api.listMultipartUploads(undefined, 1);
      if (plain.ok || plain.error?.code !== ERROR.SignatureDoesNotMatch.code) {
        warnings.push(
          `the target refused a correctly signed request whose query holds characters the SDKs encode (${request}: ${describeAnswer(first)}) and accepted one with nothing to encode (${requestLine(plain.response)}: ${describeAnswer(plain)}): it canonicalises differently from the SDKs, not a wrong key; requests with such characters (the cleanup sweep's listing by prefix) will be refused`,
        );
        return { reachable: true, warnings };
      }
    }
    const refusal = first.error?.code ? REFUSALS[first.error.code] : undefined;
    if (refusal) throw new UsageError(`the target refused the first request (${request}: ${describeAnswer(first)}): ${refusal}`);
    if (!speaksStorage(first.response)) {
      const second = await api.getObject(`${config.keyPrefix}preflight-${randomBytes(6).toString('hex')}-never-written`);
      if (!speaksStorage(second.response)) {
        const server = first.response.headers.server ?? second.response.headers.server;
        return {
          reachable: false,
          reason:
            `the target ${config.endpoint?.origin} does not answer as COS or S3${server ? ` (Server: ${oneLine(server, 80)})` : ''}: ` +
            `List Multipart Uploads (${request}) answered ${answerOf(first.response)}, and GET of an object that does not exist (${requestLine(second.response)}) answered ${answerOf(second.response)}, ` +
            'neither with an XML body nor a request id; is COS_ENDPOINT the storage endpoint?',
        };
      }
    }
    if (!first.ok)
      warnings.push(
        `List Multipart Uploads (${request}) answered ${describeAnswer(first)}: uploads this run cannot abort will not be found by the sweep`,
      );
    else if (first.value === undefined)
      warnings.push(
        `List Multipart Uploads (${request}) answered 2xx without a ListMultipartUploadsResult: uploads this run cannot abort will not be found by the sweep`,
      );
    return { reachable: true, warnings };
  } catch (error) {
    if (error instanceof TargetError)
      return {
        reachable: false,
        reason: `the target ${config.endpoint?.origin} could not be reached: ${error.message}${certificateHint(error.message, config)}`,
      };
    throw error;
  } finally {
    await api.target.close();
  }
}

const REQUEST_ID_HEADERS = ['x-cos-request-id', 'x-amz-request-id'];

/**
 * Whether an answer is one a COS- or S3-compatible server gives, whatever it says: a request id header, or an XML
 * document (an <Error>, a result) that is not an HTML page. A server that breaks the rules in proper XML, or answers
 * plain-text errors with a request id, is judged by the checks; only answers with neither are not COS or S3.
 */
export function speaksStorage(response: Pick<HttpResponse, 'headers' | 'body'>): boolean {
  if (REQUEST_ID_HEADERS.some((name) => response.headers[name] !== undefined)) return true;
  const root = xmlRootOf(response.body.toString('utf8'));
  return root !== undefined && root.toLowerCase() !== 'html';
}

/** The name of an XML document's root element, past its declaration, comments and doctype; undefined for non-XML. */
function xmlRootOf(body: string): string | undefined {
  let rest = body.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const skipped = rest.replace(/^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)\s*/i, '');
    if (skipped === rest) break;
    rest = skipped;
  }
  return /^<([A-Za-z_][\w.:-]*)[\s/>]/.exec(rest)?.[1];
}

/** An answer in a few words: status, content type, and the page's title or the start of its text. */
function answerOf(response: HttpResponse): string {
  const type = response.headers['content-type']?.split(';')[0]?.trim();
  const text = response.body.toString('utf8');
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const gist = (title ?? text.replace(/<[^>]*>/g, ' ')).replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!);
  const shown = oneLine(gist, 60);
  return `${response.status}${type ? ` ${type}` : ''}${shown ? ` "${shown}"` : response.body.length === 0 ? ' with an empty body' : ''}`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

const oneLine = (text: string, max: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function requestLine(response: HttpResponse): string {
  const url = new URL(response.exchange.request.url);
  return `${response.exchange.request.method} ${url.pathname}${url.search}`;
}

/** What to do about a certificate the connection refused: most often, name the CA to trust in COS_CA_FILE. */
function certificateHint(message: string, config: Config): string {
  if (/self[- ]signed|unable to verify|unable to get (local )?issuer|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i.test(message)) {
    return config.caCertificate
      ? " (COS_CA_FILE is set, but holds no certificate that signed the target's: name the PEM file of its CA)"
      : ' (the target\'s certificate is not signed by a CA this machine trusts: set COS_CA_FILE to the PEM file of the CA that signed it; for "cos-conformance emulator --tls", the file it prints)';
  }
  if (/altname|ERR_TLS_CERT_ALTNAME|does not match certificate/i.test(message)) {
    return ` (the certificate does not name ${config.endpoint?.hostname}: COS_ENDPOINT must use a host name or address the certificate lists)`;
  }
  if (/certificate has expired|CERT_HAS_EXPIRED|not yet valid/i.test(message))
    return " (the target's certificate is outside its validity period)";
  return '';
}
