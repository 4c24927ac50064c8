/**
 * A starting set of reference data (DF-5) so a fresh installation can work at once; an operator
 * admin edits it afterwards (each edit a new version). Added only where the code is missing —
 * no version at all, so an entry an admin retired stays retired. A fresh installation gets the
 * same set from migration 0011_docflow_reference_seed; `jashik docflow seed-reference` tops it up.
 */
import type { Database } from '../../storage/db/database.ts';
import { sql } from 'drizzle-orm';
import { putReference, type ReferenceKind } from './reference.ts';

const SYSTEM_ADMIN = { accountId: 'system', iin: null, actor: 'system', staffRole: 'operator_admin' as const };

export const DEFAULT_REFERENCE: { kind: ReferenceKind; code: string; data: Record<string, unknown> }[] = [
  {
    kind: 'document_type', code: 'letter',
    data: {
      name: { kk: 'Хат', ru: 'Письмо', en: 'Letter' },
      mandatory: ['requisites.senderName', 'requisites.senderReference', 'requisites.addressee', 'requisites.executorMark', 'card.subject', 'card.sheets', 'card.addresseeOrganisation', 'card.executorSurname', 'card.executorPhone', 'card.paperOriginal'],
      requiresHeadSignature: false, initiative: true, executionDays: 10,
    },
  },
  {
    kind: 'document_type', code: 'reply',
    data: {
      name: { kk: 'Жауап хат', ru: 'Ответное письмо', en: 'Reply letter' },
      mandatory: ['requisites.senderName', 'requisites.senderReference', 'requisites.incomingReference', 'requisites.addressee', 'requisites.executorMark', 'card.subject', 'card.sheets', 'card.addresseeOrganisation', 'card.executorSurname', 'card.executorPhone', 'card.reference', 'card.paperOriginal'],
      requiresHeadSignature: false, initiative: false, executionDays: 10,
    },
  },
  {
    kind: 'document_type', code: 'official_letter',
    data: {
      name: { kk: 'Басшы қол қойған хат', ru: 'Письмо за подписью руководителя', en: 'Letter signed by the head' },
      mandatory: ['requisites.senderName', 'requisites.senderReference', 'requisites.addressee', 'requisites.title', 'requisites.executorMark', 'card.subject', 'card.sheets', 'card.addresseeOrganisation', 'card.executorSurname', 'card.executorPhone', 'card.paperOriginal'],
      requiresHeadSignature: true, initiative: true, executionDays: 15,
    },
  },
  { kind: 'nomenclature', code: '01-01', data: { title: { kk: 'Шығыс хат алмасу', ru: 'Исходящая переписка', en: 'Outgoing correspondence' }, retentionYears: 5, medium: 'electronic' } },
  { kind: 'nomenclature', code: '01-02', data: { title: { kk: 'Кіріс хат алмасу', ru: 'Входящая переписка', en: 'Incoming correspondence' }, retentionYears: 5, medium: 'electronic' } },
  { kind: 'nomenclature', code: '01-03', data: { title: { kk: 'Бұйрықтар', ru: 'Приказы', en: 'Orders' }, retentionYears: null, medium: 'electronic' } },
  { kind: 'nomenclature', code: '01-04', data: { title: { kk: 'Ағымдағы хат алмасу', ru: 'Текущая переписка', en: 'Routine correspondence' }, retentionYears: 1, medium: 'electronic' } },
];

export async function seedDefaultReference(database: Database): Promise<number> {
  let added = 0;
  for (const e of DEFAULT_REFERENCE) {
    await database.db.transaction(async (tx) => {
      const any = await tx.execute(sql`select 1 from docflow_reference where kind = ${e.kind} and code = ${e.code} limit 1`);
      if (any.rows.length) return;
      await putReference(tx, SYSTEM_ADMIN, e);
      added++;
    });
  }
  return added;
}
