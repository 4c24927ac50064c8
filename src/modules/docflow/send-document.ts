/**
 * sendDocument (DF-12, MB-14): a registered outgoing document goes to the recipient's mailbox as
 * a registered item. The one original stays where it is (DF-16): the recipient gets a delivery
 * referring to it. In the same transaction: operator evidence of acceptance and consignment,
 * the incoming check (job `docflow.check-incoming`) and the delivery watch (job
 * `docflow.receipt-watch`, due one working day later, DF-11).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { requireOfficial, requireRoles } from './access.ts';
import { issueDocflowEvidence } from './evidence.ts';
import { field, refuse } from './field-texts.ts';
import { loadDocument } from './load-document.ts';
import { docflowDeliveries, docflowDocuments } from './schema.ts';
import type { DocflowActor, EvidenceSigner, MembershipPolicy } from './types.ts';

export async function sendDocument(
  deps: { database: Database; membership: MembershipPolicy; evidence: EvidenceSigner; operator: string; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
): Promise<{ deliveryId: string; sentAt: string; watchDue: string }> {
  const db = deps.database.db;
  const { doc: peek } = await loadDocument(db, documentId);
  const { actor: who } = await requireRoles(deps, actor, peek.senderMailboxId, ['records_officer'], 'sendDocument');
  return db.transaction(async (tx) => {
    const { doc, files } = await loadDocument(tx, documentId, { forUpdate: true });
    if (doc.status !== 'registered' || !doc.rccCanonical) throw new AppError('DOCFLOW_WRONG_STATE', { detail: `document is ${doc.status}` });
    if (doc.stateSecret) throw refuse('DOCFLOW_STATE_SECRET', [field('stateSecret', 'state_secret')]);
    const sender = await requireOfficial(tx, doc.senderMailboxId, 'senderMailboxId', { organisation: true });
    const recipient = await requireOfficial(tx, doc.recipientMailboxId!, 'recipientMailboxId');
    const now = deps.now();
    const deliveryId = randomUUID();
    await tx.insert(docflowDeliveries).values({ id: deliveryId, documentId, senderMailboxId: doc.senderMailboxId, recipientMailboxId: recipient.id, sentAt: now, receivedAt: now, status: 'checking' });
    await tx.update(docflowDocuments).set({ status: 'sent', sentAt: now }).where(eq(docflowDocuments.id, documentId));
    const ev = { documentId, deliveryId, rcc: doc.rccCanonical, files: files.map((f) => ({ position: f.position, sha256: f.sha256 })), sender: sender.address, recipient: recipient.address };
    await issueDocflowEvidence(tx, deps, { ...ev, event: 'SubmissionAcceptance', at: now });
    await issueDocflowEvidence(tx, deps, { ...ev, event: 'ContentConsignment', at: now });
    await enqueueJob(tx, { kind: 'docflow.check-incoming', payload: { deliveryId }, idempotencyKey: `docflow.check:${deliveryId}:0` });
    const watchDue = addWorkingDays(now, 1);
    await enqueueJob(tx, { kind: 'docflow.receipt-watch', payload: { deliveryId }, runAt: watchDue, idempotencyKey: `docflow.watch:${deliveryId}` });
    await appendAudit(tx, { type: 'docflow.sent', payload: { documentId, deliveryId, recipientMailboxId: recipient.id } }, { actor: who.actor, requestId: who.requestId });
    return { deliveryId, sentAt: now.toISOString(), watchDue: watchDue.toISOString() };
  });
}
