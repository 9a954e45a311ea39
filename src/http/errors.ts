/**
 * The target did not answer as an HTTP server: refused, reset, timed out. Reported as "error", never as a
 * conformance failure, because nothing was learned about the rule under test.
 */
export class TargetError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'connection-lost' | 'protocol' | 'stopped',
    message: string,
    readonly exchangeId?: number,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * The target has stopped answering altogether (it no longer accepts connections, or answers nothing at all): no
 * further request is sent, and what was not judged is reported as not run because the target stopped, never as a
 * deviation.
 */
export class TargetStoppedError extends TargetError {
  constructor(message: string, exchangeId?: number) {
    super('stopped', message, exchangeId);
    this.name = 'TargetStoppedError';
  }
}

/** The run's byte budget (COS_MAX_BYTES) would be exceeded; the check is skipped, not failed. */
export class BudgetExceededError extends Error {
  constructor(
    readonly requested: number,
    readonly remaining: number,
    what = 'COS_MAX_BYTES budget',
  ) {
    super(`${what}: ${requested} bytes wanted, ${remaining} left`);
    this.name = 'BudgetExceededError';
  }
}

export function classifyNetworkError(error: unknown, what: string): TargetError {
  // A DOMException's code is a number (23 for TimeoutError): the first name that is a string says more.
  const err = error as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown } };
  const code = [err.code, err.cause?.code, err.name].find((c): c is string => typeof c === 'string' && c !== '') ?? '';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/.test(code)) {
    return new TargetError('unreachable', `${what}: the target could not be reached (${code})`);
  }
  if (/TIMEOUT|Timeout|AbortError|ETIMEDOUT/.test(code) || /timeout/i.test(err.message ?? '')) {
    const detail = code === 'TimeoutError' && err.message ? err.message : code || 'timeout';
    return new TargetError('timeout', `${what}: no answer within the request timeout (${detail})`);
  }
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|SocketError/.test(code)) {
    return new TargetError('connection-lost', `${what}: the connection was closed before an answer (${code})`);
  }
  return new TargetError('protocol', `${what}: ${err.message ?? String(error)}`);
}

/** A request HTTP/1.1 cannot carry as asked (a header value with CR or LF, say); thrown before anything is sent. */
export class UnsendableRequestError extends Error {
  override readonly name = 'UnsendableRequestError';
}
