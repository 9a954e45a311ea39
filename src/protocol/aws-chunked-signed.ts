import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsChunkedError } from './aws-chunked.js';

/**
 * Reads an aws-chunked body whose chunks are signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) and passes on
 * the decoded bytes. Every chunk's `chunk-signature` and, when a trailer comes, its `x-amz-trailer-signature` are
 * handed to `verify` with what they sign; the framing is the unsigned one's (aws-chunked.ts) plus the signatures.
 * A signature that does not verify fails the stream with a ChunkSignatureError; a malformed framing with an
 * AwsChunkedError. `trailers` holds the trailing headers but the signature once the stream has ended.
 */
export interface ChunkVerifier {
  /** The chunk's signature is right given its data's SHA-256 (hex); each call is the next chunk of the chain. */
  chunk(signature: string, sha256Hex: string): boolean;
  /** The trailer's signature is right given the trailing headers as signed (`name:value\n` each). */
  trailer(signature: string, canonical: string): boolean;
}

export class ChunkSignatureError extends Error {
  readonly code = 'CHUNK_SIGNATURE';
}

const MAX_LINE = 4096;

export class SignedChunkDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private readonly trailerLines: string[] = [];
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  private signature = '';
  private hash: Hash = createHash('sha256');
  private pendingEnd = Buffer.alloc(0);
  private trailerSigned = false;

  constructor(private readonly verify: ChunkVerifier) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' ? undefined : new AwsChunkedError('the signed aws-chunked body ended before its final chunk'));
  }

  private endChunk(): void {
    if (!this.verify.chunk(this.signature, this.hash.digest('hex'))) throw new ChunkSignatureError('a chunk signature does not match the chunk and the signature before it');
    this.hash = createHash('sha256');
  }

  private consume(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'data': {
          const take = Math.min(this.remaining, chunk.length - i);
          const piece = chunk.subarray(i, i + take);
          this.hash.update(piece);
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
          this.endChunk();
          this.state = 'size';
          break;
        }
        case 'done':
          throw new AwsChunkedError('bytes after the end of the signed aws-chunked body');
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
      const match = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/.exec(line);
      if (!match) throw new AwsChunkedError(`"${line.slice(0, 40)}" is not a signed chunk header`);
      const size = Number.parseInt(match[1]!, 16);
      if (!Number.isSafeInteger(size)) throw new AwsChunkedError('a chunk size is too large');
      this.signature = match[2]!;
      if (size === 0) {
        this.endChunk();
        this.state = 'trailer';
      } else {
        this.remaining = size;
        this.state = 'data';
      }
      return;
    }
    if (line === '') {
      if (this.trailerLines.length > 0 && !this.trailerSigned) throw new ChunkSignatureError('the trailing headers come without x-amz-trailer-signature');
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new AwsChunkedError(`"${line.slice(0, 40)}" is not a trailer header`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      if (!this.verify.trailer(value, this.trailerLines.join(''))) throw new ChunkSignatureError('the trailer signature does not match the trailing headers');
      this.trailerSigned = true;
      return;
    }
    if (this.trailerSigned) throw new ChunkSignatureError('a trailing header after x-amz-trailer-signature is not signed');
    this.trailers[name] = value;
    this.trailerLines.push(`${name}:${value}\n`);
  }
}
