/**
 * Notification-receipts (DF-7, DF-10): signed documents with exactly the DF-10 contents — who
 * sends the receipt, when the document was received, the recipient's registration number and
 * date, the signer's EDS (the CMS itself, by the records officer or the organisation's
 * information-system key) and the responsible executor — or, for "not accepted", the coded
 * reasons. Stored with their document; the sender is told in the cabinet.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { MailboxRow } from './access.ts';
import { issueDocflowEvidence } from './evidence.ts';
import type { SignerRecord } from './keys.ts';
import type { DocumentRow } from './load-document.ts';
import { canonicalBytes, sha256Hex } from './rcc.ts';
import type { Reason } from './reasons.ts';
import { docflowAlerts, docflowDeliveries, docflowReceipts, docflowRegistrations } from './schema.ts';
import type { EvidenceSigner } from './types.ts';

export const RECEIPT_TYPE = 'jashik.docflow.receipt';

export interface ResponsibleExecutor {
  name: string;
  iin?: string;
  phone?: string;
  email?: string;
}

export interface ReceiptDocument {
  type: typeof RECEIPT_TYPE;
  version: 1;
  issuedAt: string;
  nonce: string;
  receiptId: string;
  kind: 'accepted' | 'not_accepted';
  documentId: string;
  deliveryId: string;
  rccSha256: string;
  /** DF-10 (1): the sender of the receipt. */
  from: { address: string; bin: string | null; iin: string | null; name: string };
  /** DF-10 (2): date and time the document was received. */
  receivedAt: string;
  /** DF-10 (3): the registration number and date given by the recipient. */
  registration: { number: string; date: string } | null;
  /** DF-10 (4) is the CMS signature; this says whose key makes it. */
  signedBy: 'records_officer' | 'information_system';
  /** DF-10 (5): the responsible executor at the recipient. */
  responsibleExecutor: ResponsibleExecutor | null;
  reasons: Reason[];
}

export function buildReceipt(input: Omit<ReceiptDocument, 'type' | 'version' | 'issuedAt'> & { issuedAt: Date }): Buffer {
  const { issuedAt, ...rest } = input;
  const doc: ReceiptDocument = { type: RECEIPT_TYPE, version: 1, issuedAt: issuedAt.toISOString(), ...rest };
  return canonicalBytes(doc);
}

export function receiptBasics(doc: DocumentRow, deliveryId: string, recipient: MailboxRow, receivedAt: Date) {
  return {
    receiptId: randomUUID(), documentId: doc.id, deliveryId, rccSha256: sha256Hex(doc.rccCanonical ?? Buffer.alloc(0)),
    from: { address: recipient.address, bin: recipient.bin, iin: recipient.kind === 'personal' ? recipient.iin : null, name: recipient.display_name },
    receivedAt: receivedAt.toISOString(),
  };
}

export async function storeReceipt(
  tx: Tx,
  deps: { evidence: EvidenceSigner; operator: string },
  r: { receiptId: string; deliveryId: string; doc: DocumentRow; kind: 'accepted' | 'not_accepted'; bytes: Buffer; cms: Buffer; signer: SignerRecord; automatic: boolean; registrationId?: string; actor: string; requestId?: string; now: Date; senderAddress: string; recipientAddress: string },
): Promise<void> {
  await tx.insert(docflowReceipts).values({ id: r.receiptId, deliveryId: r.deliveryId, documentId: r.doc.id, kind: r.kind, canonical: r.bytes, cms: r.cms, signer: r.signer, automatic: r.automatic });
  if (r.registrationId) {
    await tx.update(docflowRegistrations).set({ status: 'registered', pendingCard: null, nonce: null, registeredAt: r.now }).where(eq(docflowRegistrations.id, r.registrationId));
  }
  await tx.update(docflowDeliveries)
    .set({ status: r.kind === 'accepted' ? 'accepted' : 'rejected', receiptId: r.receiptId, registrationId: r.registrationId ?? null, pendingReceipt: null, pendingKind: null })
    .where(eq(docflowDeliveries.id, r.deliveryId));
  const [delivery] = await tx.select({ alertedAt: docflowDeliveries.alertedAt }).from(docflowDeliveries).where(eq(docflowDeliveries.id, r.deliveryId));
  await tx.insert(docflowAlerts).values({ mailboxId: r.doc.senderMailboxId, kind: 'receipt_received', documentId: r.doc.id, payload: { deliveryId: r.deliveryId, receiptId: r.receiptId, kind: r.kind } });
  await issueDocflowEvidence(tx, deps, { documentId: r.doc.id, deliveryId: r.deliveryId, event: 'ReceiptForwarded', at: r.now, rcc: r.bytes, files: [], sender: r.recipientAddress, recipient: r.senderAddress });
  await appendAudit(tx, { type: 'docflow.receipt_issued', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, kind: r.kind, automatic: r.automatic } }, { actor: r.actor, requestId: r.requestId });
  // DF-11: a receipt after the alert is logged as such.
  await appendAudit(tx, { type: 'docflow.receipt_received', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, late: delivery?.alertedAt != null } }, { actor: 'system' });
}
