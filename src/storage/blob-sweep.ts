/**
 * The sweep of unreferenced blobs. Content is written to the blob store before the transaction
 * that records its reference (a letter arriving over SMTP, an attachment, a draft, a hybrid PDF,
 * a docflow file); when that transaction is refused (quota, recipient gone, DMARC reject) or the
 * process dies in between, or an upload is abandoned, the content has no reference and nothing
 * would ever delete it. A periodic durable job lists the store and deletes such content.
 *
 * Never the wrong blob:
 * - Only content untouched for the grace period (default 24 h, far longer than any upload or
 *   SMTP transaction) is a candidate; a put of content already stored renews its modification
 *   time (both backends), so content being stored again is fresh.
 * - A candidate is deleted only under the same per-blob advisory lock as addBlobRef and the
 *   `blob.delete` job, after re-checking there (inside the lock) that no `blob_refs` row exists
 *   and that it is still old. A writer whose addBlobRef waited for the lock then finds the
 *   content gone and fails its transaction (BLOB_NOT_FOUND: store it again): never a reference
 *   to missing content.
 * - A `blobs` row without references (its last reference dropped, the `blob.delete` job not yet
 *   run) goes with the content, as that job would do.
 *
 * Temporaries of writes that never finished (a process killed mid-upload) go too, after the same
 * grace period: a write in progress keeps its temporary fresh.
 *
 * Each blob is checked in a short transaction of its own, so a sweep of millions of objects
 * holds no long transaction; a sweep interrupted half way simply runs again.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './db/database.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import { blobRefCount, lockBlob } from './blob-refs.ts';
import { ensurePeriodicJobScheduled, schedulePeriodicJob } from './jobs/periodic-job.ts';
import type { JobHandler } from './jobs/job-worker.ts';
import type { Logger } from '../shared/logger.ts';

export const BLOB_SWEEP_JOB = 'blob.sweep';

export interface BlobSweepOptions {
  /** Content modified more recently than this is left alone. */
  graceMs: number;
  /** The sweep's idea of now (tests move it forward instead of waiting a day). */
  now?: Date;
  /** Candidates looked up in the database per query. */
  batch?: number;
}

export interface BlobSweepResult {
  /** Temporaries of writes that never finished, removed. */
  temporaries: number;
  /** Blobs listed by the store. */
  listed: number;
  /** Older than the grace period and without a reference when looked up. */
  unreferenced: number;
  deleted: number;
}

export async function sweepUnreferencedBlobs(db: Db, store: BlobStore, opts: BlobSweepOptions): Promise<BlobSweepResult> {
  const cutoff = (opts.now ?? new Date()).getTime() - opts.graceMs;
  const batchSize = opts.batch ?? 500;
  const result: BlobSweepResult = { temporaries: await store.removeAbandonedTemporaries(new Date(cutoff)), listed: 0, unreferenced: 0, deleted: 0 };
  let batch: string[] = [];
  const flush = async () => {
    const unreferenced = await withoutReferences(db, batch);
    batch = [];
    result.unreferenced += unreferenced.length;
    for (const sha256 of unreferenced) {
      if (await deleteIfStillUnreferenced(db, store, sha256, cutoff)) result.deleted++;
    }
  };
  for await (const blob of store.list()) {
    result.listed++;
    if (blob.modifiedAt.getTime() > cutoff) continue;
    batch.push(blob.sha256);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}

/** One query for a batch: which of these have no reference (a first filter; the lock decides). */
async function withoutReferences(db: Db, shas: string[]): Promise<string[]> {
  const r = await db.execute<{ sha256: string }>(sql`
    select distinct sha256 from blob_refs where sha256 = any(${sql.param(shas)}::text[])`);
  const referenced = new Set(r.rows.map((row) => row.sha256));
  return shas.filter((s) => !referenced.has(s));
}

async function deleteIfStillUnreferenced(db: Db, store: BlobStore, sha256: string, cutoff: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    await lockBlob(tx, sha256);
    if ((await blobRefCount(tx, sha256)) > 0) return false;
    const stat = await store.stat(sha256);
    if (stat === undefined || stat.modifiedAt.getTime() > cutoff) return false;
    await tx.execute(sql`delete from blobs where sha256 = ${sha256}`);
    await store.delete(sha256);
    return true;
  });
}

export interface BlobSweepSchedule {
  graceMs: number;
  everyMs: number;
}

/** The next periodic run (see periodic-job.ts). */
export const scheduleBlobSweep = (tx: Tx, everyMs: number, now = Date.now()) => schedulePeriodicJob(tx, BLOB_SWEEP_JOB, everyMs, now);

/** Starts the chain of runs unless one is pending already. */
export const ensureBlobSweepScheduled = (tx: Tx, everyMs: number) => ensurePeriodicJobScheduled(tx, BLOB_SWEEP_JOB, everyMs);

/**
 * Job `blob.sweep`: schedules the next run in the job's transaction, then sweeps with short
 * transactions of its own on `db` (the job's transaction would otherwise stay open for the
 * whole listing).
 */
export function blobSweepJob(db: Db, store: BlobStore, schedule: BlobSweepSchedule): JobHandler {
  return async (_job, { tx, log }) => {
    await scheduleBlobSweep(tx, schedule.everyMs);
    const r = await sweepUnreferencedBlobs(db, store, { graceMs: schedule.graceMs });
    await tx.execute(sql`delete from jobs where kind = ${BLOB_SWEEP_JOB} and status = 'done' and completed_at < now() - interval '7 days'`);
    log.info(r, 'unreferenced blobs swept');
  };
}

/** The handler, and the first run scheduled when the handlers are built at start-up. */
export function blobSweepJobHandlers(deps: { db: Db; blobs: BlobStore; schedule: BlobSweepSchedule; log?: Logger }): Record<string, JobHandler> {
  void ensureBlobSweepScheduled(deps.db, deps.schedule.everyMs).catch((err: Error) => deps.log?.warn({ err: err.message }, 'blob sweep not scheduled'));
  return { [BLOB_SWEEP_JOB]: blobSweepJob(deps.db, deps.blobs, deps.schedule) };
}
