/**
 * Notification-receipts (DF-7, DF-10): signed documents with exactly the DF-10 contents — who
 * sends the receipt, when the document was received, the recipient's registration number and
 * date, the signer's EDS (the CMS itself, by the records officer or the organisation's
 * information-system key) and the responsible executor — or, for "not accepted", the coded
 * reasons. Stored with their document; the sender is told in the cabinet.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { auditEntriesJson } from '../audit/append-audit.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-events.ts';
import type { MailboxRow } from './access.ts';
import { signDocflowEvidence } from './evidence.ts';
import type { SignerRecord } from './keys.ts';
import type { DocumentRow } from './load-document.ts';
import { canonicalBytes, sha256Hex } from './rcc.ts';
import type { Reason } from './reasons.ts';
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

/**
 * Stores a receipt in one statement (a CTE): the caller's writes (`writeFirst`: data-modifying
 * CTEs such as a new journal entry and the key links), the receipt, the registration made
 * final, the delivery closed (with the check, when the automatic path decides in the same
 * transaction), the sender's cabinet alert, the operator evidence and the audit rows.
 */
export async function storeReceipt(
  tx: Tx,
  deps: { evidence: EvidenceSigner; operator: string },
  r: {
    receiptId: string; deliveryId: string; doc: DocumentRow; kind: 'accepted' | 'not_accepted'; bytes: Buffer; cms: Buffer; signer: SignerRecord; automatic: boolean;
    registrationId?: string; registrationFinal?: boolean; check?: { value: unknown; at: Date }; writeFirst?: SQL[]; auditFirst?: { event: AuditEvent; ctx?: AuditContext }[]; actor: string; requestId?: string; now: Date; senderAddress: string; recipientAddress: string;
  },
): Promise<void> {
  const ev = await signDocflowEvidence(deps, { documentId: r.doc.id, deliveryId: r.deliveryId, event: 'ReceiptForwarded', at: r.now, rcc: r.bytes, files: [], sender: r.recipientAddress, recipient: r.senderAddress });
  const status = r.kind === 'accepted' ? 'accepted' : 'rejected';
  const updateRegistration = r.registrationId && !r.registrationFinal;
  // The audit entries go into the same statement: the caller's, the receipt's and (DF-11) a
  // receipt after the alert, logged as such (every receipt is in `receipt_issued`). The lock on
  // the audit log is taken by this statement and held to the commit.
  const entries = auditEntriesJson([
    ...(r.auditFirst ?? []),
    { event: { type: 'docflow.receipt_issued', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, kind: r.kind, automatic: r.automatic } }, ctx: { actor: r.actor, requestId: r.requestId } },
  ]);
  const late = auditEntriesJson([{ event: { type: 'docflow.receipt_received', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, late: true } }, ctx: { actor: 'system' } }]);
  await tx.execute(sql`
    with ${r.writeFirst?.length ? sql`${sql.join(r.writeFirst, sql`, `)},` : sql``} rc as (
      insert into docflow_receipts (id, delivery_id, document_id, kind, canonical, cms, signer, automatic)
      values (${r.receiptId}, ${r.deliveryId}, ${r.doc.id}, ${r.kind}, ${r.bytes}, ${r.cms}, ${JSON.stringify(r.signer)}::jsonb, ${r.automatic})
    ), reg as (
      update docflow_registrations set status = 'registered', pending_card = null, nonce = null, registered_at = ${r.now.toISOString()}::timestamptz
      where ${updateRegistration ? true : false} and id = ${r.registrationId ?? null}::uuid
    ), al as (
      insert into docflow_alerts (mailbox_id, kind, document_id, payload)
      values (${r.doc.senderMailboxId}, 'receipt_received', ${r.doc.id}, ${JSON.stringify({ deliveryId: r.deliveryId, receiptId: r.receiptId, kind: r.kind })}::jsonb)
    ), ev as (
      insert into docflow_evidence (id, document_id, delivery_id, event, canonical, cms)
      values (${ev.id}, ${r.doc.id}, ${r.deliveryId}, 'ReceiptForwarded', ${ev.bytes}, ${ev.cms})
    ), dl as (
      update docflow_deliveries set status = ${status}, receipt_id = ${r.receiptId}, registration_id = ${r.registrationId ?? null}::uuid, pending_receipt = null, pending_kind = null,
        ${r.check ? sql`"check" = ${JSON.stringify(r.check.value)}::jsonb, checked_at = ${r.check.at.toISOString()}::timestamptz,` : sql``}
        id = id
      where id = ${r.deliveryId}
      returning alerted_at
    )
    select (select count(*) from audit_append(${entries}::jsonb || case when (select alerted_at from dl) is not null then ${late}::jsonb else '[]'::jsonb end)) as appended`);
}
