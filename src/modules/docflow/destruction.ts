/**
 * Retention and guaranteed destruction (DF-1, DF-14): at the end of its retention (by the
 * nomenclature index it was filed under) an organisation's journal entry goes on a destruction
 * list; the head approves it; then a destruction act — canonical JSON naming every document and
 * the digests of its files, signed with the operator's key — is kept, and the entries are
 * deleted. When no organisation holds a document any longer, its rows (files, signatures,
 * RCC, receipts, validation data, evidence, copies) and its blob references go too; a blob still
 * referenced by something else (a letter) stays, an unreferenced one is deleted by a job.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import { dropBlobRef } from '../../storage/blob-refs.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { loadMailbox, requireRoles } from './access.ts';
import { DOCUMENT_BLOB_OWNER } from './create-document.ts';
import { canonicalBytes } from './rcc.ts';
import {
  docflowAlerts, docflowDeliveries, docflowDestructions, docflowDocumentKeys, docflowDocuments, docflowEvidence, docflowExecutions, docflowFiles,
  docflowPaperCopies, docflowReceipts, docflowRegistrations, docflowValidationData,
} from './schema.ts';
import type { DocflowActor, EvidenceSigner, MembershipPolicy } from './types.ts';

type Deps = { database: Database; membership: MembershipPolicy; evidence: EvidenceSigner; operator: string; now: () => Date };

export interface DestructionItem {
  registrationId: string;
  documentId: string;
  journal: string;
  number: string;
  index: string;
  retainUntil: string;
  files: { filename: string; sha256: string }[];
}

export async function proposeDestruction(deps: Deps, actor: DocflowActor | undefined, mailboxId: string, asOf: string): Promise<{ destructionId: string; items: DestructionItem[] }> {
  const { actor: who } = await requireRoles(deps, actor, mailboxId, ['records_officer', 'head'], 'proposeDestruction');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new AppError('VALIDATION_FAILED', { detail: 'asOf' });
  const db = deps.database.db;
  const regs = await db.select().from(docflowRegistrations).where(and(eq(docflowRegistrations.mailboxId, mailboxId), eq(docflowRegistrations.status, 'registered'), isNotNull(docflowRegistrations.retainUntil), lt(docflowRegistrations.retainUntil, asOf)));
  const items: DestructionItem[] = [];
  for (const r of regs) {
    const open = await db.select({ id: docflowExecutions.id }).from(docflowExecutions).where(and(eq(docflowExecutions.registrationId, r.id), ne(docflowExecutions.status, 'accepted')));
    if (open.length) continue;
    const files = await db.select({ filename: docflowFiles.filename, sha256: docflowFiles.sha256 }).from(docflowFiles).where(eq(docflowFiles.documentId, r.documentId));
    items.push({ registrationId: r.id, documentId: r.documentId, journal: r.journal, number: r.number, index: r.filedIndex ?? r.nomenclatureIndex, retainUntil: r.retainUntil!, files });
  }
  const destructionId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(docflowDestructions).values({ id: destructionId, mailboxId, asOf, items, proposedBy: who.accountId });
    await appendAudit(tx, { type: 'docflow.destruction_proposed', payload: { destructionId, mailboxId, items: items.length } }, { actor: who.actor, requestId: who.requestId });
  });
  return { destructionId, items };
}

/** Deletes a document held by nobody any longer, with every row and blob reference of it. */
async function deleteDocument(tx: Tx, documentId: string): Promise<void> {
  const files = await tx.select().from(docflowFiles).where(eq(docflowFiles.documentId, documentId));
  const copies = await tx.select().from(docflowPaperCopies).where(eq(docflowPaperCopies.documentId, documentId));
  for (const c of copies) await dropBlobRef(tx, c.sha256, { kind: 'docflow.paper_copy', id: c.id });
  for (const f of new Set(files.map((x) => x.sha256))) await dropBlobRef(tx, f, { kind: DOCUMENT_BLOB_OWNER, id: documentId });
  await tx.delete(docflowPaperCopies).where(eq(docflowPaperCopies.documentId, documentId));
  await tx.delete(docflowEvidence).where(eq(docflowEvidence.documentId, documentId));
  await tx.delete(docflowReceipts).where(eq(docflowReceipts.documentId, documentId));
  await tx.delete(docflowExecutions).where(eq(docflowExecutions.documentId, documentId));
  await tx.delete(docflowRegistrations).where(eq(docflowRegistrations.documentId, documentId));
  await tx.delete(docflowDeliveries).where(eq(docflowDeliveries.documentId, documentId));
  await tx.delete(docflowValidationData).where(eq(docflowValidationData.documentId, documentId));
  await tx.delete(docflowDocumentKeys).where(eq(docflowDocumentKeys.documentId, documentId));
  await tx.delete(docflowAlerts).where(eq(docflowAlerts.documentId, documentId));
  await tx.delete(docflowFiles).where(eq(docflowFiles.documentId, documentId));
  await tx.delete(docflowDocuments).where(eq(docflowDocuments.id, documentId));
}

export async function approveDestruction(deps: Deps, actor: DocflowActor | undefined, destructionId: string): Promise<{ act: string; signature: string; destroyed: string[] }> {
  if (!/^[0-9a-f-]{36}$/i.test(destructionId)) throw new AppError('NOT_FOUND');
  const [d] = await deps.database.db.select().from(docflowDestructions).where(eq(docflowDestructions.id, destructionId));
  if (!d) throw new AppError('NOT_FOUND');
  const { actor: who } = await requireRoles(deps, actor, d.mailboxId, ['head'], 'approveDestruction');
  if (d.status !== 'proposed') throw new AppError('DOCFLOW_WRONG_STATE', { detail: d.status });
  const items = d.items as DestructionItem[];
  const org = await loadMailbox(deps.database.db, d.mailboxId);
  const now = deps.now();
  const act = canonicalBytes({
    type: 'jashik.docflow.destruction-act', version: 1, issuedAt: now.toISOString(), destructionId, operator: deps.operator,
    organisation: { address: org?.address ?? null, bin: org?.bin ?? null, name: org?.display_name ?? null },
    asOf: d.asOf, proposedBy: d.proposedBy, approvedBy: { accountId: who.accountId, iin: who.iin }, items,
  });
  const signature = Buffer.from(await deps.evidence.sign(act));
  const destroyed: string[] = [];
  await deps.database.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(docflowDestructions).where(eq(docflowDestructions.id, destructionId)).for('update');
    if (locked.status !== 'proposed') throw new AppError('DOCFLOW_WRONG_STATE', { detail: locked.status });
    for (const it of items) {
      await tx.delete(docflowExecutions).where(eq(docflowExecutions.registrationId, it.registrationId));
      await tx.delete(docflowRegistrations).where(eq(docflowRegistrations.id, it.registrationId));
      const others = await tx.execute(sql`select 1 from docflow_registrations where document_id = ${it.documentId} limit 1`);
      if (others.rows.length === 0 && !destroyed.includes(it.documentId)) {
        await deleteDocument(tx, it.documentId);
        destroyed.push(it.documentId);
      }
    }
    await tx.update(docflowDestructions).set({ status: 'done', approvedBy: who.accountId, actCanonical: act, actCms: signature, executedAt: now }).where(eq(docflowDestructions.id, destructionId));
    await appendAudit(tx, { type: 'docflow.destroyed', payload: { destructionId, mailboxId: d.mailboxId, documents: destroyed } }, { actor: who.actor, requestId: who.requestId });
  });
  return { act: act.toString('utf8'), signature: signature.toString('base64'), destroyed };
}
