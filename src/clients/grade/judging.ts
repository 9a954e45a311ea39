import type { ClientRequirement } from '../../catalogue/client-requirements.js';
import type { Exchange } from '../../http/exchange.js';
import type { CheckOutcome, CheckStatus } from '../../outcomes/check-outcome.js';
import type { Evidence } from '../../outcomes/evidence.js';
import { redactHeaders } from '../wire.js';
import type { Seen } from './session.js';

/**
 * One check of the client grader: one requirement, judged over what the scenarios recorded. Each judgement that
 * holds is counted; each that does not is a failing case with its own evidence (the request, Expected, Actual);
 * INFO records what it saw. A check that judged nothing takes the status its grader gives for why (inconclusive,
 * not applicable, not run), never a pass.
 */
export class Judging {
  private held = 0;
  private readonly failures: Evidence[] = [];
  private readonly observations: Record<string, string> = {};
  private readonly notes: string[] = [];

  constructor(
    readonly rule: ClientRequirement,
    readonly title: string,
  ) {}

  hold(): void {
    this.held++;
  }

  fail(seen: Seen | undefined, fields: { case?: string; sent?: string; expected: string; actual: string }): void {
    this.failures.push({
      requirementId: this.rule.id,
      check: this.title,
      case: fields.case ?? (seen ? caseOf(seen) : 'the client run'),
      sent: fields.sent ?? (seen ? describe(seen) : 'the client run'),
      expected: fields.expected,
      actual: fields.actual,
      ...(seen ? { exchange: exchangeOf(seen) } : {}),
      ...(seen?.run.replay ? { replay: seen.run.replay } : {}),
    });
  }

  /** Judged: holds when `ok`, else a failing case. */
  judge(ok: boolean, seen: Seen | undefined, fields: { case?: string; sent?: string; expected: string; actual: string }): void {
    if (ok) this.hold();
    else this.fail(seen, fields);
  }

  observe(name: string, value: string): void {
    this.observations[name] = value;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Whether it judged (MUST, SHOULD) or recorded (INFO) anything. */
  get saidAnything(): boolean {
    return this.rule.level === 'INFO' ? Object.keys(this.observations).length > 0 : this.held > 0 || this.failures.length > 0;
  }

  /**
   * The check's outcome. `otherwise` is its status and reason when it judged nothing (for INFO: recorded nothing);
   * `requests` what the requests it looked at cost.
   */
  outcome(
    index: number,
    otherwise: { status: Exclude<CheckStatus, 'pass' | 'fail' | 'recorded'>; reason: string },
    usage = { requests: 0, bytesSent: 0 },
  ): CheckOutcome {
    const id = this.rule.id;
    const recorded = Object.keys(this.observations).length > 0;
    const status: CheckStatus =
      this.rule.level === 'INFO'
        ? recorded
          ? 'recorded'
          : otherwise.status
        : this.failures.length > 0
          ? 'fail'
          : this.held > 0
            ? 'pass'
            : otherwise.status;
    const judgedNothing = status !== 'pass' && status !== 'fail' && status !== 'recorded';
    return {
      title: this.title,
      file: this.rule.specs[0]!,
      index,
      requirementId: id,
      judges: [id],
      status,
      judgements: this.rule.level === 'INFO' ? {} : { [id]: { held: this.held, failures: this.failures } },
      contributions: { [id]: status },
      ...(judgedNothing ? { reason: otherwise.reason } : {}),
      ...(this.notes.length ? { notes: this.notes } : {}),
      ...(recorded ? { observations: this.observations } : {}),
      durationMs: 0,
      usage,
    };
  }
}

const part = (s: Seen) => (s.partNumber !== undefined ? ` #${s.partNumber}` : '');

/** Which request a case is: its scenario and its place in what the client sent. */
export function caseOf(s: Seen): string {
  return `scenario ${s.run.name}, request ${s.index + 1}: ${s.operation}${part(s)}`;
}

/** What the client sent, in one line: the call, part, declared and received body, the fault that met it. */
export function describe(s: Seen): string {
  const r = s.request;
  const declared = r.headers['x-amz-decoded-content-length'] ?? r.headers['content-length'];
  const body =
    declared !== undefined
      ? `, ${declared} B declared`
      : r.headers['transfer-encoding']
        ? `, Transfer-Encoding: ${r.headers['transfer-encoding']}`
        : '';
  const received = r.received ? `, ${r.received.length} B received` : '';
  const upload = s.uploadId ? ` of upload ${s.uploadId.slice(0, 12)}…` : '';
  const answered = r.status === 0 ? 'no answer (connection closed)' : `answered ${r.status}${r.code ? ` ${r.code}` : ''}`;
  return `${s.operation}${part(s)}${upload} ${r.method} /${r.key ?? ''}${body}${received}; ${answered}${r.fault ? ` (fault ${r.fault})` : ''}`;
}

const SECRET_QUERY = new Set([
  'q-ak',
  'q-signature',
  'x-cos-security-token',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

/** The request and its answer as evidence, secrets redacted: what the reports print as the exchange. */
export function exchangeOf(s: Seen): Exchange {
  const r = s.request;
  const query = r.query
    .map(([n, v]) =>
      v === undefined ? encodeURIComponent(n) : `${encodeURIComponent(n)}=${SECRET_QUERY.has(n) ? '<redacted>' : encodeURIComponent(v)}`,
    )
    .join('&');
  const started = r.startedAt ?? 0;
  return {
    id: s.index + 1,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, (r.answeredAt ?? started) - started),
    request: {
      method: r.method,
      url: `/${r.key ?? ''}${query ? `?${query}` : ''}`,
      headers: redactHeaders(r.headers),
      bodyBytes: r.received?.length ?? 0,
      ...(r.body !== undefined ? { bodyText: r.body } : {}),
    },
    ...(r.status === 0
      ? { error: 'the connection closed before an answer' }
      : { response: { status: r.status, headers: { ...(r.answer ?? {}) }, body: r.answerBody ?? '', bodyTruncated: false } }),
  };
}
