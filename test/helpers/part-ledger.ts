import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CosApi } from '../../src/api/multipart.js';
import type { Store } from '../../src/emulator/store.js';

/**
 * What clients were told about their parts, and the judgement of an emulator's final state against it. Each
 * write of a part is recorded when it starts and when its answer comes: acknowledged (200 with the ETag of the
 * bytes sent), refused, or uncertain (the client stopped waiting after sending the whole body, so either outcome
 * is allowed). The part a listing shows must be one the clients may see last: an acknowledged write that no
 * other acknowledged write began after, or an uncertain one. An acknowledged part missing or replaced is lost;
 * a listed part nobody was told about is a phantom.
 */
export interface PartWrite {
  readonly uploadId: string;
  readonly partNumber: number;
  /** Undefined when the bytes a server reads are not known in advance (a request mangled on the wire): then the acknowledged ETag names them. */
  md5Hex: string | undefined;
  readonly size: number | undefined;
  /** How the request was sent (its framing and any mangling), for the failure message. */
  readonly label?: string;
  readonly started: number;
  settled?: number;
  outcome?: 'acknowledged' | 'refused' | 'uncertain';
  /** What the client saw, for the failure message: the status and code, or how the connection ended. */
  answer?: string;
}

export interface LedgerVerdict {
  readonly uploadsJudged: number;
  readonly partsChecked: number;
  /** Listed parts only a mangled write the client cut short can explain: the server read a whole request in it. */
  readonly storedThoughCut: number;
  readonly lost: readonly string[];
  readonly phantoms: readonly string[];
  readonly problems: readonly string[];
}

export class PartLedger {
  private readonly writes = new Map<string, PartWrite[]>();
  private readonly uploads = new Map<
    string,
    { key: string; ended?: 'aborted' | 'completed'; endedAt?: number; mayHaveEnded?: 'aborted' | 'completed' }
  >();
  /** Answers that contradict what was sent (a 200 whose ETag is not the MD5 of the bytes): each a failure. */
  readonly contradictions: string[] = [];
  private clock = 0;

  open(uploadId: string, key: string): void {
    this.uploads.set(uploadId, { key });
  }

  isOpen(uploadId: string): boolean {
    const upload = this.uploads.get(uploadId);
    return upload !== undefined && upload.ended === undefined;
  }

  /** An upload the clients were told has ended: it must not be listed afterwards. */
  ended(uploadId: string, how: 'aborted' | 'completed'): void {
    const upload = this.uploads.get(uploadId);
    if (upload && !upload.ended) Object.assign(upload, { ended: how, endedAt: ++this.clock });
  }

  /**
   * An Abort or Complete that went out and got no answer: the server may have acted on it (a DELETE is acted on
   * when its head arrives, before a body it declares), so a final List Parts may find the upload gone or open.
   */
  mayHaveEnded(uploadId: string, how: 'aborted' | 'completed'): void {
    const upload = this.uploads.get(uploadId);
    if (upload && !upload.ended) upload.mayHaveEnded = how;
  }

  /** Records a write about to start; the write's bytes are named by their MD5 and size, when known. */
  begin(uploadId: string, partNumber: number, body: { md5Hex: string | undefined; size: number | undefined; label?: string }): PartWrite {
    const write: PartWrite = {
      uploadId,
      partNumber,
      md5Hex: body.md5Hex,
      size: body.size,
      ...(body.label ? { label: body.label } : {}),
      started: ++this.clock,
    };
    const id = `${uploadId}/${partNumber}`;
    this.writes.set(id, [...(this.writes.get(id) ?? []), write]);
    return write;
  }

  /**
   * Settles a write with its answer: status and ETag, 'no-answer' when none came after the whole body went, or
   * 'body-not-sent' when the client went away before the end of the body. A body cut short is refused only when
   * the bytes were known: in a request mangled on the wire a flipped digit of Content-Length can end the body
   * where the client stopped, so the server may have read a whole request and stored it.
   */
  settle(write: PartWrite, answer: { status: number; etag: string | undefined; code?: string } | 'no-answer' | 'body-not-sent'): void {
    write.settled = ++this.clock;
    write.answer = typeof answer === 'string' ? answer : `${answer.status}${answer.code ? ` ${answer.code}` : ''}`;
    if (answer === 'body-not-sent') write.outcome = write.md5Hex === undefined ? 'uncertain' : 'refused';
    else if (answer === 'no-answer') write.outcome = 'uncertain';
    else if (answer.status === 200) {
      write.outcome = 'acknowledged';
      if (write.md5Hex === undefined && /^"[0-9a-f]{32}"$/.test(answer.etag ?? '')) write.md5Hex = answer.etag!.slice(1, -1);
      else if (answer.etag !== `"${write.md5Hex}"`)
        this.contradictions.push(`part ${write.partNumber} of ${write.uploadId}: 200 with ETag ${answer.etag}, sent MD5 ${write.md5Hex}`);
    } else write.outcome = 'refused';
  }

  get counts(): { acknowledged: number; refused: number; uncertain: number } {
    const all = [...this.writes.values()].flat();
    return {
      acknowledged: all.filter((w) => w.outcome === 'acknowledged').length,
      refused: all.filter((w) => w.outcome === 'refused').length,
      uncertain: all.filter((w) => w.outcome === 'uncertain').length,
    };
  }

  /**
   * Lists every upload through the API and judges it; with `store` (an emulator in this process) also reads each
   * listed part's file and checks its bytes hash to the listed ETag.
   */
  async judge(api: CosApi, store?: Store): Promise<LedgerVerdict> {
    const lost: string[] = [];
    const phantoms: string[] = [];
    const problems: string[] = [...this.contradictions];
    let partsChecked = 0;
    let storedThoughCut = 0;
    for (const [uploadId, upload] of this.uploads) {
      const listed = await api.listAllParts(upload.key, uploadId);
      if (upload.ended) {
        if (listed.status !== 404) problems.push(`${uploadId} was ${upload.ended}, yet List Parts answers ${listed.status}`);
        const late = [...this.writes.entries()]
          .filter(([id]) => id.startsWith(`${uploadId}/`))
          .flatMap(([, ws]) => ws)
          .filter((w) => w.outcome === 'acknowledged' && w.started > upload.endedAt!);
        if (late.length > 0)
          problems.push(`${uploadId} was ${upload.ended}, yet ${late.length} part(s) begun afterwards were acknowledged`);
        continue;
      }
      if (listed.status === 404 && upload.mayHaveEnded) continue;
      if (!listed.ok || !listed.value) {
        problems.push(`List Parts of open upload ${uploadId}: ${listed.status} ${listed.error?.code ?? ''}`);
        continue;
      }
      const shown = new Map(listed.value.parts.map((p) => [p.partNumber, p]));
      const numbers = new Set([
        ...shown.keys(),
        ...[...this.writes.keys()].filter((id) => id.startsWith(`${uploadId}/`)).map((id) => Number(id.slice(uploadId.length + 1))),
      ]);
      for (const partNumber of numbers) {
        const id = `${uploadId}/${partNumber}`;
        const writes = this.writes.get(id) ?? [];
        const part = shown.get(partNumber);
        const acknowledged = writes.filter((w) => w.outcome === 'acknowledged');
        const possibleLast = [
          ...acknowledged.filter((w) => !acknowledged.some((later) => later.started > w.settled!)),
          ...writes.filter((w) => w.outcome === 'uncertain' || w.outcome === undefined),
        ];
        if (!part) {
          if (acknowledged.length > 0)
            lost.push(`${id}: acknowledged ${acknowledged.length} time(s), not listed; writes: ${history(writes)}`);
          continue;
        }
        partsChecked++;
        const match = possibleLast.find(
          (w) => (w.md5Hex === undefined || part.etag === `"${w.md5Hex}"`) && (w.size === undefined || part.size === w.size),
        );
        if (match?.answer === 'body-not-sent' && !acknowledged.some((w) => possibleLast.includes(w))) storedThoughCut++;
        if (!match) {
          if (acknowledged.length > 0)
            lost.push(`${id}: listed ${part.etag} (${part.size} B), not the last acknowledged bytes; writes: ${history(writes)}`);
          else phantoms.push(`${id}: listed ${part.etag} (${part.size} B), never acknowledged; writes: ${history(writes)}`);
          continue;
        }
        const stored = store?.uploads.get(uploadId)?.parts.get(partNumber);
        if (
          store &&
          (!stored ||
            `"${createHash('md5')
              .update(await readFile(stored.file))
              .digest('hex')}"` !== part.etag)
        ) {
          lost.push(`${id}: the stored file does not hold the acknowledged bytes`);
        }
      }
    }
    return { uploadsJudged: this.uploads.size, partsChecked, storedThoughCut, lost, phantoms, problems };
  }
}

/** Every write of one part, in order, with its answer and how it was sent: what a failure message needs. */
const history = (writes: readonly PartWrite[]): string =>
  writes
    .map(
      (w) =>
        `${w.outcome} (${w.answer}) ${w.md5Hex ?? 'bytes unknown'} ${w.size ?? '?'} B [${w.started}-${w.settled}]${w.label ? ` ${w.label}` : ''}`,
    )
    .join(', ') || 'none';
