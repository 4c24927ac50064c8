/** Reserving (or re-using) the incoming journal entry of a received document. */
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { executeNamed } from '../../storage/db/execute-named.ts';
import { field, refuse } from './field-texts.ts';
import { almatyDateOf } from '../../domain/working-days.ts';
import { DEFAULT_PATTERN, formatNumber, takeNumber } from './numbering.ts';
import type { ResponsibleExecutor } from './receipts.ts';
import { docflowRegistrations } from './schema.ts';

export interface IncomingEntry {
  id: string;
  number: string;
  date: string;
  status: 'reserved' | 'registered';
  /** With `deferInsert`, a new entry's insert as a CTE (`ri`) that the caller puts into its own statement. */
  insert?: SQL;
}

export async function reserveIncoming(
  tx: Tx,
  r: { documentId: string; mailboxId: string; nomenclatureIndex: string | undefined; now: Date; by: string; executor: ResponsibleExecutor | null; controlMark: boolean; status?: 'reserved' | 'registered'; deferInsert?: boolean },
): Promise<IncomingEntry> {
  // The usual case (no entry yet) takes its number in the same round trip that looks for one.
  const found = sql`select 1 from docflow_registrations where document_id = ${r.documentId} and mailbox_id = ${r.mailboxId} and journal = 'incoming'`;
  const n = r.nomenclatureIndex ? await takeNumber(tx, r.mailboxId, 'incoming', r.nomenclatureIndex, r.now, { requireIndex: true, unlessExists: found }) : undefined;
  if (!n || n.skipped) {
    const [existing] = await tx.select().from(docflowRegistrations).where(and(eq(docflowRegistrations.documentId, r.documentId), eq(docflowRegistrations.mailboxId, r.mailboxId), eq(docflowRegistrations.journal, 'incoming')));
    if (existing) {
      await tx.update(docflowRegistrations).set({ responsibleExecutor: r.executor }).where(eq(docflowRegistrations.id, existing.id));
      return { id: existing.id, number: existing.number, date: existing.registrationDate, status: existing.status === 'registered' ? 'registered' : 'reserved' };
    }
  }
  if (!r.nomenclatureIndex) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'required')]);
  const taken = n?.taken;
  if (!taken) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'unknown_index')]);
  const id = randomUUID();
  const status = r.status ?? 'reserved';
  const insert = sql`ri as (
    insert into docflow_registrations (id, document_id, mailbox_id, journal, status, year, nomenclature_index, number, registered_at, registration_date, registered_by, responsible_executor, control_mark)
    values (${id}::uuid, ${r.documentId}::uuid, ${r.mailboxId}::uuid, 'incoming', ${status}, ${taken.year}, ${r.nomenclatureIndex}, ${taken.number}, ${r.now.toISOString()}::timestamptz,
      ${taken.date}::date, ${r.by}, ${r.executor === null ? null : JSON.stringify(r.executor)}::jsonb, ${r.controlMark})
  )`;
  if (!r.deferInsert) await tx.execute(sql`with ${insert} select 1`);
  return { id, number: taken.number, date: taken.date, status, insert: r.deferInsert ? insert : undefined };
}

/**
 * Incoming journal entries for several documents at once (the automatic path's batch), final
 * (`registered`) and each with its own number: one statement takes, per organisation and year,
 * as many numbers as it registers documents (`last = last + n`, under the counter's row lock,
 * so concurrent registrations still get distinct numbers), and tells which documents already
 * have an entry — those re-use it as `reserveIncoming` does. The new entries' insert comes back
 * as one CTE (`ri`) for the caller's statement.
 */
export async function registerIncomingMany(
  tx: Tx,
  entries: { documentId: string; mailboxId: string; now: Date }[],
  r: { nomenclatureIndex: string; by: string },
): Promise<{ entries: IncomingEntry[]; insert?: SQL }> {
  if (!entries.length) return { entries: [] };
  const rows = entries.map((e, i) => ({ i, document_id: e.documentId, mailbox_id: e.mailboxId, year: Number(almatyDateOf(e.now).slice(0, 4)) }));
  // A named statement: the check batch sends this text again and again (see execute-named.ts).
  const [numbers] = await executeNamed<{ skipped: number[]; taken: { mailbox_id: string; year: number; last: number; pattern: string | null }[] }>(tx, sql`
    with x as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x (i int, document_id uuid, mailbox_id uuid, year int)
    ), skip as (
      select x.i from x where exists (select 1 from docflow_registrations g where g.document_id = x.document_id and g.mailbox_id = x.mailbox_id and g.journal = 'incoming')
    ), known as (
      select not retired as ok from docflow_reference where kind = 'nomenclature' and code = ${r.nomenclatureIndex} order by version desc limit 1
    ), want as (
      select mailbox_id, year, count(*)::int as n from x where x.i not in (select i from skip) and exists (select 1 from known where ok) group by mailbox_id, year
    ), s as (
      insert into docflow_sequences (mailbox_id, journal, year, nomenclature_index, last)
      select mailbox_id, 'incoming', year, ${r.nomenclatureIndex}, n from want order by mailbox_id, year
      on conflict (mailbox_id, journal, year, nomenclature_index) do update set last = docflow_sequences.last + excluded.last
      returning mailbox_id, year, last
    )
    select (select coalesce(jsonb_agg(i), '[]'::jsonb) from skip) as skipped,
      (select coalesce(jsonb_agg(jsonb_build_object('mailbox_id', s.mailbox_id, 'year', s.year, 'last', s.last,
        'pattern', (select number_pattern from docflow_settings p where p.mailbox_id = s.mailbox_id))), '[]'::jsonb) from s) as taken`);
  const skipped = new Set(numbers.skipped);
  // Numbers are handed out in the order of `entries` within each organisation and year.
  const wanted = new Map<string, number>();
  for (const x of rows) if (!skipped.has(x.i)) wanted.set(`${x.mailbox_id}:${x.year}`, (wanted.get(`${x.mailbox_id}:${x.year}`) ?? 0) + 1);
  const next = new Map<string, { seq: number; pattern: string }>();
  for (const t of numbers.taken) next.set(`${t.mailbox_id}:${t.year}`, { seq: t.last - wanted.get(`${t.mailbox_id}:${t.year}`)! + 1, pattern: t.pattern ?? DEFAULT_PATTERN });
  const out: IncomingEntry[] = [];
  const inserts: unknown[] = [];
  for (const [i, e] of entries.entries()) {
    if (skipped.has(i)) {
      out.push(await reserveIncoming(tx, { documentId: e.documentId, mailboxId: e.mailboxId, nomenclatureIndex: r.nomenclatureIndex, now: e.now, by: r.by, executor: null, controlMark: false, status: 'registered', deferInsert: true }));
      continue;
    }
    const key = `${rows[i].mailbox_id}:${rows[i].year}`;
    const n = next.get(key);
    if (!n) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'unknown_index')]);
    const seq = n.seq++;
    const date = almatyDateOf(e.now);
    const number = formatNumber(n.pattern, { index: r.nomenclatureIndex, seq, year: rows[i].year, journal: 'incoming' });
    const id = randomUUID();
    out.push({ id, number, date, status: 'registered' });
    inserts.push({ id, document_id: e.documentId, mailbox_id: e.mailboxId, year: rows[i].year, number, registered_at: e.now.toISOString(), registration_date: date });
  }
  const insert = inserts.length
    ? sql`ri as (
      insert into docflow_registrations (id, document_id, mailbox_id, journal, status, year, nomenclature_index, number, registered_at, registration_date, registered_by, responsible_executor, control_mark)
      select v.id, v.document_id, v.mailbox_id, 'incoming', 'registered', v.year, ${r.nomenclatureIndex}, v.number, v.registered_at, v.registration_date, ${r.by}, null, false
      from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) as v (id uuid, document_id uuid, mailbox_id uuid, year int, number text, registered_at timestamptz, registration_date date)
    )`
    : undefined;
  return { entries: out, insert };
}
