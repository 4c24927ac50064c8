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
import { executeNamed } from '../../storage/db/execute-named.ts';
import { auditEntriesJsonValue } from '../audit/append-audit.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-events.ts';
import type { MailboxRow } from './access.ts';
import { signDocflowEvidenceMany } from './evidence.ts';
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

export type StoredReceipt = {
  receiptId: string; deliveryId: string; doc: DocumentRow; kind: 'accepted' | 'not_accepted'; bytes: Buffer; cms: Buffer; signer: SignerRecord; automatic: boolean;
  registrationId?: string; registrationFinal?: boolean; check?: { value: unknown; at: Date }; auditFirst?: { event: AuditEvent; ctx?: AuditContext }[]; actor: string; requestId?: string; senderAddress: string; recipientAddress: string;
  /** `false` when the caller holds the delivery locked and knows no missing-receipt alert was sent: the late entry is then not built. */
  alerted?: boolean;
};

/**
 * Stores a receipt in one statement (a CTE): the caller's writes (`writeFirst`: data-modifying
 * CTEs such as a new journal entry and the key links), the receipt, the registration made
 * final, the delivery closed (with the check, when the automatic path decides in the same
 * transaction), the sender's cabinet alert, the operator evidence and the audit rows. The
 * operator evidence about all the receipts of one call carries one operator signature (X-3,
 * batch evidence).
 */
export async function storeReceipt(tx: Tx, deps: { evidence: EvidenceSigner; operator: string }, r: StoredReceipt & { writeFirst?: SQL[]; now: Date }): Promise<void> {
  await storeReceipts(tx, deps, [r], { writeFirst: r.writeFirst, now: r.now });
}

/**
 * Stores several receipts in the one statement `storeReceipt` describes, set-based: the rows go
 * in as one JSON array (`jsonb_to_recordset`), so the statement and its round trip are paid once
 * for a batch of deliveries (the automatic path's job takes several at once). The audit entries
 * are chained in the order of `receipts`: each receipt's own (the caller's first, then
 * `receipt_issued`, then — DF-11, a receipt after the missing-receipt alert — `receipt_received`
 * marked late, chosen in SQL from the delivery's `alerted_at`).
 */
export async function storeReceipts(tx: Tx, deps: { evidence: EvidenceSigner; operator: string }, receipts: StoredReceipt[], opts: { writeFirst?: SQL[]; now: Date }): Promise<void> {
  if (!receipts.length) return;
  // X-3: the operator's evidence about every receipt of the call under ONE operator signature
  // (a manifest of the evidence documents' digests); each row keeps its own document.
  const evidence = await signDocflowEvidenceMany(deps, receipts.map((r) => (
    { documentId: r.doc.id, deliveryId: r.deliveryId, event: 'ReceiptForwarded', at: opts.now, rcc: r.bytes, files: [], sender: r.recipientAddress, recipient: r.senderAddress })));
  // The bytes (documents and CMS) travel as ONE binary parameter, not inside the rows' JSON: each
  // row names its pieces by 1-based offset and length in it. The evidence CMS the batch shares
  // travels once.
  const blobs: Buffer[] = [];
  let blobsLength = 0;
  const blob = (b: Buffer): [number, number] => {
    blobs.push(b);
    blobsLength += b.length;
    return [blobsLength - b.length + 1, b.length];
  };
  let lastCms: Buffer | undefined;
  let lastCmsAt: [number, number] = [0, 0];
  const items = [];
  for (const [i, r] of receipts.entries()) {
    const ev = evidence[i];
    if (!lastCms || !lastCms.equals(ev.cms)) lastCmsAt = blob((lastCms = ev.cms));
    const [canonicalAt, canonicalLength] = blob(r.bytes);
    const [cmsAt, cmsLength] = blob(r.cms);
    const [evCanonicalAt, evCanonicalLength] = blob(ev.bytes);
    const audit = auditEntriesJsonValue([
      ...(r.auditFirst ?? []),
      { event: { type: 'docflow.receipt_issued', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, kind: r.kind, automatic: r.automatic } }, ctx: { actor: r.actor, requestId: r.requestId } },
    ]);
    const late = r.alerted === false ? [] : auditEntriesJsonValue([{ event: { type: 'docflow.receipt_received', payload: { documentId: r.doc.id, deliveryId: r.deliveryId, receiptId: r.receiptId, late: true } }, ctx: { actor: 'system' } }]);
    items.push({
      i, receipt_id: r.receiptId, delivery_id: r.deliveryId, document_id: r.doc.id, sender_mailbox_id: r.doc.senderMailboxId, kind: r.kind, status: r.kind === 'accepted' ? 'accepted' : 'rejected',
      canonical_at: canonicalAt, canonical_len: canonicalLength, cms_at: cmsAt, cms_len: cmsLength, signer: r.signer, automatic: r.automatic,
      registration_id: r.registrationId ?? null, update_registration: Boolean(r.registrationId && !r.registrationFinal),
      has_check: r.check !== undefined, check_value: r.check?.value ?? null, checked_at: r.check?.at.toISOString() ?? null,
      ev_id: ev.id, ev_canonical_at: evCanonicalAt, ev_canonical_len: evCanonicalLength, ev_cms_at: lastCmsAt[0], ev_cms_len: lastCmsAt[1], audit, late,
    });
  }
  const writeFirst = opts.writeFirst ?? [];
  // One statement: every CTE sees the same snapshot, and the audit rows come last, so the audit
  // log's lock is taken by this statement and held only to the commit. Named: its text (a few
  // kilobytes) takes one of a few shapes, parsed once per connection (see execute-named.ts).
  await executeNamed(tx, sql`
    with ${writeFirst.length ? sql`${sql.join(writeFirst, sql`, `)},` : sql``} x as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x (
        i int, receipt_id uuid, delivery_id uuid, document_id uuid, sender_mailbox_id uuid, kind text, status text, canonical_at int, canonical_len int, cms_at int, cms_len int,
        signer jsonb, automatic boolean, registration_id uuid, update_registration boolean, has_check boolean, check_value jsonb, checked_at timestamptz,
        ev_id uuid, ev_canonical_at int, ev_canonical_len int, ev_cms_at int, ev_cms_len int, audit jsonb, late jsonb)
    ), b as materialized (
      select ${Buffer.concat(blobs, blobsLength)}::bytea as a
    ), rc as (
      insert into docflow_receipts (id, delivery_id, document_id, kind, canonical, cms, signer, automatic)
      select receipt_id, delivery_id, document_id, kind, substring(b.a from canonical_at for canonical_len), substring(b.a from cms_at for cms_len), signer, automatic
      from x cross join b order by i
    ), reg as (
      update docflow_registrations r set status = 'registered', pending_card = null, nonce = null, registered_at = ${opts.now.toISOString()}::timestamptz
      from x where x.update_registration and r.id = x.registration_id
    ), al as (
      insert into docflow_alerts (mailbox_id, kind, document_id, payload)
      select sender_mailbox_id, 'receipt_received', document_id, jsonb_build_object('deliveryId', delivery_id, 'receiptId', receipt_id, 'kind', kind) from x order by i
    ), ev as (
      insert into docflow_evidence (id, document_id, delivery_id, event, canonical, cms)
      select ev_id, document_id, delivery_id, 'ReceiptForwarded', substring(b.a from ev_canonical_at for ev_canonical_len), substring(b.a from ev_cms_at for ev_cms_len)
      from x cross join b order by i
    ), dl as (
      update docflow_deliveries d set status = x.status, receipt_id = x.receipt_id, registration_id = x.registration_id, pending_receipt = null, pending_kind = null,
        "check" = case when x.has_check then x.check_value else d."check" end, checked_at = case when x.has_check then x.checked_at else d.checked_at end
      -- The ids as an array as well: an index scan of the deliveries whatever the planner
      -- guesses of x's size (a seq scan of all deliveries, with few of them, cost a millisecond).
      from x where d.id = x.delivery_id and d.id = any(array(select delivery_id from x))
      returning d.id, d.alerted_at
    )
    select (select count(*) from audit_append((
      select coalesce(jsonb_agg(a.e order by x.i, a.k), '[]'::jsonb)
      from x join dl on dl.id = x.delivery_id
      cross join lateral jsonb_array_elements(x.audit || case when dl.alerted_at is not null then x.late else '[]'::jsonb end) with ordinality as a (e, k)
    ))) as appended`);
}
