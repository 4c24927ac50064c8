/**
 * Content-addressed blob store (STYLE habit 12): the SHA-256 of the content is the key and
 * the integrity evidence. Two backends behind one small interface, chosen by configuration
 * (habit 9): files under `<dataDir>/blobs`, or any S3-compatible bucket (`JASHIK_BLOB_URL`).
 *
 * Both backends use the same relative layout, `ab/cd/<sha256>`, so a file tree can be copied
 * into a bucket (or back) with ordinary tools when an installation moves between sizes.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../../config.ts';
import { openFsBlobStore } from './fs-blob-store.ts';

export interface BlobStore {
  /** Streams content in, hashing as it goes; returns the SHA-256 (hex) and size. Idempotent: same content → same key, stored once. Never holds the whole content in memory. */
  put(source: Readable | Uint8Array, opts?: { maxBytes?: number }): Promise<{ sha256: string; size: number }>;
  /** Streams content out; the stream verifies the SHA-256 while flowing and errors with AppError('BLOB_DIGEST_MISMATCH') at the end (before 'end' is emitted) if the bytes do not match the key. Missing → AppError('BLOB_NOT_FOUND'). */
  get(sha256: string): Promise<Readable>;
  /** The whole content in memory, checked against its SHA-256 (errors as get()), for content that is read whole anyway (document files, scans); cheaper than draining get(). */
  getBytes(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  size(sha256: string): Promise<number | undefined>;
  /** Size and last modification (write, or a put of the same content again) of a stored blob; undefined when absent. */
  stat(sha256: string): Promise<BlobStat | undefined>;
  /**
   * Every stored blob with its size and modification time, in no particular order; temporaries
   * of writes in progress are not blobs and are not listed. Streams: a store of millions of
   * blobs is walked without holding the list in memory. For the sweep of unreferenced blobs.
   */
  list(): AsyncIterable<StoredBlob>;
  /**
   * Removes temporaries of writes that never finished (a process killed mid-put) untouched since
   * `before`; a write in progress keeps touching its temporary, so it is never one of them.
   * Returns how many were removed. For the sweep of unreferenced blobs.
   */
  removeAbandonedTemporaries(before: Date): Promise<number>;
  /** Physical delete; reference counting lives in the DB layer. Deleting a missing blob is not an error. */
  delete(sha256: string): Promise<void>;
  /** Health check for /readyz: resolves if the store answers, rejects with a reason otherwise. */
  check(): Promise<void>;
  readonly kind: 'fs' | 's3';
}

export interface BlobStat {
  size: number;
  /** Refreshed by every put of this content, so content being re-stored looks fresh to the sweep. */
  modifiedAt: Date;
}

export interface StoredBlob extends BlobStat {
  sha256: string;
}

/** What openBlobStore returns: a BlobStore that can also release its resources at shutdown. */
export interface ClosableBlobStore extends BlobStore {
  close(): Promise<void>;
}

export { blobNotFound, blobRelPath, isSha256 } from './blob-keys.ts';

/** Bucket and key prefix of `s3://bucket/prefix` (prefix without leading/trailing slashes; may be ''). */
export function parseBlobUrl(blobUrl: string): { bucket: string; prefix: string } {
  const u = new URL(blobUrl);
  if (u.protocol !== 's3:' || u.hostname === '') throw new Error(`not an s3://bucket/prefix URL: ${blobUrl}`);
  return { bucket: u.hostname, prefix: decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '') };
}

/**
 * Picks the backend by `config.blobUrl`. The S3 backend (and the AWS SDK with it) is loaded
 * on first use by dynamic import, so installations on files never load it.
 */
export function openBlobStore(config: Pick<Config, 'dataDir' | 'blobUrl' | 's3'>): ClosableBlobStore {
  if (config.blobUrl === undefined) return openFsBlobStore(config.dataDir);
  const { bucket, prefix } = parseBlobUrl(config.blobUrl);
  return new LazyBlobStore('s3', async () => {
    const { createS3BlobStore } = await import('./s3-blob-store.ts');
    return createS3BlobStore({ bucket, prefix, ...config.s3 });
  });
}

/** Forwards every call to a store created on first use. */
class LazyBlobStore implements ClosableBlobStore {
  private loading?: Promise<ClosableBlobStore>;

  constructor(
    readonly kind: 'fs' | 's3',
    private readonly load: () => Promise<ClosableBlobStore>,
  ) {}

  private store(): Promise<ClosableBlobStore> {
    this.loading ??= this.load();
    return this.loading;
  }

  async put(source: Readable | Uint8Array, opts?: { maxBytes?: number }) {
    return (await this.store()).put(source, opts);
  }
  async get(sha256: string) {
    return (await this.store()).get(sha256);
  }
  async getBytes(sha256: string) {
    return (await this.store()).getBytes(sha256);
  }
  async has(sha256: string) {
    return (await this.store()).has(sha256);
  }
  async size(sha256: string) {
    return (await this.store()).size(sha256);
  }
  async stat(sha256: string) {
    return (await this.store()).stat(sha256);
  }
  async *list() {
    yield* (await this.store()).list();
  }
  async delete(sha256: string) {
    return (await this.store()).delete(sha256);
  }
  async removeAbandonedTemporaries(before: Date) {
    return (await this.store()).removeAbandonedTemporaries(before);
  }
  async check() {
    return (await this.store()).check();
  }
  async close() {
    if (this.loading) await (await this.loading).close();
  }
}
