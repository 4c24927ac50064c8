/** Reserving (or re-using) the incoming journal entry of a received document. */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { field, refuse } from './field-texts.ts';
import { nextNumber } from './numbering.ts';
import { currentReference, type NomenclatureData } from './reference.ts';
import type { ResponsibleExecutor } from './receipts.ts';
import { docflowRegistrations } from './schema.ts';

export async function reserveIncoming(
  tx: Tx,
  r: { documentId: string; mailboxId: string; nomenclatureIndex: string | undefined; now: Date; by: string; executor: ResponsibleExecutor | null; controlMark: boolean },
): Promise<{ id: string; number: string; date: string }> {
  const [existing] = await tx.select().from(docflowRegistrations).where(and(eq(docflowRegistrations.documentId, r.documentId), eq(docflowRegistrations.mailboxId, r.mailboxId), eq(docflowRegistrations.journal, 'incoming')));
  if (existing) {
    await tx.update(docflowRegistrations).set({ responsibleExecutor: r.executor }).where(eq(docflowRegistrations.id, existing.id));
    return { id: existing.id, number: existing.number, date: existing.registrationDate };
  }
  if (!r.nomenclatureIndex) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'required')]);
  if (!(await currentReference<NomenclatureData>(tx, 'nomenclature', r.nomenclatureIndex))) throw refuse('DOCFLOW_DOCUMENT_INVALID', [field('nomenclatureIndex', 'unknown_index')]);
  const n = await nextNumber(tx, r.mailboxId, 'incoming', r.nomenclatureIndex, r.now);
  const id = randomUUID();
  await tx.insert(docflowRegistrations).values({
    id, documentId: r.documentId, mailboxId: r.mailboxId, journal: 'incoming', status: 'reserved', year: n.year, nomenclatureIndex: r.nomenclatureIndex,
    number: n.number, registeredAt: r.now, registrationDate: n.date, registeredBy: r.by, responsibleExecutor: r.executor, controlMark: r.controlMark,
  });
  return { id, number: n.number, date: n.date };
}
