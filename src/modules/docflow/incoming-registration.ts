/** Reserving (or re-using) the incoming journal entry of a received document. */
import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { field, refuse } from './field-texts.ts';
import { takeNumber } from './numbering.ts';
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
