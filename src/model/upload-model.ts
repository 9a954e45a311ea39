import type { BodySpec } from '../http/body.js';
import { describeBody } from '../http/body.js';

/**
 * A plain model of one multipart upload, as the documents describe it: parts by number (the last upload of a
 * number wins), and a life of open → aborted | completed. It predicts every answer the model-based spec checks.
 */
export interface ModelPart {
  readonly etag: string;
  readonly size: number;
  readonly body: BodySpec;
}

export type Prediction = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status: number; readonly codes: readonly string[] };

export class UploadModel {
  state: 'open' | 'aborted' | 'completed' = 'open';
  readonly parts = new Map<number, ModelPart>();
  /** ETags that some part number had before it was replaced. */
  readonly replaced = new Map<number, string>();
  object: BodySpec[] | undefined;

  constructor(readonly minPartSize: number) {}

  static etagOf(body: BodySpec): string {
    return `"${describeBody(body).md5Hex}"`;
  }

  uploadPart(partNumber: number, body: BodySpec): Prediction {
    if (this.state !== 'open') return { ok: false, status: 404, codes: ['NoSuchUpload'] };
    const etag = UploadModel.etagOf(body);
    const previous = this.parts.get(partNumber);
    if (previous && previous.etag !== etag) this.replaced.set(partNumber, previous.etag);
    this.parts.set(partNumber, { etag, size: body.length, body });
    return { ok: true, status: 200 };
  }

  /** A digest that does not match: refused, and nothing changes. */
  uploadWithBadDigest(): Prediction {
    return { ok: false, status: 400, codes: ['BadDigest'] };
  }

  listParts(): Prediction & { parts?: Array<[number, string, number]> } {
    if (this.state !== 'open') return { ok: false, status: 404, codes: ['NoSuchUpload'] };
    return { ok: true, status: 200, parts: [...this.parts].sort(([a], [b]) => a - b).map(([n, p]) => [n, p.etag, p.size]) };
  }

  abort(): Prediction {
    if (this.state !== 'open') return { ok: false, status: 404, codes: ['NoSuchUpload'] };
    this.state = 'aborted';
    this.parts.clear();
    return { ok: true, status: 204 };
  }

  /**
   * Complete with these entries. Where an entry list breaks several rules at once, the documents do not say which
   * error wins, so any of their codes is accepted.
   */
  complete(entries: ReadonlyArray<{ partNumber: number; etag: string }>): Prediction {
    if (this.state !== 'open') return { ok: false, status: 404, codes: ['NoSuchUpload'] };
    const codes = new Set<string>();
    entries.forEach((entry, i) => {
      if (i > 0 && entry.partNumber <= entries[i - 1]!.partNumber) codes.add('InvalidPartOrder');
      const part = this.parts.get(entry.partNumber);
      if (!part || part.etag !== entry.etag) codes.add('InvalidPart');
      else if (i < entries.length - 1 && part.size < this.minPartSize) codes.add('EntityTooSmall');
    });
    if (codes.size > 0) return { ok: false, status: 400, codes: [...codes] };
    this.object = entries.map((e) => this.parts.get(e.partNumber)!.body);
    this.state = 'completed';
    return { ok: true, status: 200 };
  }
}
