/**
 * The automatic path: an organisation that configured an information-system key (an NCA
 * certificate of its BIN) has its incoming documents registered, or refused, without a person;
 * the receipt is signed with that key and says so (`signedBy: information_system`).
 */
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../storage/db/database.ts';
import type { AuditContext, AuditEvent } from '../audit/audit-events.ts';
import { signCms, type CmsSigner } from '../pki/cms-sign.ts';
import { summarizeCertificate } from '../pki/certificate.ts';
import type { MailboxRow } from './access.ts';
import { reserveIncoming, type IncomingEntry } from './incoming-registration.ts';
import { keyRecordCtes, type KeyLink, type SignerRecord } from './keys.ts';
import type { DocumentRow } from './load-document.ts';
import type { Reason } from './reasons.ts';
import { buildReceipt, receiptBasics, storeReceipt } from './receipts.ts';
import type { EvidenceSigner } from './types.ts';
import type { ValidationItem } from './verify-recording.ts';

export const DEFAULT_INCOMING_INDEX = '01-02';

export async function decideAutomatically(
  tx: Tx,
  deps: { evidence: EvidenceSigner; operator: string; now: () => Date },
  d: {
    deliveryId: string; doc: DocumentRow; sender: MailboxRow | undefined; recipient: MailboxRow; key: CmsSigner; outcome: 'positive' | 'negative'; reasons: Reason[]; receivedAt: Date;
    /** Certificates of the verified signatures still to be linked (linked here with the receipt's, in one statement). */
    links?: KeyLink[];
    /** Validation data of those verifications (DF-14), kept in the same statement. */
    validation?: ValidationItem[];
    /** The check to record on the delivery in the same statement that closes it. */
    check?: unknown;
    /** Audit entries of the caller, appended with the receipt's in one statement (the audit log is locked from the first row to the commit). */
    auditFirst?: { event: AuditEvent; ctx?: AuditContext }[];
  },
): Promise<void> {
  const now = deps.now();
  const basics = receiptBasics(d.doc, d.deliveryId, d.recipient, d.receivedAt);
  let registration: IncomingEntry | undefined;
  if (d.outcome === 'positive') {
    registration = await reserveIncoming(tx, { documentId: d.doc.id, mailboxId: d.recipient.id, nomenclatureIndex: DEFAULT_INCOMING_INDEX, now, by: 'system', executor: null, controlMark: false, status: 'registered', deferInsert: true });
  }
  const bytes = buildReceipt({
    ...basics, issuedAt: now, nonce: randomBytes(24).toString('base64url'), kind: d.outcome === 'positive' ? 'accepted' : 'not_accepted',
    registration: registration ? { number: registration.number, date: registration.date } : null,
    signedBy: 'information_system', responsibleExecutor: null, reasons: d.reasons,
  });
  const cms = signCms(bytes, [d.key]);
  const s = summarizeCertificate(d.key.certificate);
  const signer: SignerRecord = {
    subject: s.subject, serialNumber: s.serialNumber, fingerprint: s.fingerprintSha256, iin: s.identity.iin ?? null, bin: s.identity.bin ?? null,
    roles: s.identity.roles, name: s.identity.commonName ?? null, notBefore: s.notBefore, notAfter: s.notAfter, trustedTime: now.toISOString(), signingTime: now.toISOString(),
  };
  await storeReceipt(tx, deps, {
    receiptId: basics.receiptId, deliveryId: d.deliveryId, doc: d.doc, kind: d.outcome === 'positive' ? 'accepted' : 'not_accepted', bytes, cms, signer, automatic: true,
    registrationId: registration?.id, registrationFinal: registration?.status === 'registered',
    // The new journal entry, the key links and the validation data go into the receipt's statement.
    writeFirst: [...(registration?.insert ? [registration.insert] : []), ...keyRecordCtes(d.doc.id, [...(d.links ?? []), { cert: d.key.certificate, usage: 'receipt' }], d.validation)], auditFirst: d.auditFirst, check: d.check === undefined ? undefined : { value: d.check, at: now },
    actor: 'system', now, senderAddress: d.sender?.address ?? '', recipientAddress: d.recipient.address,
  });
}
