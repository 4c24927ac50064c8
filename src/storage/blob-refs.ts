/**
 * Reference counting of blobs (Conventions: Blobs). Documents, letters and scans may share one
 * content; a blob is deleted only when its last reference goes, by a durable job.
 *
 * Race with a writer that stores the same content again: both sides take a per-blob advisory
 * lock; the deleter removes the content only while no reference exists, and a writer that
 * adds a reference checks, under the lock, that the content is still there (if not, its
 * transaction fails and the caller stores the content again).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from './db/database.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import { enqueueJob } from './jobs/enqueue-job.ts';
import type { JobHandler } from './jobs/job-worker.ts';
import { AppError } from '../shared/errors.ts';

export interface BlobOwner {
  kind: string;
  id: string;
}

/** The per-blob advisory lock (transaction-scoped) that orders writers, deleters and the sweep. */
export async function lockBlob(tx: Tx, sha256: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`blob:${sha256}`}, 0))`);
}

export async function addBlobRef(tx: Tx, store: BlobStore, blob: { sha256: string; size: number }, owner: BlobOwner): Promise<void> {
  await lockBlob(tx, blob.sha256);
  if (!(await store.has(blob.sha256))) {
    throw new AppError('BLOB_NOT_FOUND', { detail: `blob ${blob.sha256} vanished before its reference was recorded; store the content again` });
  }
  await tx.execute(sql`insert into blobs (sha256, size) values (${blob.sha256}, ${blob.size}) on conflict (sha256) do nothing`);
  await tx.execute(sql`
    insert into blob_refs (sha256, owner_kind, owner_id) values (${blob.sha256}, ${owner.kind}, ${owner.id})
    on conflict do nothing`);
}

export async function dropBlobRef(tx: Tx, sha256: string, owner: BlobOwner): Promise<void> {
  await lockBlob(tx, sha256);
  const removed = await tx.execute(sql`delete from blob_refs where sha256 = ${sha256} and owner_kind = ${owner.kind} and owner_id = ${owner.id}`);
  if (removed.rowCount === 0) return;
  const left = await tx.execute<{ n: string }>(sql`select count(*) as n from blob_refs where sha256 = ${sha256}`);
  if (Number(left.rows[0].n) === 0) await enqueueJob(tx, { kind: 'blob.delete', payload: { sha256 } });
}

export async function blobRefCount(tx: Tx, sha256: string): Promise<number> {
  const r = await tx.execute<{ n: string }>(sql`select count(*) as n from blob_refs where sha256 = ${sha256}`);
  return Number(r.rows[0].n);
}

/** Job `blob.delete`: removes the content if, by now, nobody references it again. */
export function deleteUnreferencedBlob(store: BlobStore): JobHandler {
  return async (job, { tx }) => {
    const { sha256 } = job.payload as { sha256: string };
    await lockBlob(tx, sha256);
    if ((await blobRefCount(tx, sha256)) > 0) return;
    await tx.execute(sql`delete from blobs where sha256 = ${sha256}`);
    await store.delete(sha256);
  };
}
