/** Reserving (or re-using) the incoming journal entry of a received document. */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { field, refuse } from './field-texts.ts';
import { takeNumber } from './numbering.ts';
import type { ResponsibleExecutor } from './receipts.ts';
import { docflowRegistrations } from './schema.ts';

export async function reserveIncoming(
  tx: Tx,
  r: { documentId: string; mailboxId: string; nomenclatureIndex: string | undefined; now: Date; by: string; executor: ResponsibleExecutor | null; controlMark: boolean; status?: 'reserved' | 'registered' },
): Promise<{ id: string; number: string; date: string; status: 'reserved' | 'registered' }> {
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
  await tx.insert(docflowRegistrations).values({
    id, documentId: r.documentId, mailboxId: r.mailboxId, journal: 'incoming', status, year: taken.year, nomenclatureIndex: r.nomenclatureIndex,
    number: taken.number, registeredAt: r.now, registrationDate: taken.date, registeredBy: r.by, responsibleExecutor: r.executor, controlMark: r.controlMark,
  });
  return { id, number: taken.number, date: taken.date, status };
}
