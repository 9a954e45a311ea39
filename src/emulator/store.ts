import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { type BodyDigest, DigestAccumulator } from '../protocol/digest.js';

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

/** One stored body being read: its size, its bytes (or a range of them), and the handle to close once sent. */
export interface SegmentReader {
  size(): Promise<number>;
  /** The bytes from `start` to `end`, both inclusive (the whole body without them). */
  bytes(start?: number, end?: number): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** The largest body held in memory when the store is given a memory allowance. */
export const MEMORY_BODY_LIMIT = 1024 * 1024;

/**
 * Objects, in-progress uploads and their parts. Bodies live in files under the data directory, never in memory,
 * unless the store is given an allowance (`memoryBytes`): then a body of at most MEMORY_BODY_LIMIT bytes is held
 * in memory while the allowance lasts, under the name its file would have had (the suite's embedded emulator: a
 * file created and deleted per part was a tenth of the default run's CPU). Every change to the maps happens in one
 * synchronous step, so concurrent requests see a part, an upload or an object either before or after a change,
 * never half of one.
 */
export class Store {
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, Upload>();
  private fileCounter = 0;
  private readonly deleting = new Set<Promise<void>>();
  /** Bodies held in memory, by the name of the file they stand for. */
  private readonly inMemory = new Map<string, Buffer>();
  private memoryUsed = 0;

  constructor(
    readonly dataDir: string,
    private readonly memoryBytes = 0,
  ) {}

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
    // With a memory allowance a small body is collected here; the file is opened only once it outgrows the limit.
    let held: Buffer[] | undefined = this.memoryBytes > 0 ? [] : undefined;
    let out: WriteStream | undefined;
    // A large write buffer: with the default 16 KiB nearly every socket chunk would pause the body until drain.
    const openFile = () => createWriteStream(file, { highWaterMark: 8 * 1024 * 1024 });
    if (!held) out = openFile();
    let received = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        let finished = false;
        const fail = (error: Error) => {
          if (finished) return;
          finished = true;
          if (out) source.unpipe?.(out);
          out?.destroy();
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
          if (held && received <= MEMORY_BODY_LIMIT) {
            held.push(chunk);
            return;
          }
          if (held) {
            out = openFile();
            out.on('error', fail);
            for (const earlier of held) out.write(earlier);
            held = undefined;
          }
          if (!out!.write(chunk)) {
            source.pause();
            out!.once('drain', () => source.resume());
          }
        });
        source.on('end', () => {
          if (finished) return;
          if (options.expectedLength !== undefined && received !== options.expectedLength) {
            fail(Object.assign(new Error('incomplete body'), { code: 'INCOMPLETE' }));
            return;
          }
          finished = true;
          if (out) out.end(() => resolve());
          else resolve();
        });
        source.on('aborted', () => fail(Object.assign(new Error('client went away'), { code: 'ABORTED' })));
        source.on('error', fail);
        source.on('close', () => {
          if (!finished && !source.readableEnded) fail(Object.assign(new Error('client went away'), { code: 'ABORTED' }));
        });
        out?.on('error', fail);
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (options.keepPartial && (code === 'INCOMPLETE' || code === 'ABORTED')) {
        if (held) await this.keep(file, held);
        return { file, digest: digest.digest(), sha256Hex: sha256?.digest('hex') };
      }
      if (!out) throw error;
      // The file is opened asynchronously: a body refused before the open completed would be created after an
      // unlink made now, and left behind. Unlink once the stream has closed.
      const opened = out;
      if (!opened.closed) await new Promise<void>((resolve) => opened.once('close', () => resolve()));
      await unlink(file).catch(() => undefined);
      throw error;
    }
    if (held) await this.keep(file, held);
    return { file, digest: digest.digest(), sha256Hex: sha256?.digest('hex') };
  }

  /** A small body received whole: held in memory while the allowance lasts, else written to its file. */
  private async keep(file: string, chunks: readonly Buffer[]): Promise<void> {
    const body = Buffer.concat(chunks);
    if (this.memoryUsed + body.length <= this.memoryBytes) {
      this.inMemory.set(file, body);
      this.memoryUsed += body.length;
    } else {
      await writeFile(file, body);
    }
  }

  /** The whole of a stored body (for the few rules that look at a part's bytes after it is stored). */
  async readBody(file: string): Promise<Buffer> {
    return this.inMemory.get(file) ?? (await readFile(file));
  }

  /** Deletes files no part or object owns any more; callers need not wait, settled() does. */
  discard(files: Iterable<string>): Promise<void> {
    const onDisk = [...files].filter((file) => !this.forget(file));
    const deleting = Promise.all(onDisk.map((file) => unlink(file).catch(() => undefined))).then(() => undefined);
    this.deleting.add(deleting);
    void deleting.then(() => this.deleting.delete(deleting));
    return deleting;
  }

  /** Drops a body held in memory; false when the body is a file. */
  private forget(file: string): boolean {
    const body = this.inMemory.get(file);
    if (!body) return false;
    this.inMemory.delete(file);
    this.memoryUsed -= body.length;
    return true;
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
  async openSegments(object: StoredObject): Promise<SegmentReader[]> {
    const readers: SegmentReader[] = [];
    try {
      for (const segment of object.segments) {
        const body = this.inMemory.get(segment);
        readers.push(body ? memoryReader(body) : fileReader(await open(segment, 'r')));
      }
    } catch (error) {
      await Promise.all(readers.map((r) => r.close()));
      throw error;
    }
    return readers;
  }

  async destroy(): Promise<void> {
    this.inMemory.clear();
    this.memoryUsed = 0;
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** A body held in memory is read from the buffer kept when it was opened: a later overwrite does not touch it. */
function memoryReader(body: Buffer): SegmentReader {
  return {
    size: async () => body.length,
    async *bytes(start = 0, end = body.length - 1) {
      if (end >= start) yield body.subarray(start, end + 1);
    },
    close: async () => undefined,
  };
}

function fileReader(handle: FileHandle): SegmentReader {
  return {
    size: async () => (await handle.stat()).size,
    bytes: (start, end) =>
      handle.createReadStream({ autoClose: false, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) }),
    close: () => handle.close(),
  };
}

// UP-46 the multipart ETag: not 32 hex digits, so never mistaken for an MD5.
/** The multipart ETag: MD5 of the concatenated binary part ETags, then `-<part count>` (S3's rule). */
export function multipartEtag(parts: readonly StoredPart[]): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(Buffer.from(part.etag, 'hex'));
  return `${hash.digest('hex')}-${parts.length}`;
}
