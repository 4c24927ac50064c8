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

/** Rows are read (and locked) in keyset pages of this many, so a large batch never sits in memory at once. */
export const ITEM_PAGE = 500;

const toItem = (r: Row): PrintItem & { sha: string } => ({ id: r.id, s10: r.s10, sender: r.sender, address: r.recipient_address, registered: r.registered, contentKind: r.content_kind, acceptedAt: new Date(r.accepted_at), sha: r.content_sha256 });

/** The centre's queue in (accepted_at, id) order, page after page, at most `limit` items in all
 * (the key is read back in SQL: a JS Date would drop the microseconds of `accepted_at`). */
async function* queuedItems(tx: Tx, printCentre: string, limit: number, pageSize: number, first: Row[]): AsyncGenerator<PrintItem & { sha: string }> {
  let page = first;
  let taken = 0;
  while (page.length > 0) {
    for (const r of page) { taken++; yield toItem(r); }
    if (page.length < pageSize || taken >= limit) return;
    const last = page[page.length - 1];
    page = (await tx.execute<Row>(sql`
      select id, s10, sender, recipient_address, registered, content_kind, content_sha256, accepted_at from hybrid_items
      where status = 'accepted' and batch_id is null and print_centre = ${printCentre} and (accepted_at, id) > (select k.accepted_at, k.id from hybrid_items k where k.id = ${last.id})
      order by accepted_at, id limit ${Math.min(pageSize, limit - taken)} for update skip locked`)).rows;
  }
}

export async function buildPrintBatch(tx: Tx, deps: { blobs: BlobStore; drop: PrintDrop; config: HybridConfig }, printCentre: string, name: string, pageSize = ITEM_PAGE): Promise<{ batchId: string; items: number } | null> {
  const first = await tx.execute<Row>(sql`
    select id, s10, sender, recipient_address, registered, content_kind, content_sha256, accepted_at from hybrid_items
    where status = 'accepted' and batch_id is null and print_centre = ${printCentre}
    order by accepted_at, id limit ${pageSize} for update skip locked`);
  if (first.rows.length === 0) return null;
  const existing = await tx.execute<{ id: string }>(sql`select id from hybrid_batches where name = ${name}`);
  const batchId = existing.rows[0]?.id ?? (await tx.execute<{ id: string }>(sql`insert into hybrid_batches (name, print_centre, status) values (${name}, ${printCentre}, 'writing') returning id`)).rows[0].id;
  const createdAt = new Date();
  const items = queuedItems(tx, printCentre, MAX_ITEMS_PER_BATCH, pageSize, first.rows);
  const out = await deps.drop.begin(printCentre, name);
  let result;
  try {
    result = await writeBatchFiles({ batchId, name, printCentre, createdAt }, items, async (i) => readAll(await deps.blobs.get((i as PrintItem & { sha: string }).sha)), out, deps.config.batchFileMaxItems);
    await out.commit();
  } catch (err) {
    await out.abort();
    throw err;
  }
  for (let i = 0; i < result.items.length; i += ITEM_PAGE) {
    const rows = result.items.slice(i, i + ITEM_PAGE).map((m) => ({ id: m.itemId, file: m.file, first: m.firstPage, last: m.lastPage }));
    await tx.execute(sql`update hybrid_items h set batch_id = ${batchId}, batch_file = v.file, batch_first_page = v.first, batch_last_page = v.last
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, file text, first int, last int) where h.id = v.id`);
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
