import { createHash, type Hash } from 'node:crypto';
import { AwsChunkedDecoder, AwsChunkedError } from './aws-chunked.js';

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

export class SignedChunkDecoder extends AwsChunkedDecoder {
  private readonly trailerLines: string[] = [];
  private signature = '';
  private hash: Hash = createHash('sha256');
  private trailerSigned = false;

  constructor(private readonly verify: ChunkVerifier) {
    super();
  }

  protected override chunkStarts(extension: string | undefined): void {
    const match = /^chunk-signature=([0-9a-f]{64})$/.exec(extension ?? '');
    if (!match)
      throw new AwsChunkedError(`a chunk of a signed aws-chunked body without its signature: "${(extension ?? '').slice(0, 40)}"`);
    this.signature = match[1]!;
  }

  protected override chunkData(piece: Buffer): void {
    this.hash.update(piece);
  }

  protected override chunkEnds(): void {
    if (!this.verify.chunk(this.signature, this.hash.digest('hex')))
      throw new ChunkSignatureError('a chunk signature does not match the chunk and the signature before it');
    this.hash = createHash('sha256');
  }

  protected override trailerLine(name: string, value: string): boolean {
    if (name === 'x-amz-trailer-signature') {
      if (!this.verify.trailer(value, this.trailerLines.join('')))
        throw new ChunkSignatureError('the trailer signature does not match the trailing headers');
      this.trailerSigned = true;
      return true;
    }
    if (this.trailerSigned) throw new ChunkSignatureError('a trailing header after x-amz-trailer-signature is not signed');
    this.trailerLines.push(`${name}:${value}\n`);
    return false;
  }

  protected override bodyEnds(): void {
    if (this.trailerLines.length > 0 && !this.trailerSigned)
      throw new ChunkSignatureError('the trailing headers come without x-amz-trailer-signature');
  }
}
