import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { DigestAccumulator, type BodyDigest } from '../protocol/digest.js';

export interface StoredPart {
  readonly partNumber: number;
  readonly size: number;
  readonly md5Hex: string;
  /** The ETag, unquoted: the MD5 except for encrypted uploads (src/emulator/encryption.ts). */
  readonly etag: string;
  readonly crc64: string;
  readonly lastModified: Date;
  readonly file: string;
}

export interface UploadAttributes {
  readonly contentType: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly serverSideEncryption: string | undefined;
  /** SSE-KMS: the key id the upload was initiated with. */
  readonly kmsKeyId?: string;
  /** SSE-C: the base64 MD5 of the customer key the upload was initiated with. */
  readonly customerKeyMd5?: string;
}

export interface Upload extends UploadAttributes {
  readonly id: string;
  readonly key: string;
  readonly initiated: Date;
  readonly parts: Map<number, StoredPart>;
  /** The first part stored under each number, by ETag and size (what a stale List Parts would show; its file may be gone). */
  readonly history: Map<number, StoredPart>;
}

export interface StoredObject extends UploadAttributes {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly crc64: string | undefined;
  readonly lastModified: Date;
  /** The files whose concatenation is the object: one for a plain PUT, the listed parts for a multipart one. */
  readonly segments: readonly string[];
}

export interface WrittenFile {
  readonly file: string;
  readonly digest: BodyDigest;
  readonly sha256Hex: string | undefined;
}

/**
 * Objects, in-progress uploads and their parts. Bodies live in files under the data directory, never in memory.
 * Every change to the maps happens in one synchronous step, so concurrent requests see a part, an upload or an
 * object either before or after a change, never half of one.
 */
export class Store {
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, Upload>();
  private fileCounter = 0;
  private readonly deleting = new Set<Promise<void>>();

  constructor(readonly dataDir: string) {}

  async init(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true });
  }

  newUploadId(): string {
    // COS's own ids look like a 10-digit Unix time followed by hex; 32 random bytes make them unguessable.
    return `${Math.floor(Date.now() / 1000)}${randomBytes(32).toString('hex')}`;
  }

  /**
   * Streams a body into a new file, hashing it on the way. Resolves when `expectedLength` bytes (or, when it is
   * undefined, the whole chunked body) have arrived; rejects, leaving no file behind, if the stream breaks, or
   * if the body exceeds `maxLength`.
   */
  async writeBody(
    source: Readable,
    options: {
      expectedLength?: number;
      maxLength: number;
      sha256?: boolean;
      /** Sees every chunk as it is stored: a checksum the request declared is computed on the way. */
      tap?: (chunk: Buffer) => void;
      /** deviation store-truncated-part */
      keepPartial?: boolean;
    },
  ): Promise<WrittenFile> {
    const file = join(this.dataDir, `body-${process.pid}-${++this.fileCounter}-${randomBytes(4).toString('hex')}`);
    const digest = new DigestAccumulator();
    const sha256 = options.sha256 ? createHash('sha256') : undefined;
    // A large write buffer: with the default 16 KiB nearly every socket chunk would pause the body until drain.
    const out = createWriteStream(file, { highWaterMark: 8 * 1024 * 1024 });
    let received = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = false;
        const fail = (error: Error) => {
          if (finished) return;
          finished = true;
          source.unpipe?.(out);
          out.destroy();
          reject(error);
        };
        source.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > options.maxLength) {
            fail(Object.assign(new Error('body exceeds the maximum size'), { code: 'TOO_LARGE' }));
            return;
          }
          digest.update(chunk);
          sha256?.update(chunk);
          options.tap?.(chunk);
          if (!out.write(chunk)) {
            source.pause();
            out.once('drain', () => source.resume());
          }
        });
        source.on('end', () => {
          if (finished) return;
          if (options.expectedLength !== undefined && received !== options.expectedLength) {
            fail(Object.assign(new Error('incomplete body'), { code: 'INCOMPLETE' }));
            return;
          }
          finished = true;
          out.end(() => resolve());
        });
        source.on('aborted', () => fail(Object.assign(new Error('client went away'), { code: 'ABORTED' })));
        source.on('error', fail);
        source.on('close', () => {
          if (!finished && !source.readableEnded) fail(Object.assign(new Error('client went away'), { code: 'ABORTED' }));
        });
        out.on('error', fail);
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (options.keepPartial && (code === 'INCOMPLETE' || code === 'ABORTED')) {
        return { file, digest: digest.digest(), sha256Hex: sha256?.digest('hex') };
      }
      // The file is opened asynchronously: a body refused before the open completed would be created after an
      // unlink made now, and left behind. Unlink once the stream has closed.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await unlink(file).catch(() => undefined);
      throw error;
    }
    return { file, digest: digest.digest(), sha256Hex: sha256?.digest('hex') };
  }

  /** Deletes files no part or object owns any more; callers need not wait, settled() does. */
  discard(files: Iterable<string>): Promise<void> {
    const deleting = Promise.all([...files].map((file) => unlink(file).catch(() => undefined))).then(() => undefined);
    this.deleting.add(deleting);
    void deleting.then(() => this.deleting.delete(deleting));
    return deleting;
  }

  /** Resolves once every file discarded so far is gone. */
  async settled(): Promise<void> {
    while (this.deleting.size > 0) await Promise.all([...this.deleting]);
  }

  // UP-04, UP-23 a part number holds one part; a re-upload replaces it whole.
  /**
   * Replaces a part in one step; the file of the part it replaces is deleted. The other modes are deviations:
   * 'keep-first' ignores a re-upload, 'torn' takes the new bytes but keeps the old ETag and size.
   */
  putPart(upload: Upload, part: StoredPart, mode: 'replace' | 'keep-first' | 'torn' = 'replace'): void {
    const previous = upload.parts.get(part.partNumber);
    if (!upload.history.has(part.partNumber)) upload.history.set(part.partNumber, part);
    if (previous && mode === 'keep-first') {
      void this.discard([part.file]);
      return;
    }
    upload.parts.set(part.partNumber, previous && mode === 'torn' ? { ...previous, file: part.file } : part);
    if (previous) void this.discard([previous.file]);
  }

  /** Removes an upload and deletes the files of its parts, except those now owned by an object. */
  dropUpload(upload: Upload, keep: ReadonlySet<string> = new Set()): void {
    this.uploads.delete(upload.id);
    void this.discard([...upload.parts.values()].map((p) => p.file).filter((f) => !keep.has(f)));
  }

  putObject(object: StoredObject): void {
    const previous = this.objects.get(object.key);
    this.objects.set(object.key, object);
    if (previous) void this.discard(previous.segments.filter((f) => !object.segments.includes(f)));
  }

  deleteObject(key: string): void {
    const previous = this.objects.get(key);
    this.objects.delete(key);
    if (previous) void this.discard(previous.segments);
  }

  /** Opens every segment before the first byte is sent, so a concurrent overwrite cannot cut a read short. */
  async openSegments(object: StoredObject): Promise<FileHandle[]> {
    const handles: FileHandle[] = [];
    try {
      for (const segment of object.segments) handles.push(await open(segment, 'r'));
    } catch (error) {
      await Promise.all(handles.map((h) => h.close()));
      throw error;
    }
    return handles;
  }

  async destroy(): Promise<void> {
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

// UP-46 the multipart ETag: not 32 hex digits, so never mistaken for an MD5.
/** The multipart ETag: MD5 of the concatenated binary part ETags, then `-<part count>` (S3's rule). */
export function multipartEtag(parts: readonly StoredPart[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(Buffer.from(part.etag, 'hex'));
  return `${hash.digest('hex')}-${parts.length}`;
}
