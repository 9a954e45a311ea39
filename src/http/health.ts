import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { type SecureContext, connect as tlsConnect } from 'node:tls';
import { type TargetError, TargetStoppedError } from './errors.js';

/**
 * Whether the target is still there. A request that gets no answer may be the target's fault in that one case (a
 * dropped connection, one slow answer) or the target gone altogether (crashed, or hung as a whole). Only a probe
 * tells them apart: a new connection, and any HTTP answer on it. When the probe gets none, the target has stopped:
 * every worker of the run is told through a file (`stopFile`), no further request is sent, and what was not judged
 * is reported as not run because the target stopped, never as a deviation.
 */
export interface StopRecord {
  /** The check whose request found the target gone, and that request. */
  readonly check?: string;
  readonly request: string;
  readonly error: string;
  /** The last request this worker had answered before, and when. */
  readonly lastAnswered?: { readonly request: string; readonly at: string };
  readonly at: string;
}

const PROBE_TIMEOUT_MS = 5_000;

export class TargetHealth {
  private lastAnswered: StopRecord['lastAnswered'];

  constructor(
    private readonly origin: URL,
    /** Shared by every worker of the run: it exists once the target has stopped. */
    readonly stopFile: string,
    private readonly secureContext?: SecureContext,
  ) {}

  /** Refuses to send once the target has stopped. */
  assertRunning(): void {
    if (existsSync(this.stopFile)) throw new TargetStoppedError(stoppedMessage(readStopRecords(this.stopFile)));
  }

  answered(request: string): void {
    this.lastAnswered = { request, at: new Date().toISOString() };
  }

  /**
   * After a request got no answer: the same error when the target still answers a new connection, or a
   * TargetStoppedError (and the run told) when it does not. Every request the stop left unanswered is recorded,
   * also when another worker found the target gone first: the one that stopped it may be any of them.
   */
  async judge(error: TargetError, request: string, check: string | undefined): Promise<TargetError> {
    if (error instanceof TargetStoppedError || error.kind === 'protocol') return error;
    if (!existsSync(this.stopFile) && (await probe(this.origin, this.secureContext))) return error;
    const record: StopRecord = {
      ...(check ? { check } : {}),
      request,
      error: error.message,
      ...(this.lastAnswered ? { lastAnswered: this.lastAnswered } : {}),
      at: new Date().toISOString(),
    };
    appendFileSync(this.stopFile, `${JSON.stringify(record)}\n`);
    return new TargetStoppedError(stoppedMessage(readStopRecords(this.stopFile)), error.exchangeId);
  }
}

export function readStopRecords(stopFile: string): StopRecord[] {
  if (!existsSync(stopFile)) return [];
  return readFileSync(stopFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as StopRecord);
}

/** One line: the target stopped, at which request. */
export function stoppedMessage(records: readonly StopRecord[]): string {
  const first = records[0];
  return first
    ? `the target stopped answering (${first.request}: ${first.error}; a new connection got no answer either)`
    : 'the target stopped answering';
}

/** True when a new connection to the origin gets any HTTP answer within the probe's time. */
export function probe(origin: URL, secureContext?: SecureContext): Promise<boolean> {
  const port = Number(origin.port || (origin.protocol === 'https:' ? 443 : 80));
  const host = origin.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    let settled = false;
    const done = (alive: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    const request = () => socket.write(`HEAD / HTTP/1.1\r\nHost: ${origin.host}\r\nConnection: close\r\n\r\n`);
    const socket: Socket =
      origin.protocol === 'https:'
        ? tlsConnect(
            {
              host,
              port,
              rejectUnauthorized: false,
              ...(secureContext ? { secureContext } : {}),
              ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
            },
            request,
          )
        : netConnect({ host, port }, request);
    const timer = setTimeout(() => done(false), PROBE_TIMEOUT_MS);
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('HTTP/')));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}
