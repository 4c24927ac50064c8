/**
 * getHybridStatement: a sender's monthly statement of hybrid items sent to paper, from the price
 * stored on each item at acceptance (the tariff may change later; the statement does not).
 * The month is a calendar month in Asia/Almaty (UTC+5, no DST), the operator's billing time;
 * an item belongs to the month its acceptance for printing falls in. A sender (session, or token
 * with scope `hybrid`) sees its own mailbox; operator admins name any mailbox.
 * Output: the rows and totals (JSON), CSV (one row per item, then a total row) or PDF (statement-pdf.ts).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { csvCell } from './batch-manifest.ts';
import type { HybridActor } from './ports.ts';

export interface StatementRow { itemId: string; s10: string; acceptedAt: string; pages: number; registered: boolean; status: string; priceTiyn: number }
export interface HybridStatement {
  mailboxId: string;
  mailbox: string;
  month: string;
  periodStart: string;
  periodEnd: string;
  items: StatementRow[];
  totals: { items: number; pages: number; priceTiyn: number };
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const ALMATY_OFFSET_MS = 5 * 3600_000;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** [start, end) of the Almaty calendar month, as UTC instants. */
export function almatyMonth(month: string): { start: Date; end: Date } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new AppError('VALIDATION_FAILED', { fields: [fieldError('month', 'format', { kk: 'Ай ЖЖЖЖ-АА пішімінде болуы керек', ru: 'Месяц в формате ГГГГ-ММ', en: 'Month as YYYY-MM' })] });
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  return { start: new Date(Date.UTC(y, mo, 1) - ALMATY_OFFSET_MS), end: new Date(Date.UTC(y, mo + 1, 1) - ALMATY_OFFSET_MS) };
}

async function mailboxFor(actor: HybridActor | undefined, requested: string | undefined): Promise<string> {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.kind === 'staff' && actor.staffRole === 'operator_admin') {
    if (!requested || !UUID_RE.test(requested)) throw new AppError('VALIDATION_FAILED', { fields: [fieldError('mailboxId', 'required', { kk: 'Пошта жәшігінің идентификаторы қажет', ru: 'Нужен идентификатор почтового ящика', en: 'A mailbox id is required' })] });
    return requested;
  }
  const sender = (actor.kind === 'user' || (actor.kind === 'token' && actor.scopes?.includes('hybrid'))) && actor.mailboxId;
  if (!sender) throw new AppError('FORBIDDEN');
  if (requested && requested !== sender) throw new AppError('FORBIDDEN', { detail: 'a sender sees only its own statement' });
  return sender;
}

export async function getHybridStatement(database: Database, actor: HybridActor | undefined, q: { month: string; mailboxId?: string }): Promise<HybridStatement> {
  const { start, end } = almatyMonth(q.month);
  const mailboxId = await mailboxFor(actor, q.mailboxId);
  const mb = await database.db.execute<{ address: string }>(sql`select address from mailboxes where id = ${mailboxId}`);
  if (!mb.rows[0]) throw new AppError('NOT_FOUND');
  const r = await database.db.execute<{ id: string; s10: string; accepted_at: Date | string; content_pages: number; registered: boolean; status: string; price_tiyn: number }>(sql`
    select id, s10, accepted_at, content_pages, registered, status, price_tiyn from hybrid_items
    where sender_mailbox_id = ${mailboxId} and s10 is not null and price_tiyn is not null
      and accepted_at >= ${start.toISOString()}::timestamptz and accepted_at < ${end.toISOString()}::timestamptz
    order by accepted_at, id`);
  const items = r.rows.map((x) => ({ itemId: x.id, s10: x.s10, acceptedAt: new Date(x.accepted_at).toISOString(), pages: x.content_pages, registered: x.registered, status: x.status, priceTiyn: x.price_tiyn }));
  return {
    mailboxId, mailbox: mb.rows[0].address, month: q.month, periodStart: start.toISOString(), periodEnd: end.toISOString(), items,
    totals: { items: items.length, pages: items.reduce((a, i) => a + i.pages, 0), priceTiyn: items.reduce((a, i) => a + i.priceTiyn, 0) },
  };
}

/** Tenge with two decimals from tiyn (integer arithmetic, no float rounding). */
export const tenge = (tiyn: number) => `${Math.trunc(tiyn / 100)}.${String(Math.abs(tiyn) % 100).padStart(2, '0')}`;

export function statementCsv(s: HybridStatement): string {
  const head = 'item_id,s10,accepted_at,pages,registered,status,price_kzt';
  const rows = s.items.map((i) => [i.itemId, i.s10, i.acceptedAt, i.pages, i.registered, i.status, tenge(i.priceTiyn)].map(csvCell).join(','));
  return [head, ...rows, ['total', '', '', s.totals.pages, '', `${s.totals.items} items`, tenge(s.totals.priceTiyn)].map(csvCell).join(',')].join('\n') + '\n';
}
