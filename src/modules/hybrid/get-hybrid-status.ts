/**
 * getHybridStatus: an item's tracking (status, S10, events with time, place and evidence id) for
 * its sender (session or token of the sending mailbox) or operator staff; anyone else is told
 * "not found", so item existence is not disclosed. listPrintBatches: the print batches of a
 * print centre, for print-centre staff and operator admins.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { requireStaff } from './authorise.ts';
import type { HybridActor } from './ports.ts';
import { parseS10 } from './s10.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getHybridStatus(database: Database, actor: HybridActor | undefined, ref: string) {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const s10 = parseS10(ref);
  if (!s10.ok && !UUID_RE.test(ref)) throw new AppError('NOT_FOUND');
  const r = await database.db.execute<{ id: string; s10: string | null; status: string; status_at: string; sender_mailbox_id: string | null; print_centre: string | null; content_pages: number; price_tiyn: number | null; print_after: string | null; registered: boolean; return_policy: string; batch_id: string | null; created_at: string; subject: string; recipient_address: Record<string, string> | null; rname: string | null; rmailbox: string | null }>(sql`
    select i.id, i.s10, i.status, i.status_at, i.sender_mailbox_id, i.print_centre, i.content_pages, i.price_tiyn, i.print_after, i.registered, i.return_policy, i.batch_id, i.created_at,
           i.subject, i.recipient_address, rm.display_name as rname, rm.address as rmailbox
    from hybrid_items i left join mailboxes rm on rm.id = i.recipient_mailbox_id
    where ${s10.ok ? sql`i.s10 = ${s10.value}` : sql`i.id = ${ref}`}`);
  const item = r.rows[0];
  const mayRead = item && (actor.kind === 'staff' || (actor.mailboxId !== undefined && actor.mailboxId === item.sender_mailbox_id && (actor.kind !== 'token' || actor.scopes?.includes('hybrid'))));
  if (!item || !mayRead) throw new AppError('NOT_FOUND');
  const events = await database.db.execute<{ event: string; occurred_at: string; place: string | null; evidence_id: string | null }>(sql`
    select event, occurred_at, place, evidence_id from hybrid_events where item_id = ${item.id} order by occurred_at, id`);
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return {
    itemId: item.id, s10: item.s10, status: item.status, statusAt: iso(item.status_at)!, printCentre: item.print_centre, pages: item.content_pages,
    priceTiyn: item.price_tiyn, printAfter: iso(item.print_after), registered: item.registered, returnPolicy: item.return_policy, inBatch: item.batch_id !== null,
    createdAt: iso(item.created_at)!, subject: item.subject,
    recipient: { name: item.recipient_address?.recipientName ?? item.rname, address: item.recipient_address, mailbox: item.rmailbox },
    events: events.rows.map((e) => ({ event: e.event, occurredAt: iso(e.occurred_at)!, place: e.place, evidenceId: e.evidence_id })),
  };
}

export async function listPrintBatches(database: Database, actor: HybridActor | undefined, q: { printCentre?: string; limit?: number }) {
  await requireStaff(database, actor, ['print_centre', 'operator_admin'], 'listPrintBatches');
  const limit = Math.max(1, Math.min(200, q.limit ?? 50));
  const r = await database.db.execute<{ id: string; name: string; print_centre: string; status: string; item_count: number; page_count: number; files: unknown[]; checksum: string | null; created_at: string; dropped_at: string | null }>(sql`
    select id, name, print_centre, status, item_count, page_count, files, checksum, created_at, dropped_at from hybrid_batches
    ${q.printCentre ? sql`where print_centre = ${q.printCentre}` : sql``} order by created_at desc limit ${limit}`);
  return r.rows.map((b) => ({
    batchId: b.id, name: b.name, printCentre: b.print_centre, status: b.status, items: b.item_count, pages: b.page_count, files: b.files,
    checksum: b.checksum, createdAt: new Date(b.created_at).toISOString(), droppedAt: b.dropped_at ? new Date(b.dropped_at).toISOString() : null,
  }));
}
