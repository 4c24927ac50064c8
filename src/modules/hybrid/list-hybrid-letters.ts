/**
 * listHybridLetters: the sender's own hybrid items, newest first, for the cabinet's tracking list
 * — S10, recipient, status, the last tracking event (time and place) and the price. Keyset paging
 * on (created_at, id): the cursor is opaque to clients and a page never skips or repeats an item
 * while new ones arrive. Only the sending mailbox's owner (session, or a token with scope
 * `hybrid`) sees them; staff and other mailboxes are refused.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { requireSender } from './authorise.ts';
import type { HybridActor } from './ports.ts';

export interface HybridLetterSummary {
  itemId: string;
  s10: string | null;
  subject: string;
  recipient: { name: string | null; locality: string | null; mailbox: string | null };
  status: string;
  statusAt: string;
  lastEvent: { event: string; occurredAt: string; place: string | null } | null;
  pages: number;
  priceTiyn: number | null;
  createdAt: string;
}

export interface HybridLetterPage {
  items: HybridLetterSummary[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

const CURSOR_RE = /^(\d{1,17})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function decodeCursor(cursor: string): { micros: string; id: string } {
  const m = CURSOR_RE.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m) throw new AppError('VALIDATION_FAILED', { fields: [fieldError('cursor', 'invalid', { kk: 'Курсор қате', ru: 'Неверный курсор', en: 'Not a cursor from a previous page' })] });
  return { micros: m[1], id: m[2] };
}

export async function listHybridLetters(database: Database, actor: HybridActor | undefined, q: { limit?: number; cursor?: string } = {}): Promise<HybridLetterPage> {
  const sender = await requireSender(database, actor, false, 'listHybridLetters');
  const limit = Math.max(1, Math.min(100, q.limit ?? 20));
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  // created_at is kept to the microsecond; the cursor carries it exactly (a JS Date would round it).
  const r = await database.db.execute<{
    id: string; s10: string | null; subject: string; rname: string | null; locality: string | null; mailbox: string | null; status: string; status_at: string;
    content_pages: number; price_tiyn: number | null; created_at: string; created_us: string; ev: string | null; ev_at: string | null; ev_place: string | null;
  }>(sql`
    select i.id, i.s10, i.subject, coalesce(i.recipient_address->>'recipientName', rm.display_name) as rname, i.recipient_address->>'locality' as locality,
           rm.address as mailbox, i.status, i.status_at, i.content_pages, i.price_tiyn, i.created_at,
           (extract(epoch from i.created_at) * 1000000)::bigint::text as created_us,
           e.event as ev, e.occurred_at as ev_at, e.place as ev_place
    from hybrid_items i
    left join mailboxes rm on rm.id = i.recipient_mailbox_id
    left join lateral (select event, occurred_at, place from hybrid_events where item_id = i.id order by occurred_at desc, id desc limit 1) e on true
    where i.sender_mailbox_id = ${sender.mailboxId}
      ${after ? sql`and (i.created_at, i.id) < (timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond', ${after.id}::uuid)` : sql``}
    order by i.created_at desc, i.id desc
    limit ${limit + 1}`);
  const rows = r.rows.slice(0, limit);
  const iso = (v: string) => new Date(v).toISOString();
  const last = rows[rows.length - 1];
  return {
    items: rows.map((i) => ({
      itemId: i.id, s10: i.s10, subject: i.subject,
      recipient: { name: i.rname, locality: i.locality, mailbox: i.mailbox },
      status: i.status, statusAt: iso(i.status_at),
      lastEvent: i.ev ? { event: i.ev, occurredAt: iso(i.ev_at!), place: i.ev_place } : null,
      pages: i.content_pages, priceTiyn: i.price_tiyn, createdAt: iso(i.created_at),
    })),
    nextCursor: r.rows.length > limit && last ? Buffer.from(`${last.created_us}_${last.id}`, 'latin1').toString('base64url') : null,
  };
}
