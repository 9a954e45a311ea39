import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { renderErrorDocument } from '../protocol/documents.js';
import { ERROR } from '../protocol/error-codes.js';
import { type Call, type EmulatorContext, type Reply, readSmallBody } from './context.js';
import { refuse } from './errors.js';
import { queryValue } from './request.js';

/**
 * Fault scenarios, for grading a client (the client mode): the emulator misbehaves in one named way, as a busy or
 * broken server would, so a client's reaction can be observed. A fault is asked for by a flag (`--fault
 * slowdown-on-part=2`, applied to every upload) or by the object key (`uploads/fault-slowdown-on-part-2/file.bin`,
 * applied to uploads of that key only, when the emulator takes faults by key), so a client's own tests can pick one
 * per upload. None is ever active unless asked for; a fault never changes what is stored, only what is answered.
 */
export const FAULTS = {
  'slowdown-on-part': {
    parameter: 'part',
    description: 'the first attempt at part N of each upload is answered 503 SlowDown (nothing stored)',
  },
  'reset-on-part': {
    parameter: 'part',
    description: 'the first attempt at part N of each upload has its connection reset after half its body (nothing stored)',
  },
  'complete-error': {
    parameter: undefined,
    description: 'the first Complete of each upload is answered 200 with an <Error> InternalError body, and completes nothing',
  },
  'wrong-etag-on-part': {
    parameter: 'part',
    description: 'the first attempt at part N of each upload is stored, and answered with an ETag of other bytes',
  },
  'wrong-crc64-on-part': {
    parameter: 'part',
    description: 'the first attempt at part N of each upload is stored, and answered with a wrong x-cos-hash-crc64ecma (COS profile)',
  },
  'deny-part': {
    parameter: 'part',
    description: 'every attempt at part N is answered 403 AccessDenied, as a policy on its size would (nothing stored)',
  },
  'slow-complete': {
    parameter: 'seconds',
    description: 'Complete is answered as COS answers a long merge: 200 at once, a space every second for N seconds, then the result',
  },
  'slow-parts': { parameter: 'ms', description: 'every Upload Part is answered N milliseconds late (the part is stored first)' },
} as const satisfies Record<string, { readonly parameter: 'part' | 'seconds' | 'ms' | undefined; readonly description: string }>;

export type FaultName = keyof typeof FAULTS;

export interface Fault {
  readonly name: FaultName;
  /** The part number, seconds or milliseconds the fault takes; 0 for a fault without one. */
  readonly value: number;
}

export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** `name=N` (the flag form) as a fault; throws a one-line message for anything else. */
export function parseFault(text: string): Fault {
  const [name, raw] = text.trim().split('=', 2) as [string, string | undefined];
  if (!(name in FAULTS)) throw new Error(`unknown fault "${name}" (known: ${FAULT_NAMES.join(', ')})`);
  const spec = FAULTS[name as FaultName];
  if (spec.parameter === undefined) {
    if (raw !== undefined) throw new Error(`${name} takes no value`);
    return { name: name as FaultName, value: 0 };
  }
  const value = raw === undefined || !/^\d{1,9}$/.test(raw) ? Number.NaN : Number(raw);
  const least = spec.parameter === 'ms' ? 0 : 1;
  if (!(value >= least) || (spec.parameter === 'part' && value > 10000))
    throw new Error(
      `${name} needs a ${spec.parameter === 'part' ? 'part number from 1 to 10000' : `number of ${spec.parameter}`}: ${name}=N`,
    );
  return { name: name as FaultName, value };
}

/** How a fault is written in the flag form, and in an object key (`fault-` + name + `-N`). */
export const faultText = (fault: Fault): string =>
  FAULTS[fault.name].parameter === undefined ? fault.name : `${fault.name}=${fault.value}`;
export const faultKeyToken = (fault: Fault): string =>
  `fault-${fault.name}${FAULTS[fault.name].parameter === undefined ? '' : `-${fault.value}`}`;

/** The faults an object key asks for: each `fault-<name>[-N]` in it. */
export function faultsInKey(key: string): Fault[] {
  const found: Fault[] = [];
  for (const name of FAULT_NAMES) {
    const withValue = FAULTS[name].parameter !== undefined;
    const match = new RegExp(`fault-${name}${withValue ? '-(\\d{1,9})' : ''}(?![a-z0-9])`).exec(key);
    if (match) {
      try {
        found.push(parseFault(withValue ? `${name}=${match[1]}` : name));
      } catch {
        // A token with a value out of range asks for nothing.
      }
    }
  }
  return found;
}

export interface FaultPlan {
  /** Faults applied to every upload. */
  readonly faults: readonly Fault[];
  /** Whether object keys may ask for faults (`fault-<name>[-N]`). */
  readonly byKey: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The faults of one emulator: which request each applies to, and what it does to the answer. `handle` wraps the
 * routing of one request (after its signature was verified): it answers in the handler's place, delays or alters
 * the handler's answer, or cuts the connection. What it did is written to `call.seen.fault` for the observer.
 */
export class FaultInjector {
  /** Attempts seen per upload and part number, and Completes per upload: "the first attempt" is per upload. */
  private readonly attempts = new Map<string, number>();

  constructor(private readonly plan: FaultPlan) {}

  private faultsFor(key: string | undefined): Fault[] {
    return [...this.plan.faults, ...(this.plan.byKey && key !== undefined ? faultsInKey(key) : [])];
  }

  private count(what: string): number {
    const n = (this.attempts.get(what) ?? 0) + 1;
    this.attempts.set(what, n);
    return n;
  }

  async handle(ctx: EmulatorContext, call: Call, next: () => Reply | Promise<Reply>): Promise<Reply> {
    const { method, key, query } = call.request;
    const faults = this.faultsFor(key);
    const uploadId = queryValue(query, 'uploadId');
    if (faults.length === 0 || key === undefined || uploadId === undefined) return next();
    const note = (fault: Fault) => {
      call.seen.fault = faultText(fault);
    };
    const partNumber = method === 'PUT' ? Number(queryValue(query, 'partNumber')) : undefined;
    if (partNumber !== undefined && Number.isInteger(partNumber)) {
      const attempt = this.count(`${uploadId}\n${partNumber}`);
      const on = (name: FaultName) => faults.find((f) => f.name === name && f.value === partNumber);
      const deny = on('deny-part');
      if (deny) {
        note(deny);
        throw refuse(ERROR.AccessDenied, `Injected fault ${faultText(deny)}: this part is refused.`);
      }
      const slowdown = attempt === 1 ? on('slowdown-on-part') : undefined;
      if (slowdown) {
        note(slowdown);
        throw refuse(ERROR.SlowDown);
      }
      const reset = attempt === 1 ? on('reset-on-part') : undefined;
      if (reset) {
        note(reset);
        return resetMidBody(call);
      }
      const reply = await next();
      const slow = faults.find((f) => f.name === 'slow-parts');
      if (slow) {
        note(slow);
        await sleep(slow.value);
      }
      if (reply.status !== 200 || attempt !== 1) return reply;
      const wrongEtag = on('wrong-etag-on-part');
      const wrongCrc = ctx.dialect.crc64Header ? on('wrong-crc64-on-part') : undefined;
      if (!wrongEtag && !wrongCrc) return reply;
      const headers = { ...(reply.headers ?? {}) };
      if (wrongEtag && headers.ETag) {
        note(wrongEtag);
        headers.ETag = `"${createHash('md5').update(`other bytes than ${headers.ETag}`).digest('hex')}"`;
      }
      if (wrongCrc && ctx.dialect.crc64Header && headers[ctx.dialect.crc64Header] !== undefined) {
        note(wrongCrc);
        headers[ctx.dialect.crc64Header] = (BigInt(headers[ctx.dialect.crc64Header]!) ^ 0x5a5an).toString(10);
      }
      return { ...reply, headers };
    }
    if (method !== 'POST' || query.some(([n]) => n === 'uploads')) return next();
    // Complete Multipart Upload.
    const completes = this.count(`${uploadId}\ncomplete`);
    const completeError = completes === 1 ? faults.find((f) => f.name === 'complete-error') : undefined;
    if (completeError) {
      note(completeError);
      // Read as the handler would, so what the client asked to complete is on record.
      await readSmallBody(call, 4 * 1024 * 1024);
      const body = renderErrorDocument(
        ERROR.InternalError,
        `Injected fault ${faultText(completeError)}: the merge failed after 200 was sent.`,
        key,
        'injected-fault',
        'injected-fault',
      );
      return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
    }
    const slowComplete = faults.find((f) => f.name === 'slow-complete');
    const reply = await next();
    if (!slowComplete || reply.status !== 200 || reply.body === undefined) return reply;
    note(slowComplete);
    return { ...reply, writeBody: (res) => keptAlive(res, reply.body!, slowComplete.value) };
  }
}

/**
 * A Complete answered as doc 7742 describes a long merge: 200 and the headers at once, the body chunked, a space
 * every second to keep the connection alive, then the result. The XML declaration goes first, as S3 sends it, so
 * the spaces fall where XML allows them.
 */
async function keptAlive(res: ServerResponse, body: string, seconds: number): Promise<void> {
  res.removeHeader('Content-Length');
  const declaration = /^<\?xml[^>]*\?>/.exec(body)?.[0] ?? '';
  res.write(declaration);
  for (let i = 0; i < seconds && !res.destroyed; i++) {
    res.write(' ');
    await sleep(1000);
  }
  if (!res.destroyed) res.end(body.slice(declaration.length));
}

/** Reads half of the part's declared body, then destroys the connection: a reset mid-part. */
async function resetMidBody(call: Call): Promise<never> {
  const half = Math.floor((call.declaredLength ?? 0) / 2);
  // Taken first: leaving the loop below detaches the request from its socket.
  const socket = call.req.socket;
  call.startBody();
  let read = 0;
  if (half > 0) {
    for await (const chunk of call.req as AsyncIterable<Buffer>) {
      read += chunk.length;
      if (read >= half) break;
    }
  }
  socket.destroy();
  throw Object.assign(new Error('injected fault: connection reset mid-part'), { code: 'ECONNRESET' });
}
