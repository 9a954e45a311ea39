import type { Credentials } from '../config/index.js';

/** One request and its answer, as recorded for evidence. Secrets are redacted before a record is kept. */
export interface Exchange {
  readonly id: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly request: {
    readonly method: string;
    readonly url: string;
    readonly headers: Readonly<Record<string, string>>;
    readonly bodyBytes: number;
    /** Small textual bodies (XML) are kept; part bodies are described by their length only. */
    readonly bodyText?: string;
  };
  readonly response?: {
    readonly status: number;
    readonly informational?: readonly number[];
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
    readonly bodyTruncated: boolean;
  };
  /** Set when no answer came: connection refused, timeout, reset. */
  readonly error?: string;
  /**
   * This request was sent again after the exchange of this id, which a kept-alive connection closed before any
   * byte of an answer (the keep-alive race; see Target.send).
   */
  readonly resentAfter?: number;
}

export const RESPONSE_BODY_CAP = 8 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what marks a body as binary
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/;

/** A body as evidence keeps it: its first bytes as text when it is text, else what it was (object bytes, say). */
export function recordedBody(body: Buffer, totalLength = body.length): string {
  const head = body.subarray(0, RESPONSE_BODY_CAP);
  const text = head.toString('utf8');
  // A multi-byte character cut at the cap is not a sign of binary data; anything else undecodable is.
  const checked = head.length === RESPONSE_BODY_CAP ? text.slice(0, -4) : text;
  return CONTROL.test(checked) ? `[${totalLength} bytes, not text]` : text;
}
// An SSE-C key is the customer's data key: it is redacted like a credential (its MD5 stays: it identifies, not unlocks).
const SECRET_HEADERS = new Set([
  'x-cos-security-token',
  'x-amz-security-token',
  'proxy-authorization',
  'cookie',
  'x-cos-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key',
]);
const SECRET_QUERY = /([?&](?:q-ak|q-signature|x-cos-security-token|X-Amz-Credential|X-Amz-Signature|X-Amz-Security-Token)=)[^&#]*/gi;

/**
 * Removes credentials from everything recorded. Authorization keeps its shape (which headers and parameters were
 * signed, the time window), since that is what a reader debugging a signature needs, but not the key id or signature.
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(...sets: ReadonlyArray<Credentials | undefined>) {
    this.secrets = sets
      .flatMap((c) => [c?.secretId, c?.secretKey, c?.securityToken])
      .filter((s): s is string => typeof s === 'string' && s.length >= 4)
      .sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    // Every header of every exchange passes here: most values have no parameter and no secret, and are kept as they are.
    let out = value.includes('=') ? value.replace(SECRET_QUERY, '$1<redacted>') : value;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('<redacted>');
    return out;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower === 'authorization') out[name] = redactAuthorization(value);
      else if (SECRET_HEADERS.has(lower)) out[name] = '<redacted>';
      else out[name] = this.text(value);
    }
    return out;
  }

  exchange(exchange: Exchange): Exchange {
    return {
      ...exchange,
      request: {
        ...exchange.request,
        url: this.text(exchange.request.url),
        headers: this.headers(exchange.request.headers),
        ...(exchange.request.bodyText !== undefined ? { bodyText: this.text(exchange.request.bodyText) } : {}),
      },
      ...(exchange.response
        ? { response: { ...exchange.response, headers: this.headers(exchange.response.headers), body: this.text(exchange.response.body) } }
        : {}),
      ...(exchange.error !== undefined ? { error: this.text(exchange.error) } : {}),
    };
  }
}

export function redactAuthorization(value: string): string {
  if (value.startsWith('AWS4-HMAC-SHA256')) {
    return value.replace(/Credential=[^/,\s]+/, 'Credential=<redacted>').replace(/Signature=[0-9a-fA-F]+/, 'Signature=<redacted>');
  }
  if (value.includes('q-signature=') || value.includes('q-ak=')) {
    return value.replace(/q-ak=[^&]*/, 'q-ak=<redacted>').replace(/q-signature=[^&]*/, 'q-signature=<redacted>');
  }
  return '<redacted>';
}

/** Every exchange of a run, in order; the first ones of a failing check become its evidence. */
export class ExchangeLog {
  private nextId = 1;
  readonly exchanges: Exchange[] = [];
  requests = 0;
  bytesSent = 0;

  constructor(
    private readonly redactor: Redactor,
    /** Keep at most this many records in memory; counting goes on. */
    private readonly keep = 2000,
    /** Told of every exchange as it is recorded (a check's own count of what it sent). */
    private readonly onRecord?: (exchange: Exchange) => void,
  ) {}

  allocateId(): number {
    return this.nextId++;
  }

  /** A recorded exchange by its id, while it is still kept. */
  find(id: number): Exchange | undefined {
    return this.exchanges.find((e) => e.id === id);
  }

  record(exchange: Exchange): Exchange {
    const redacted = this.redactor.exchange(exchange);
    this.requests++;
    this.bytesSent += exchange.request.bodyBytes;
    this.onRecord?.(exchange);
    this.exchanges.push(redacted);
    if (this.exchanges.length > this.keep) this.exchanges.shift();
    return redacted;
  }
}
