import { Transform, type TransformCallback } from 'node:stream';

/**
 * The `aws-chunked` content encoding with an unsigned payload and a trailer, as the AWS SDKs send an upload by
 * default since 2025 (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 *
 *     <size in hex>\r\n<bytes>\r\n ... 0\r\n<name>:<value>\r\n\r\n
 *
 * `x-amz-decoded-content-length` gives the length of the bytes alone; `x-amz-trailer` names the trailer header.
 * The encoder builds what the SDK sends; the decoder is the emulator's reading of it.
 */
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** Frames `chunks` (each non-empty) and ends with the trailers. */
export function encodeAwsChunked(chunks: Iterable<Uint8Array>, trailers: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), Buffer.from(chunk), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n'));
  for (const [name, value] of trailers) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** Splits `data` into chunks of `size` bytes (the SDKs use 64 KiB), the last one shorter. */
export function* chunksOf(data: Uint8Array, size: number): Generator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, Math.min(offset + size, data.length));
}

export class AwsChunkedError extends Error {
  readonly code = 'MALFORMED_CHUNK';
}

const MAX_LINE = 4096;

/**
 * Reads an aws-chunked body and passes on the decoded bytes; `trailers` holds the trailer headers (names in
 * lower case) once the stream has ended. A malformed framing fails the stream with an AwsChunkedError. The signed
 * framing (aws-chunked-signed.ts) is this one with a signature on every chunk and on the trailer: it hooks in where
 * a chunk starts, carries data, ends, and where a trailer line comes.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  private pendingEnd = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' ? undefined : new AwsChunkedError('the aws-chunked body ended before its final chunk and trailer'));
  }

  /** A chunk's header: the extension after its size (`chunk-signature=...` when signed), undefined when none. */
  protected chunkStarts(_extension: string | undefined): void {}

  /** A piece of a chunk's data, as it is passed on. */
  protected chunkData(_piece: Buffer): void {}

  /** A chunk's data has ended (the final, empty chunk too). */
  protected chunkEnds(): void {}

  /** A trailer line; true when the hook took it (it then is not a trailer header). */
  protected trailerLine(_name: string, _value: string): boolean {
    return false;
  }

  /** The empty line after the trailers: the body is complete. */
  protected bodyEnds(): void {}

  private consume(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - i);
          const piece = chunk.subarray(i, i + take);
          this.chunkData(piece);
          this.push(piece);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          const take = Math.min(2 - this.pendingEnd.length, chunk.length - i);
          this.pendingEnd = Buffer.concat([this.pendingEnd, chunk.subarray(i, i + take)]);
          i += take;
          if (this.pendingEnd.length < 2) break;
          if (this.pendingEnd.toString('latin1') !== '\r\n') throw new AwsChunkedError('a chunk is not followed by CRLF');
          this.pendingEnd = Buffer.alloc(0);
          this.chunkEnds();
          this.state = 'size';
          break;
        }
        case 'done':
          throw new AwsChunkedError('bytes after the aws-chunked trailer');
        default: {
          const newline = chunk.indexOf(0x0a, i);
          const end = newline === -1 ? chunk.length : newline + 1;
          this.line += chunk.toString('latin1', i, end);
          i = end;
          if (this.line.length > MAX_LINE) throw new AwsChunkedError('an aws-chunked line is too long');
          if (newline === -1) break;
          const line = this.line;
          this.line = '';
          if (!line.endsWith('\r\n')) throw new AwsChunkedError('an aws-chunked line does not end with CRLF');
          this.onLine(line.slice(0, -2));
        }
      }
    }
  }

  private onLine(line: string): void {
    if (this.state === 'size') {
      const match = /^([0-9a-fA-F]{1,16})(?:;(.*))?$/.exec(line);
      if (!match) throw new AwsChunkedError(`"${line.slice(0, 40)}" is not a chunk size`);
      const size = Number.parseInt(match[1]!, 16);
      if (!Number.isSafeInteger(size)) throw new AwsChunkedError('a chunk size is too large');
      this.chunkStarts(match[2]);
      if (size === 0) {
        this.chunkEnds();
        this.state = 'trailer';
      } else {
        this.remaining = size;
        this.state = 'data';
      }
      return;
    }
    if (line === '') {
      this.bodyEnds();
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AwsChunkedError(`"${line.slice(0, 40)}" is not a trailer header`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (!this.trailerLine(name, value)) this.trailers[name] = value;
  }
}
