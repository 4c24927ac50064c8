/**
 * sendDocument (DF-12, MB-14): a registered outgoing document goes to the recipient's mailbox as
 * a registered item, after every signature is verified again (DF-12). The one original stays where it is (DF-16): the recipient gets a delivery
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
import type { DocflowActor, DocflowTrust, EvidenceSigner, MembershipPolicy } from './types.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { fieldError, type FieldError } from '../../shared/errors.ts';
import { REPORT_CODES, type ReportCode } from '../pki/report.ts';
import type { DocumentRow, FileRow } from './load-document.ts';
import { onlyRevocationUnknown, reportCodes, verifyRecording } from './verify-recording.ts';

/** DF-12: before sending, every signature (content files and RCC) is verified again, now. */
async function recheckSignatures(deps: { blobs: BlobStore; trust: DocflowTrust; now: () => Date }, doc: DocumentRow, files: FileRow[]): Promise<void> {
  const now = deps.now();
  const errors: FieldError[] = [];
  const checks: { name: string; cms: Buffer | null; content: () => Promise<Buffer> }[] = [
    ...files.filter((f) => f.role === 'content').map((f) => ({ name: `files[${f.position}]`, cms: f.cms, content: () => deps.blobs.getBytes(f.sha256) })),
    { name: 'rcc', cms: doc.rccCms, content: async () => doc.rccCanonical! },
  ];
  let unknownOnly = true;
  for (const c of checks) {
    if (!c.cms) {
      errors.push(field(c.name, 'not_signed'));
      unknownOnly = false;
      continue;
    }
    const { report } = await verifyRecording(deps.trust, c.cms, { content: await c.content(), receivedAt: now });
    const codes = reportCodes(report);
    if (codes.length && !onlyRevocationUnknown(codes)) unknownOnly = false;
    for (const code of codes) errors.push(fieldError(c.name, code.toLowerCase(), REPORT_CODES[code as ReportCode]));
  }
  if (errors.length) throw refuse(unknownOnly ? 'PKI_REVOCATION_UNKNOWN' : 'PKI_SIGNATURE_INVALID', errors);
}

export async function sendDocument(
  deps: { database: Database; blobs: BlobStore; membership: MembershipPolicy; trust: DocflowTrust; evidence: EvidenceSigner; operator: string; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
): Promise<{ deliveryId: string; sentAt: string; watchDue: string }> {
  const db = deps.database.db;
  const { doc: peek, files: peekFiles } = await loadDocument(db, documentId);
  const { actor: who } = await requireRoles(deps, actor, peek.senderMailboxId, ['records_officer'], 'sendDocument');
  if (peek.status === 'registered') await recheckSignatures(deps, peek, peekFiles);
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
