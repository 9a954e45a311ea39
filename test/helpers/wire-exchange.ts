import { connect } from 'node:net';

/**
 * One connection driven step by step, for requests no HTTP client sends: bytes written as given, pauses, a wait
 * for 100 Continue, a half-close, a client that vanishes. Every answer that comes back is parsed, so a caller can
 * tell the answer to its own request from answers to the garbage it left behind.
 */
export type WireStep =
  | { readonly kind: 'write'; readonly bytes: Buffer }
  | { readonly kind: 'pause'; readonly ms: number }
  /** Waits until a 1xx or a final answer has come (or `ms` have passed): a client honouring Expect: 100-continue. */
  | { readonly kind: 'await-interim'; readonly ms: number }
  /** Half-closes: the client has nothing more to say but still reads. */
  | { readonly kind: 'end' }
  /** Destroys the socket: the client goes away without a word. */
  | { readonly kind: 'vanish' };

export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface WireOutcome {
  /** 1xx answers before the first final one. */
  readonly informational: readonly number[];
  /** The first final answer: the answer to the request the steps began with. */
  readonly answer: WireAnswer | undefined;
  /** Statuses of the final answers after the first (to bytes left over on the connection). */
  readonly laterStatuses: readonly number[];
  /** How it ended: the client's own doing (vanished), the server's (closed), or neither within the time limit. */
  readonly ending: 'answered' | 'closed' | 'vanished' | 'timed-out';
}

/** Grace for answers to leftover bytes once the first answer is in and the steps are done. */
const LATER_ANSWERS_GRACE_MS = 15;

export function exchange(
  port: number,
  steps: readonly WireStep[],
  options: { readonly timeoutMs: number; readonly headRequest?: boolean },
): Promise<WireOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let closed = false;
    let settled = false;
    let stepsDone = false;
    let wake: (() => void) | undefined;
    const parsed = () => parseAnswers(received, options.headRequest === true, closed);

    const finish = (ending: WireOutcome['ending']) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      const answers = parsed();
      resolve({
        informational: answers.informational,
        answer: answers.finals[0],
        laterStatuses: answers.finals.slice(1).map((a) => a.status),
        ending: answers.finals[0] ? 'answered' : ending,
      });
    };
    const deadline = setTimeout(() => finish('timed-out'), options.timeoutMs);
    const settleIfAnswered = () => {
      if (stepsDone && parsed().finals.length > 0) setTimeout(() => finish('answered'), LATER_ANSWERS_GRACE_MS);
    };

    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      wake?.();
      settleIfAnswered();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      wake?.();
      finish('closed');
    });

    const sleep = (ms: number, untilAnswer: boolean) =>
      new Promise<void>((resolveSleep) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolveSleep();
        }
        wake = untilAnswer
          ? () => (parsed().informational.length > 0 || parsed().finals.length > 0 || closed ? done() : undefined)
          : undefined;
      });

    socket.once('connect', async () => {
      for (const step of steps) {
        if (settled || closed) return;
        if (step.kind === 'write') {
          if (!socket.write(step.bytes)) await new Promise((r) => socket.once('drain', r));
        } else if (step.kind === 'pause') await sleep(step.ms, false);
        else if (step.kind === 'await-interim') await sleep(step.ms, true);
        else if (step.kind === 'end') socket.end();
        else {
          finish('vanished');
          return;
        }
      }
      stepsDone = true;
      settleIfAnswered();
    });
  });
}

interface ParsedAnswers {
  readonly informational: number[];
  readonly finals: WireAnswer[];
}

/** Parses the answers received so far; a final answer with its body incomplete is left out. */
export function parseAnswers(buffer: Buffer, firstIsHead: boolean, closed: boolean): ParsedAnswers {
  const informational: number[] = [];
  const finals: WireAnswer[] = [];
  let offset = 0;
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n', offset);
    if (end < 0) break;
    const lines = buffer.subarray(offset, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!match) break;
    const status = Number(match[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const bodyStart = end + 4;
    if (status < 200) {
      informational.push(status);
      offset = bodyStart;
      continue;
    }
    const noBody = (finals.length === 0 && firstIsHead) || status === 204 || status === 304;
    const declared = headers['content-length'];
    let length: number;
    if (noBody) length = 0;
    else if (declared !== undefined) length = Number(declared);
    else if (closed) length = buffer.length - bodyStart;
    else break;
    if (buffer.length < bodyStart + length) break;
    finals.push({ status, headers, body: buffer.subarray(bodyStart, bodyStart + length) });
    offset = bodyStart + length;
  }
  return { informational, finals };
}
