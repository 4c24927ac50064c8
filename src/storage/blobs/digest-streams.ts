/**
 * The two streams both backends share: one hashes and counts what goes in (and enforces
 * maxBytes), one checks what comes out against its key.
 */
import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../shared/errors.ts';

/** A Readable of bytes for either kind of put source. */
export function toReadable(source: Readable | Uint8Array): Readable {
  if (!(source instanceof Uint8Array)) return source;
  const buf = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  return Readable.from(buf.byteLength === 0 ? [] : [buf], { objectMode: false });
}

/** Passes bytes through unchanged while hashing and counting them; errors past maxBytes. */
export class HashingCounter extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private sha256?: string;
  size = 0;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.byteLength;
    if (this.size > this.maxBytes) {
      callback(new AppError('PAYLOAD_TOO_LARGE', { detail: `blob larger than the limit of ${this.maxBytes} bytes` }));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Hex SHA-256 of everything that passed; call once the stream has ended. */
  digest(): string {
    this.sha256 ??= this.hash.digest('hex');
    return this.sha256;
  }
}

/**
 * Passes the stored bytes through while hashing them. At the end, before 'end' is emitted, it
 * compares the digest with the key and fails with BLOB_DIGEST_MISMATCH if they differ, so a
 * consumer (an HTTP response, a CMS verifier) never sees a clean end of corrupted content.
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private size = 0;

  constructor(private readonly expected: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.byteLength;
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual === this.expected) {
      callback();
      return;
    }
    callback(
      new AppError('BLOB_DIGEST_MISMATCH', {
        detail: `blob ${this.expected}: stored bytes (${this.size} bytes) hash to ${actual}`,
      }),
    );
  }
}

/** Fails with BLOB_DIGEST_MISMATCH, as VerifyingStream does, unless `bytes` hash to `expected`. */
export function checkDigest(expected: string, bytes: Uint8Array): void {
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new AppError('BLOB_DIGEST_MISMATCH', { detail: `blob ${expected}: stored bytes (${bytes.byteLength} bytes) hash to ${actual}` });
  }
}

/** One line naming what went wrong, for health checks and wrapped errors. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    const label = typeof e.code === 'string' ? e.code : e.name;
    const message = e.message && e.message !== label && e.message !== 'UnknownError' ? `: ${e.message}` : '';
    return `${label}${message}${status ? ` (HTTP ${status})` : ''}`;
  }
  return String(err);
}
