/**
 * Job `hybrid.print_batch` (one per print centre and batch window): takes the centre's accepted,
 * not yet batched items, writes the batch through the print-centre drop, and records the batch
 * and each item's file and pages. The batch name comes from the job id, so a retried job rewrites
 * the same batch (the drop replaces it) instead of printing the items twice.
 */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Tx } from '../../storage/db/database.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { KzAddress } from './address.ts';
import { writeBatchFiles } from './batch-writer.ts';
import type { HybridConfig } from './hybrid-config.ts';
import type { PrintDrop } from './print-drop.ts';
import type { PrintItem } from './print-render.ts';

export const MAX_ITEMS_PER_BATCH = 20_000;

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Row = { id: string; s10: string; sender: { name: string; lines: string[] }; recipient_address: KzAddress; registered: boolean; content_kind: 'text' | 'pdf'; content_sha256: string; accepted_at: string };

export async function buildPrintBatch(tx: Tx, deps: { blobs: BlobStore; drop: PrintDrop; config: HybridConfig }, printCentre: string, name: string): Promise<{ batchId: string; items: number } | null> {
  const rows = await tx.execute<Row>(sql`
    select id, s10, sender, recipient_address, registered, content_kind, content_sha256, accepted_at from hybrid_items
    where status = 'accepted' and batch_id is null and print_centre = ${printCentre}
    order by accepted_at, id limit ${MAX_ITEMS_PER_BATCH} for update skip locked`);
  if (rows.rows.length === 0) return null;
  const existing = await tx.execute<{ id: string }>(sql`select id from hybrid_batches where name = ${name}`);
  const batchId = existing.rows[0]?.id ?? (await tx.execute<{ id: string }>(sql`insert into hybrid_batches (name, print_centre, status) values (${name}, ${printCentre}, 'writing') returning id`)).rows[0].id;
  const createdAt = new Date();
  const items: PrintItem[] = rows.rows.map((r) => ({ id: r.id, s10: r.s10, sender: r.sender, address: r.recipient_address, registered: r.registered, contentKind: r.content_kind, acceptedAt: new Date(r.accepted_at) }));
  const sha = new Map(rows.rows.map((r) => [r.id, r.content_sha256]));
  const out = await deps.drop.begin(printCentre, name);
  let result;
  try {
    result = await writeBatchFiles({ batchId, name, printCentre, createdAt }, items, async (i) => readAll(await deps.blobs.get(sha.get(i.id)!)), out, deps.config.batchFileMaxItems);
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
  for (const m of result.items) {
    await tx.execute(sql`update hybrid_items set batch_id = ${batchId}, batch_file = ${m.file}, batch_first_page = ${m.firstPage}, batch_last_page = ${m.lastPage} where id = ${m.itemId}`);
  }
  await tx.execute(sql`update hybrid_batches set status = 'dropped', item_count = ${result.items.length}, page_count = ${result.pageCount}, files = ${JSON.stringify(result.files)}::jsonb,
    checksum = ${result.checksum}, dropped_at = now() where id = ${batchId}`);
  await appendAudit(tx, { type: 'hybrid.batch_dropped', payload: { batchId, name, printCentre, items: result.items.length, files: result.files.length, checksum: result.checksum } }, { actor: 'system' });
  return { batchId, items: result.items.length };
}

export function printBatchJob(deps: { blobs: BlobStore; drop: PrintDrop; config: HybridConfig }): JobHandler {
  return async (job, { tx, log }) => {
    const { printCentre } = job.payload as { printCentre: string };
    const name = `${printCentre}-J${job.id}`;
    const r = await buildPrintBatch(tx, deps, printCentre, name);
    log.info({ printCentre, batch: name, items: r?.items ?? 0 }, 'print batch');
  };
}
