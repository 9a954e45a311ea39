import type { BodySpec } from '../protocol/body.js';
import { ERROR, type ErrorRow } from '../protocol/error-codes.js';

/**
 * A plain model of one multipart upload, as the documents describe it: parts by number (the last upload of a
 * number wins), and a life of open → aborted | completed. It predicts every answer the model-based spec checks,
 * and names the requirement whose sentence demands that answer, so a divergence is charged where it belongs. Where
 * no document says what an answer must be (calls on a completed upload), it predicts nothing: the answer is
 * recorded, never judged.
 */
export interface ModelPart {
  /** As the target answered it: the model judges consistency, not the ETag's form (UP-16 judges that). */
  readonly etag: string;
  readonly size: number;
  readonly body: BodySpec;
}

export type Prediction =
  | { readonly ok: true; readonly status: number; readonly rule: string }
  | { readonly ok: false; readonly errors: readonly ErrorRow[]; readonly rule: string }
  | { readonly ok: 'unspecified'; readonly why: string };

/** Requirement IDs, by what their sentences say (src/catalogue/requirements.ts). */
const RULE = {
  accepted: 'UP-02',
  ascendingOrder: 'UP-03',
  reupload: 'UP-04',
  noSuchUploadOnPart: 'UP-05',
  contentMd5: 'UP-13',
  listedAsUploaded: 'UP-15',
  completeRefusals: 'UP-25',
  abort: 'UP-29',
  endedUpload: 'UP-32',
} as const;

export const MODEL_RULES: readonly string[] = [...new Set(Object.values(RULE))];

const noSuchUpload = (rule: string): Prediction => ({ ok: false, errors: [ERROR.NoSuchUpload], rule });
const afterComplete: Prediction = {
  ok: 'unspecified',
  why: 'no document of a standard bucket says what a completed upload answers (UP-28 records it)',
};

export class UploadModel {
  state: 'open' | 'aborted' | 'completed' = 'open';
  readonly parts = new Map<number, ModelPart>();
  /** ETags a part number had before a re-upload replaced them. */
  readonly replaced = new Map<number, string>();
  /** Part numbers uploaded again after their first upload. */
  readonly reuploaded = new Set<number>();
  /** Part numbers a refused upload (bad digest) was sent for: their stored part must be untouched. */
  readonly refusedSince = new Set<number>();
  object: BodySpec[] | undefined;
  private objectParts: number[] = [];

  constructor(readonly minPartSize: number) {}

  uploadPart(partNumber: number): Prediction {
    if (this.state !== 'open') return noSuchUpload(RULE.noSuchUploadOnPart);
    return { ok: true, status: 200, rule: this.parts.has(partNumber) ? RULE.reupload : RULE.accepted };
  }

  /** The target accepted the part and answered this ETag. */
  accepted(partNumber: number, body: BodySpec, etag: string): void {
    const previous = this.parts.get(partNumber);
    if (previous) {
      this.reuploaded.add(partNumber);
      if (previous.etag !== etag) this.replaced.set(partNumber, previous.etag);
    }
    this.refusedSince.delete(partNumber);
    this.parts.set(partNumber, { etag, size: body.length, body });
  }

  /** A Content-MD5 that does not match: refused, and nothing changes. */
  uploadWithBadDigest(partNumber: number): Prediction {
    this.refusedSince.add(partNumber);
    return { ok: false, errors: [ERROR.BadDigest], rule: RULE.contentMd5 };
  }

  /** The rule a listing of this part number judges: what last happened to it decides. */
  listingRule(partNumber: number): string {
    if (this.refusedSince.has(partNumber)) return RULE.contentMd5;
    if (this.reuploaded.has(partNumber)) return RULE.reupload;
    return RULE.listedAsUploaded;
  }

  listParts(): Prediction & { parts?: Array<[number, string, number]> } {
    if (this.state === 'completed') return afterComplete;
    if (this.state === 'aborted') return noSuchUpload(RULE.endedUpload);
    return {
      ok: true,
      status: 200,
      rule: RULE.listedAsUploaded,
      parts: [...this.parts].sort(([a], [b]) => a - b).map(([n, p]) => [n, p.etag, p.size]),
    };
  }

  abort(): Prediction {
    if (this.state === 'completed') return afterComplete;
    if (this.state === 'aborted') return noSuchUpload(RULE.abort);
    this.state = 'aborted';
    this.parts.clear();
    return { ok: true, status: 204, rule: RULE.abort };
  }

  /** Whether a Complete of every part can succeed: numbers 1..k, and every part but the last of the minimum size. */
  get completable(): boolean {
    const numbers = [...this.parts.keys()].sort((a, b) => a - b);
    return (
      numbers.length > 0 &&
      numbers.every((n, i) => n === i + 1 && (i === numbers.length - 1 || this.parts.get(n)!.size >= this.minPartSize))
    );
  }

  /**
   * Complete with these entries. Where an entry list breaks several rules at once, the documents do not say which
   * error wins, so any of their codes is accepted; a stale ETag is the re-upload rule's (UP-04), the rest UP-25's.
   */
  complete(entries: ReadonlyArray<{ partNumber: number; etag: string }>): Prediction {
    if (this.state === 'completed') return afterComplete;
    if (this.state === 'aborted') return noSuchUpload(RULE.endedUpload);
    const codes = new Set<ErrorRow>();
    let stale = false;
    entries.forEach((entry, i) => {
      if (i > 0 && entry.partNumber <= entries[i - 1]!.partNumber) codes.add(ERROR.InvalidPartOrder);
      const part = this.parts.get(entry.partNumber);
      if (!part || part.etag !== entry.etag) {
        codes.add(ERROR.InvalidPart);
        if (part && this.replaced.get(entry.partNumber) === entry.etag) stale = true;
      } else if (i < entries.length - 1 && part.size < this.minPartSize) codes.add(ERROR.EntityTooSmall);
    });
    if (codes.size > 0) return { ok: false, errors: [...codes], rule: stale && codes.size === 1 ? RULE.reupload : RULE.completeRefusals };
    this.object = entries.map((e) => this.parts.get(e.partNumber)!.body);
    this.objectParts = entries.map((e) => e.partNumber);
    this.state = 'completed';
    return { ok: true, status: 200, rule: RULE.ascendingOrder };
  }

  /** The rule the completed object's bytes judge: a part refused or replaced before Complete names its own. */
  objectRule(): string {
    if (this.objectParts.some((n) => this.refusedSince.has(n))) return RULE.contentMd5;
    if (this.objectParts.some((n) => this.reuploaded.has(n))) return RULE.reupload;
    return RULE.ascendingOrder;
  }
}
