/**
 * Blobs in an S3-compatible bucket: `<prefix>/ab/cd/<sha256>`.
 *
 * The key is the hash, known only once the last byte has passed, so a put cannot stream
 * straight to its final key. It reads the first part (5 MiB) into memory:
 * - content that ends within it (most letters and documents) goes up with one PutObject to
 *   the final key, with its SHA-256 so S3 checks the bytes it received;
 * - longer content streams on as a multipart upload (lib-storage `Upload`) to a temp key
 *   `<prefix>/tmp/<time>-<uuid>`, is then copied server-side (CopyObject, no bytes through
 *   this node) to its final key and the temp object deleted.
 * Memory stays bounded at a few parts whatever the size. A put of content already stored writes
 * the final key again with the same bytes (harmless: the key is the content); that renews its
 * LastModified, and the sweep of unreferenced blobs spares content for a grace period after its
 * last put. (No HEAD first: one request fewer for new content, which is the common case.)
 * On a bucket with versioning each such put keeps an old version; expire non-current versions.
 *
 * Why not spool to a local temp file instead: application nodes are meant to be stateless;
 * the copy costs one request, not bandwidth. The price is CopyObject's single-request limit,
 * so blobs here are at most 5 GiB (a put past it fails with PAYLOAD_TOO_LARGE).
 *
 * A process killed mid-upload leaves a temp object or an incomplete multipart upload. The
 * `blob.sweep` job removes temp objects after its grace period; give the bucket a lifecycle
 * rule aborting incomplete multipart uploads after a day (their parts are not objects a
 * listing shows).
 */
import { randomUUID } from 'node:crypto';
import { pipeline as pipelineCb, Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../../shared/errors.ts';
import { blobNotFound, blobRelPath, isSha256 } from './blob-keys.ts';
import type { BlobStat, ClosableBlobStore, StoredBlob } from './blob-store.ts';
import { describeError, HashingCounter, toReadable, VerifyingStream } from './digest-streams.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket root. */
  prefix: string;
  /** Endpoint override (MinIO, Ceph, s3rver); undefined = AWS. */
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  /** Explicit credentials (tests); default: the usual AWS environment variables and profiles. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Multipart part size, at least 5 MiB; also the largest blob sent in one PutObject. */
  partSize?: number;
  /**
   * Parts uploaded in parallel (default 1). A large put holds about (queueSize + 2) parts in
   * memory (lib-storage collects a part while one is in flight); many uploads at once are
   * the parallelism a mail server needs, so each one stays small.
   */
  queueSize?: number;
  /** How long check() waits for an answer. */
  checkTimeoutMs?: number;
}

/** CopyObject copies at most 5 GiB in one request. */
const MAX_BLOB_BYTES = 5 * 1024 ** 3;
const MIN_PART_SIZE = 5 * 1024 * 1024;

export function createS3BlobStore(opts: S3BlobStoreOptions): S3BlobStore {
  return new S3BlobStore(opts);
}

export class S3BlobStore implements ClosableBlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly checkTimeoutMs: number;
  private readonly where: string;

  constructor(opts: S3BlobStoreOptions) {
    this.bucket = opts.bucket;
    this.prefix = opts.prefix === '' ? '' : `${opts.prefix}/`;
    this.partSize = Math.max(opts.partSize ?? MIN_PART_SIZE, MIN_PART_SIZE);
    this.queueSize = opts.queueSize ?? 1;
    this.checkTimeoutMs = opts.checkTimeoutMs ?? 5000;
    this.where = `S3 bucket "${opts.bucket}" at ${opts.endpoint ?? `AWS ${opts.region}`}`;
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
      // Checksums only where S3 requires them: several S3-compatible servers (s3rver among
      // them) cannot parse the aws-chunked bodies with trailing checksums the SDK would
      // otherwise send. Integrity is ours anyway: the key is the SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5000 },
    });
  }

  /** The object key of a blob. */
  keyOf(sha256: string): string {
    return this.prefix + blobRelPath(sha256);
  }

  async put(source: Readable | Uint8Array, opts: { maxBytes?: number } = {}): Promise<{ sha256: string; size: number }> {
    const limit = Math.min(opts.maxBytes ?? MAX_BLOB_BYTES, MAX_BLOB_BYTES);
    const input = toReadable(source);
    const hasher = new HashingCounter(limit);
    // Errors of `input` reach us through `hasher`.
    pipelineCb(input, hasher, () => undefined);
    const chunks = hasher[Symbol.asyncIterator]() as AsyncIterator<Buffer>;

    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    try {
      while (headBytes <= this.partSize) {
        const next = await chunks.next();
        if (next.done) {
          ended = true;
          break;
        }
        head.push(next.value);
        headBytes += next.value.byteLength;
      }
    } catch (err) {
      input.destroy();
      throw err;
    }

    if (ended) {
      const sha256 = hasher.digest();
      const body = Buffer.concat(head, headBytes);
      const put = new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(sha256),
        Body: body,
        ContentLength: headBytes,
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      });
      await this.attempt('store blob', () => this.client.send(put));
      return { sha256, size: headBytes };
    }
    return this.putLarge(head, chunks, hasher, input);
  }

  /** Content longer than one part: multipart upload to a temp key, then copy to the final key. */
  private async putLarge(
    head: Buffer[],
    chunks: AsyncIterator<Buffer>,
    hasher: HashingCounter,
    input: Readable,
  ): Promise<{ sha256: string; size: number }> {
    const tmpKey = `${this.prefix}tmp/${Date.now()}-${randomUUID()}`;
    // The error of our own side (source, maxBytes) is the one to report: when a part upload
    // fails because of it, lib-storage reports whatever aborting the upload returns.
    let sourceError: unknown;
    const body = Readable.from(
      (async function* () {
        try {
          while (head.length > 0) yield head.shift()!;
          for (;;) {
            const next = await chunks.next();
            if (next.done) return;
            yield next.value;
          }
        } catch (err) {
          sourceError = err;
          throw err;
        }
      })(),
      { objectMode: false },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: tmpKey, Body: body },
      partSize: this.partSize,
      queueSize: this.queueSize,
    });
    try {
      try {
        await upload.done();
      } catch (err) {
        throw sourceError ?? this.wrap(err, 'upload blob');
      }
      const sha256 = hasher.digest();
      const size = hasher.size;
      const copy = new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(sha256),
        CopySource: `${this.bucket}/${tmpKey.split('/').map(encodeURIComponent).join('/')}`,
      });
      await this.attempt('copy blob to its key', () => this.client.send(copy));
      const deleteTemp = new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey });
      await this.attempt('delete temp object', () => this.client.send(deleteTemp));
      return { sha256, size };
    } catch (err) {
      body.destroy();
      input.destroy();
      // Cleanup after a failure; the original error is the one to report.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
      throw err;
    }
  }

  async get(sha256: string): Promise<Readable> {
    if (!isSha256(sha256)) throw blobNotFound(sha256);
    let res;
    try {
      res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
    } catch (err) {
      if (isNotFound(err)) throw blobNotFound(sha256);
      throw this.wrap(err, 'read blob');
    }
    const verifier = new VerifyingStream(sha256);
    // Errors of either side reach the consumer through `verifier`; destroying `verifier`
    // releases the connection.
    pipelineCb(res.Body as Readable, verifier, () => undefined);
    return verifier;
  }

  async getBytes(sha256: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of await this.get(sha256)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== undefined;
  }

  async size(sha256: string): Promise<number | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return res.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw this.wrap(err, 'look up blob');
    }
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    if (!isSha256(sha256)) return undefined;
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return { size: res.ContentLength ?? 0, modifiedAt: res.LastModified ?? new Date() };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw this.wrap(err, 'look up blob');
    }
  }

  /** ListObjectsV2 page by page under the prefix; `tmp/` and keys not laid out like a blob are skipped. */
  async *list(): AsyncIterable<StoredBlob> {
    let token: string | undefined;
    do {
      const list = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token });
      const page = await this.attempt('list blobs', () => this.client.send(list));
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(o.Key.lastIndexOf('/') + 1) ?? '';
        if (!isSha256(name) || o.Key !== this.keyOf(name)) continue;
        yield { sha256: name, size: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date() };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    const del = new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) });
    await this.attempt('delete blob', () => this.client.send(del));
  }

  /**
   * Temp objects of multipart puts that never finished (`<prefix>/tmp/`), last modified before
   * `before`. Incomplete multipart uploads themselves are not listed here: the bucket's
   * lifecycle rule aborts them.
   */
  async removeAbandonedTemporaries(before: Date): Promise<number> {
    let removed = 0;
    let token: string | undefined;
    do {
      const list = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}tmp/`, ContinuationToken: token });
      const page = await this.attempt('list temp objects', () => this.client.send(list));
      for (const o of page.Contents ?? []) {
        if (!o.Key || !o.LastModified || o.LastModified.getTime() >= before.getTime()) continue;
        const del = new DeleteObjectCommand({ Bucket: this.bucket, Key: o.Key });
        await this.attempt('delete temp object', () => this.client.send(del));
        removed++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(this.checkTimeoutMs),
      });
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const reason =
        status === 404
          ? 'the bucket does not exist'
          : status === 403
            ? 'access denied (check the credentials and the bucket policy)'
            : (err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError'
              ? `no answer within ${this.checkTimeoutMs} ms`
              : describeError(err);
      throw new AppError('SERVICE_UNAVAILABLE', { detail: `${this.where}: ${reason}`, cause: err });
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /** Runs one S3 call; failures other than our own become SERVICE_UNAVAILABLE naming the step. */
  private async attempt<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw this.wrap(err, doing);
    }
  }

  private wrap(err: unknown, doing: string): AppError {
    if (err instanceof AppError) return err;
    return new AppError('SERVICE_UNAVAILABLE', { detail: `${this.where}: cannot ${doing}: ${describeError(err)}`, cause: err });
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
