/**
 * Blobs as files: `<dataDir>/blobs/ab/cd/<sha256>`.
 *
 * A put streams into `<dataDir>/blobs/tmp/<pid>.<uuid>.tmp` (same file system, so the final
 * rename is atomic), fdatasyncs the file (data and size; the name is made durable next),
 * renames it into place and fsyncs the directory (and, the first time this process uses a
 * fan-out directory, its parents). Only then is the put acknowledged, so an
 * acknowledged blob survives kill -9 and power loss; an interrupted one leaves only a temp
 * file, which the next open removes.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs, { constants as fsConstants, mkdirSync, readdirSync, rmSync, statSync, type Dirent } from 'node:fs';
import { mkdir, open, opendir, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipelineCb, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors.ts';
import { blobNotFound, blobRelPath, isSha256 } from './blob-keys.ts';
import type { BlobStat, ClosableBlobStore, StoredBlob } from './blob-store.ts';
import { checkDigest, describeError, HashingCounter, VerifyingStream } from './digest-streams.ts';

/** Temp files being written by this process (any store instance), so no open removes them. */
const inFlight = new Set<string>();

/** A temp file whose writer is alive but that has not changed for this long is abandoned. */
const STALE_TEMP_MS = 60 * 60 * 1000;

export function openFsBlobStore(dataDir: string): FsBlobStore {
  const root = path.join(dataDir, 'blobs');
  mkdirSync(path.join(root, 'tmp'), { recursive: true, mode: 0o700 });
  removeAbandonedTemps(path.join(root, 'tmp'));
  return new FsBlobStore(root);
}

export class FsBlobStore implements ClosableBlobStore {
  readonly kind = 'fs' as const;
  private readonly tmpDir: string;
  /** Fan-out directories whose path from the root this process has made durable (at most 65,792). */
  private readonly durableDirs = new Set<string>();
  private readonly syncingDirs = new Map<string, Promise<void>>();

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Absolute path of a blob's file. */
  pathOf(sha256: string): string {
    return path.join(this.root, blobRelPath(sha256));
  }

  async put(source: Readable | Uint8Array, opts: { maxBytes?: number } = {}): Promise<{ sha256: string; size: number }> {
    if (source instanceof Uint8Array) {
      // Bytes already in memory (inbound mail, rendered PDFs): hashed in one call and written in
      // one write, with no stream machinery — every file-system call is a thread-pool round
      // trip, which is most of the cost of storing a small blob. The file is opened O_DSYNC, so
      // that write returns with the data and size on disk (what fdatasync would add, in one call).
      const maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY;
      if (source.byteLength > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', { detail: `blob larger than the limit of ${maxBytes} bytes` });
      const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
      return this.writeBlob(async (fd) => {
        await writeAll(fd, bytes);
        return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
      }, { syncedWrites: true });
    }
    const hasher = new HashingCounter(opts.maxBytes);
    return this.writeBlob(async (fd) => {
      await pipeline(source, hasher, async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) await writeAll(fd, chunk);
      });
      return { sha256: hasher.digest(), size: hasher.size };
    }, { abandon: () => source.destroy() });
  }

  /**
   * Writes a temp file with `write` (which returns the content's key), syncs it (each write
   * itself with `syncedWrites`) and publishes it. On failure the temp file is removed and
   * `abandon` releases the source.
   *
   * The put path uses node:fs's callback functions on a plain descriptor (helpers at the end), not
   * fs/promises' FileHandle: the same system calls on the same thread pool, without a
   * FileHandle object, its reference counting and its promise-returning close for every
   * blob — measurably less main-thread CPU per small put (issue #5).
   */
  private async writeBlob(
    write: (fd: number) => Promise<{ sha256: string; size: number }>,
    opts: { abandon?: () => void; syncedWrites?: boolean } = {},
  ): Promise<{ sha256: string; size: number }> {
    const tmp = path.join(this.tmpDir, `${process.pid}.${randomUUID()}.tmp`);
    inFlight.add(tmp);
    let fd: number | undefined;
    try {
      // Opening first: if the blob directory is gone (unmounted volume), fail rather than
      // write somewhere else.
      const syncedWrites = opts.syncedWrites === true && SYNCED_EXCLUSIVE_WRITE !== undefined;
      fd = await fdOpen(tmp, syncedWrites ? SYNCED_EXCLUSIVE_WRITE : EXCLUSIVE_WRITE, 0o600);
      const blob = await write(fd);
      if (!syncedWrites) await fdDatasync(fd);
      const closing = fd;
      fd = undefined;
      await fdClose(closing);
      await this.publish(tmp, blob.sha256);
      return blob;
    } catch (err) {
      opts.abandon?.();
      // Cleanup after a failure; the original error is the one that matters.
      if (fd !== undefined) await fdClose(fd).catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    } finally {
      inFlight.delete(tmp);
    }
  }

  /**
   * Moves a synced temp file into place and makes the entry durable. The rename replaces a
   * copy stored before, which holds the same bytes by construction (and heals a damaged one);
   * no existence check first, since that is one more call on every put. The fan-out
   * directory is created before the first rename of this process into it, or when the rename
   * says it is missing (removed behind our back). The first put of
   * this process into a directory also makes the directory's own entry durable (durableEntry):
   * whoever created it — another put, another process — may not have synced its parent yet.
   */
  private async publish(tmp: string, sha256: string): Promise<void> {
    const final = this.pathOf(sha256);
    const dir = path.dirname(final);
    // A directory this process has not made durable yet is made first (nothing happens if it
    // exists): cheaper than a rename that fails with ENOENT, an error object and a second rename,
    // which in a young store is most puts.
    if (!this.durableDirs.has(dir)) await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      await fsRename(tmp, final);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Removed behind our back: made again below, and its path synced again.
      this.durableDirs.delete(dir);
      this.durableDirs.delete(path.dirname(dir));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await fsRename(tmp, final);
    }
    // The blob's entry (fsync of its directory) and, the first time, the directory's own entry
    // (fsync of the parent) are made durable at once: both are needed before the put returns,
    // neither has to precede the other, and concurrent syncs can share one journal commit.
    await Promise.all([fsyncDir(dir), this.durableEntry(dir)]);
  }

  /**
   * Makes the entry of fan-out directory `dir` durable in its parent (and, for `ab/cd`, the
   * parent's entry in the root) — once per directory and process: concurrent puts into a new
   * directory share the one fsync, and a failure lets the next put try again.
   */
  private durableEntry(dir: string): Promise<void> {
    if (dir === this.root || this.durableDirs.has(dir)) return Promise.resolve();
    let pending = this.syncingDirs.get(dir);
    if (!pending) {
      const parent = path.dirname(dir);
      pending = (async () => {
        await fsyncDir(parent);
        await this.durableEntry(parent);
        this.durableDirs.add(dir);
      })().finally(() => this.syncingDirs.delete(dir));
      this.syncingDirs.set(dir, pending);
    }
    return pending;
  }

  async get(sha256: string): Promise<Readable> {
    if (!isSha256(sha256)) throw blobNotFound(sha256);
    let fh: FileHandle;
    try {
      fh = await open(this.pathOf(sha256), 'r');
    } catch (err) {
      if (isMissing(err)) throw blobNotFound(sha256);
      throw err;
    }
    const verifier = new VerifyingStream(sha256);
    // Errors of either side reach the consumer through `verifier`; destroying `verifier`
    // closes the file. Nothing is left for the callback to do.
    pipelineCb(fh.createReadStream(), verifier, () => undefined);
    return verifier;
  }

  async getBytes(sha256: string): Promise<Buffer> {
    if (!isSha256(sha256)) throw blobNotFound(sha256);
    let bytes: Buffer;
    try {
      // One read of the whole file: no stream machinery for content wanted whole, and node:fs's
      // callback readFile (open, fstat, read, close on the thread pool) rather than fs/promises',
      // which wraps the same calls in a FileHandle with its promises and close — measurable main-
      // thread CPU per document on the docflow check path, which reads every content file (issue #7).
      bytes = await readWhole(this.pathOf(sha256));
    } catch (err) {
      if (isMissing(err)) throw blobNotFound(sha256);
      throw err;
    }
    checkDigest(sha256, bytes);
    return bytes;
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.size(sha256)) !== undefined;
  }

  async size(sha256: string): Promise<number | undefined> {
    if (!isSha256(sha256)) return undefined;
    const st = await statOrUndefined(this.pathOf(sha256));
    return st?.isFile() ? st.size : undefined;
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    if (!isSha256(sha256)) return undefined;
    const st = await statOrUndefined(this.pathOf(sha256));
    return st?.isFile() ? { size: st.size, modifiedAt: st.mtime } : undefined;
  }

  /** Walks the fan-out directories `ab/cd/`; `tmp/` and anything not named like a blob is skipped. */
  async *list(): AsyncIterable<StoredBlob> {
    for await (const top of await opendirOrEmpty(this.root)) {
      if (!top.isDirectory() || !FANOUT_RE.test(top.name)) continue;
      const topDir = path.join(this.root, top.name);
      for await (const sub of await opendirOrEmpty(topDir)) {
        if (!sub.isDirectory() || !FANOUT_RE.test(sub.name)) continue;
        const subDir = path.join(topDir, sub.name);
        for await (const file of await opendirOrEmpty(subDir)) {
          if (!file.isFile() || !isSha256(file.name) || blobRelPath(file.name) !== `${top.name}/${sub.name}/${file.name}`) continue;
          const st = await statOrUndefined(path.join(subDir, file.name));
          if (st?.isFile()) yield { sha256: file.name, size: st.size, modifiedAt: st.mtime };
        }
      }
    }
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    // No directory fsync: a delete lost in a crash leaves an unreferenced blob, not a
    // dangling reference.
    await rm(this.pathOf(sha256), { force: true });
  }

  /** Temp files of this or any process not written to since `before` (a live write keeps its file's mtime fresh). */
  async removeAbandonedTemporaries(before: Date): Promise<number> {
    let removed = 0;
    for await (const entry of await opendirOrEmpty(this.tmpDir)) {
      const file = path.join(this.tmpDir, entry.name);
      if (!entry.isFile() || inFlight.has(file)) continue;
      const st = await statOrUndefined(file);
      if (st === undefined || st.mtime.getTime() >= before.getTime()) continue;
      await rm(file, { force: true });
      removed++;
    }
    return removed;
  }

  /** Proves the directory exists and takes a durable write. */
  async check(): Promise<void> {
    const st = await statOrUndefined(this.root);
    if (st === undefined) throw unavailable(`blob directory ${this.root} does not exist`);
    if (!st.isDirectory()) throw unavailable(`blob directory ${this.root} is not a directory`);
    const probe = path.join(this.tmpDir, `${process.pid}.${randomUUID()}.probe`);
    try {
      const fh = await open(probe, 'wx', 0o600);
      try {
        await fh.write('ok');
        await fh.sync();
      } finally {
        await fh.close();
      }
      await unlink(probe);
    } catch (err) {
      await rm(probe, { force: true }).catch(() => undefined);
      throw unavailable(`blob directory ${this.root} is not writable: ${describeError(err)}`, err);
    }
  }

  async close(): Promise<void> {}
}

function unavailable(detail: string, cause?: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', { detail, cause });
}

/**
 * Removes temp files left by interrupted writes: those of processes that are gone, those of
 * an earlier process that had this pid (a restarted container) and anything untouched for an
 * hour. Files of another live process sharing the directory (a worker, a CLI command) stay.
 */
function removeAbandonedTemps(tmpDir: string): void {
  const now = Date.now();
  for (const name of readdirSync(tmpDir)) {
    const file = path.join(tmpDir, name);
    if (inFlight.has(file)) continue;
    const pid = Number(name.split('.')[0]);
    let abandoned = !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid);
    if (!abandoned) {
      try {
        abandoned = now - statSync(file).mtimeMs > STALE_TEMP_MS;
      } catch {
        continue; // removed meanwhile by its owner
      }
    }
    if (abandoned) rmSync(file, { force: true, recursive: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Plain writes, in full (a write may be short). */
async function writeAll(fd: number, chunk: Buffer): Promise<void> {
  for (let done = 0; done < chunk.byteLength; ) done += await fdWrite(fd, chunk, done, chunk.byteLength - done);
}

async function fsyncDir(dir: string): Promise<void> {
  const fd = await fdOpen(dir, fsConstants.O_RDONLY, 0);
  try {
    await fdFsync(fd);
  } finally {
    await fdClose(fd);
  }
}

/**
 * node:fs callback functions as promises, for the put path and getBytes (see writeBlob why not fs/promises).
 * Each is one system call on the thread pool, as its fs/promises counterpart.
 */
const settle = <T>(resolve: (v: T) => void, reject: (e: unknown) => void) => (err: NodeJS.ErrnoException | null, value: T) => (err ? reject(err) : resolve(value));
const fdOpen = (file: string, flags: number, mode: number) => new Promise<number>((resolve, reject) => fs.open(file, flags, mode, settle(resolve, reject)));
const fdWrite = (fd: number, chunk: Buffer, offset: number, length: number) => new Promise<number>((resolve, reject) => fs.write(fd, chunk, offset, length, null, settle(resolve, reject)));
const fdDatasync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, settle(resolve, reject)));
const fdFsync = (fd: number) => new Promise<void>((resolve, reject) => fs.fsync(fd, settle(resolve, reject)));
const fdClose = (fd: number) => new Promise<void>((resolve, reject) => fs.close(fd, settle(resolve, reject)));
const fsRename = (from: string, to: string) => new Promise<void>((resolve, reject) => fs.rename(from, to, settle(resolve, reject)));
const readWhole = (file: string) => new Promise<Buffer>((resolve, reject) => fs.readFile(file, settle(resolve, reject)));

const FANOUT_RE = /^[0-9a-f]{2}$/;

/**
 * 'wx' with O_DSYNC: every write returns only once its data (and the file size) is durable.
 * Undefined where the platform has no O_DSYNC: those puts fdatasync instead.
 */
const EXCLUSIVE_WRITE = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;
const SYNCED_EXCLUSIVE_WRITE = fsConstants.O_DSYNC === undefined ? undefined : EXCLUSIVE_WRITE | fsConstants.O_DSYNC;

/** A directory removed meanwhile (or never made) lists as empty. */
async function opendirOrEmpty(dir: string): Promise<AsyncIterable<Dirent>> {
  try {
    return await opendir(dir);
  } catch (err) {
    if (isMissing(err)) return (async function* () {})();
    throw err;
  }
}

async function statOrUndefined(file: string) {
  try {
    return await stat(file);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
