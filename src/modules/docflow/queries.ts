/**
 * Reading: a document (its one original, seen by the sender's and the recipient's members alike,
 * DF-16), its files, its receipt, the journals, incoming deliveries, alerts, and search (DF-1)
 * over RCC fields and document text with filters. Members of either side with any role read.
 */
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { AppError } from '../../shared/errors.ts';
import { requireRoles } from './access.ts';
import type { SignerRecord } from './keys.ts';
import { loadDocument } from './load-document.ts';
import { MEDIA_TYPES, type FileFormat } from './formats.ts';
import { docflowAlerts, docflowDeliveries, docflowReceipts, docflowRegistrations } from './schema.ts';
import { MEMBER_ROLES, type DocflowActor, type MembershipPolicy } from './types.ts';

type Deps = { database: Database; membership: MembershipPolicy };

/** The sender's or a recipient's member may read the document. */
export async function requireDocumentReader(deps: Deps, actor: DocflowActor | undefined, documentId: string, operation: string) {
  const { doc, files } = await loadDocument(deps.database.db, documentId);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const deliveries = await deps.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.documentId, documentId));
  for (const mailboxId of [doc.senderMailboxId, ...deliveries.map((d) => d.recipientMailboxId)]) {
    if ((await deps.membership.rolesOf(actor, mailboxId)).length > 0) return { doc, files, deliveries, mailboxId };
  }
  await requireRoles(deps, actor, doc.senderMailboxId, MEMBER_ROLES, operation); // audits and throws FORBIDDEN
  throw new AppError('FORBIDDEN');
}

export async function getDocument(deps: Deps, actor: DocflowActor | undefined, documentId: string) {
  const { doc, files, deliveries, mailboxId } = await requireDocumentReader(deps, actor, documentId, 'getDocument');
  const regs = await deps.database.db.select().from(docflowRegistrations).where(eq(docflowRegistrations.documentId, documentId));
  const own = deliveries.filter((d) => d.senderMailboxId === mailboxId || d.recipientMailboxId === mailboxId);
  return {
    id: doc.id, status: doc.status, typeCode: doc.typeCode, typeVersion: doc.typeVersion, senderMailboxId: doc.senderMailboxId, recipientMailboxId: doc.recipientMailboxId,
    medium: doc.medium, documentDate: doc.documentDate, createdAt: doc.createdAt.toISOString(), sentAt: doc.sentAt?.toISOString() ?? null,
    author: doc.author, requisites: doc.requisites, card: doc.card,
    rcc: doc.rccCanonical ? doc.rccCanonical.toString('utf8') : null, rccSignature: doc.rccCms ? doc.rccCms.toString('base64') : null, rccSigner: doc.rccSigner ?? null,
    files: files.map((f) => ({ position: f.position, role: f.role, filename: f.filename, format: f.format, size: f.size, sha256: f.sha256, signature: f.cms ? f.cms.toString('base64') : null, signers: f.signers as SignerRecord[] })),
    registrations: regs.filter((r) => r.mailboxId === mailboxId && r.status === 'registered').map((r) => ({ id: r.id, journal: r.journal, number: r.number, date: r.registrationDate, nomenclatureIndex: r.nomenclatureIndex, controlMark: r.controlMark, executionMark: r.executionMark, filedIndex: r.filedIndex, retainUntil: r.retainUntil })),
    deliveries: own.map((d) => ({ id: d.id, recipientMailboxId: d.recipientMailboxId, status: d.status, sentAt: d.sentAt.toISOString(), receivedAt: d.receivedAt.toISOString(), check: d.check ?? null, heldUntil: d.heldUntil?.toISOString() ?? null, receiptId: d.receiptId, alertedAt: d.alertedAt?.toISOString() ?? null })),
  };
}

export async function getDocumentFile(deps: Deps & { blobs: BlobStore }, actor: DocflowActor | undefined, documentId: string, position: number) {
  const { files } = await requireDocumentReader(deps, actor, documentId, 'getDocumentFile');
  const f = files.find((x) => x.position === position);
  if (!f) throw new AppError('NOT_FOUND', { detail: `file ${position}` });
  return { filename: f.filename, mediaType: MEDIA_TYPES[f.format as FileFormat] ?? 'application/octet-stream', content: await deps.blobs.getBytes(f.sha256) };
}

export async function getReceipt(deps: Deps, actor: DocflowActor | undefined, deliveryId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw new AppError('NOT_FOUND');
  const [d] = await deps.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, deliveryId));
  if (!d) throw new AppError('NOT_FOUND');
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const sides = [d.senderMailboxId, d.recipientMailboxId];
  let ok = false;
  for (const m of sides) if ((await deps.membership.rolesOf(actor, m)).length) ok = true;
  if (!ok) await requireRoles(deps, actor, d.recipientMailboxId, MEMBER_ROLES, 'getReceipt');
  const [r] = await deps.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, deliveryId));
  if (!r) return { deliveryId, delivered: false, status: d.status, alertedAt: d.alertedAt?.toISOString() ?? null, receipt: null };
  return {
    deliveryId, delivered: true, status: d.status, alertedAt: d.alertedAt?.toISOString() ?? null,
    receipt: { id: r.id, kind: r.kind, document: r.canonical.toString('utf8'), signature: r.cms.toString('base64'), signer: r.signer as SignerRecord, automatic: r.automatic, createdAt: r.createdAt.toISOString() },
  };
}

export interface JournalQuery {
  mailboxId: string;
  journal: 'outgoing' | 'incoming';
  from?: string;
  to?: string;
  limit?: number;
}

export async function listJournal(deps: Deps, actor: DocflowActor | undefined, q: JournalQuery) {
  await requireRoles(deps, actor, q.mailboxId, MEMBER_ROLES, 'listJournal');
  const conds: SQL[] = [sql`r.mailbox_id = ${q.mailboxId}`, sql`r.journal = ${q.journal}`, sql`r.status = 'registered'`];
  if (q.from) conds.push(sql`r.registration_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`r.registration_date <= ${q.to}::date`);
  const rows = await deps.database.db.execute<{ id: string; document_id: string; number: string; registration_date: string; nomenclature_index: string; type_code: string; subject: string | null; control_mark: boolean; execution_mark: string | null; filed_index: string | null }>(sql`
    select r.id, r.document_id, r.number, r.registration_date::text, r.nomenclature_index, d.type_code, d.card->>'subject' as subject, r.control_mark, r.execution_mark, r.filed_index
    from docflow_registrations r join docflow_documents d on d.id = r.document_id
    where ${sql.join(conds, sql` and `)} order by r.registered_at desc limit ${Math.min(q.limit ?? 100, 500)}`);
  return rows.rows.map((r) => ({ registrationId: r.id, documentId: r.document_id, number: r.number, date: r.registration_date, nomenclatureIndex: r.nomenclature_index, typeCode: r.type_code, subject: r.subject, controlMark: r.control_mark, executionMark: r.execution_mark, filedIndex: r.filed_index }));
}

export async function listIncoming(deps: Deps, actor: DocflowActor | undefined, mailboxId: string) {
  await requireRoles(deps, actor, mailboxId, MEMBER_ROLES, 'listIncoming');
  const rows = await deps.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.recipientMailboxId, mailboxId)).orderBy(desc(docflowDeliveries.receivedAt)).limit(200);
  return rows.map((d) => ({ deliveryId: d.id, documentId: d.documentId, senderMailboxId: d.senderMailboxId, status: d.status, receivedAt: d.receivedAt.toISOString(), heldUntil: d.heldUntil?.toISOString() ?? null, check: d.check ?? null }));
}

export async function listAlerts(deps: Deps, actor: DocflowActor | undefined, mailboxId: string) {
  await requireRoles(deps, actor, mailboxId, MEMBER_ROLES, 'listAlerts');
  const rows = await deps.database.db.select().from(docflowAlerts).where(eq(docflowAlerts.mailboxId, mailboxId)).orderBy(desc(docflowAlerts.createdAt)).limit(200);
  return rows.map((a) => ({ id: a.id, kind: a.kind, documentId: a.documentId, payload: a.payload, createdAt: a.createdAt.toISOString() }));
}

export interface SearchQuery {
  mailboxId: string;
  q?: string;
  journal?: 'outgoing' | 'incoming';
  typeCode?: string;
  from?: string;
  to?: string;
  executorIin?: string;
  status?: string;
  limit?: number;
}

/** DF-1 search: RCC fields and file text (trigram index), within the organisation's journals. */
export async function searchDocuments(deps: Deps, actor: DocflowActor | undefined, q: SearchQuery) {
  await requireRoles(deps, actor, q.mailboxId, MEMBER_ROLES, 'searchDocuments');
  const conds: SQL[] = [sql`(r.mailbox_id = ${q.mailboxId} or (d.sender_mailbox_id = ${q.mailboxId} and r.id is null))`];
  if (q.q) conds.push(sql`d.search_text like ${`%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.journal) conds.push(sql`r.journal = ${q.journal}`);
  if (q.typeCode) conds.push(sql`d.type_code = ${q.typeCode}`);
  if (q.from) conds.push(sql`coalesce(r.registration_date, d.created_at::date) >= ${q.from}::date`);
  if (q.to) conds.push(sql`coalesce(r.registration_date, d.created_at::date) <= ${q.to}::date`);
  if (q.status) conds.push(sql`d.status = ${q.status}`);
  if (q.executorIin) conds.push(sql`exists (select 1 from docflow_executions e where e.document_id = d.id and e.mailbox_id = ${q.mailboxId} and e.executor_iin = ${q.executorIin})`);
  const rows = await deps.database.db.execute<{ id: string; status: string; type_code: string; subject: string | null; journal: string | null; number: string | null; registration_date: string | null; created_at: Date }>(sql`
    select d.id, d.status, d.type_code, d.card->>'subject' as subject, r.journal, r.number, r.registration_date::text, d.created_at
    from docflow_documents d left join docflow_registrations r on r.document_id = d.id and r.mailbox_id = ${q.mailboxId} and r.status = 'registered'
    where ${sql.join(conds, sql` and `)} order by d.created_at desc limit ${Math.min(q.limit ?? 50, 200)}`);
  return rows.rows.map((r) => ({ documentId: r.id, status: r.status, typeCode: r.type_code, subject: r.subject, journal: r.journal, number: r.number, date: r.registration_date, createdAt: new Date(r.created_at).toISOString() }));
}

