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
import { registerIncomingMany } from './incoming-registration.ts';
import { keyRecordCtesMany, type KeyLink, type SignerRecord } from './keys.ts';
import type { DocumentRow } from './load-document.ts';
import type { Reason } from './reasons.ts';
import { buildReceipt, receiptBasics, storeReceipts, type StoredReceipt } from './receipts.ts';
import type { EvidenceSigner } from './types.ts';
import type { ValidationItem } from './verify-recording.ts';

export const DEFAULT_INCOMING_INDEX = '01-02';
const NONCE_BYTES = 24;

export type AutomaticDecision = {
  deliveryId: string; doc: DocumentRow; sender: MailboxRow | undefined; recipient: MailboxRow; key: CmsSigner; outcome: 'positive' | 'negative'; reasons: Reason[]; receivedAt: Date;
  /** Certificates of the verified signatures still to be linked (linked here with the receipt's, in one statement). */
  links?: KeyLink[];
  /** Validation data of those verifications (DF-14), kept in the same statement. */
  validation?: ValidationItem[];
  /** The check to record on the delivery in the same statement that closes it. */
  check?: unknown;
  /** Audit entries of the caller, appended with the receipt's in one statement (the audit log is locked from the first row to the commit). */
  auditFirst?: { event: AuditEvent; ctx?: AuditContext }[];
  /** Whether the sender was alerted of a missing receipt (DF-11), when the caller holds the delivery locked. */
  alerted?: boolean;
};

// The receipt signer's record, by certificate: an organisation's information-system key signs receipt after receipt.
const signerSummaries = new WeakMap<object, ReturnType<typeof summarizeCertificate>>();
function summaryOf(key: CmsSigner) {
  let s = signerSummaries.get(key.certificate);
  if (!s) signerSummaries.set(key.certificate, (s = summarizeCertificate(key.certificate)));
  return s;
}

/**
 * Decides several deliveries at once (the check job's batch) in two statements however many
 * there are: the incoming numbers of the accepted ones, then the journal entries, receipts,
 * key links, validation data, evidence and audit rows. Each receipt is built and signed for its
 * own delivery.
 */
export async function decideAutomaticallyMany(tx: Tx, deps: { evidence: EvidenceSigner; operator: string; now: () => Date }, decisions: AutomaticDecision[]): Promise<void> {
  if (!decisions.length) return;
  const now = deps.now();
  const accepted = decisions.filter((d) => d.outcome === 'positive');
  const journal = await registerIncomingMany(tx, accepted.map((d) => ({ documentId: d.doc.id, mailboxId: d.recipient.id, now })), { nomenclatureIndex: DEFAULT_INCOMING_INDEX, by: 'system' });
  const registrations = new Map(accepted.map((d, i) => [d, journal.entries[i]]));
  const receipts: StoredReceipt[] = [];
  const keyEntries: Parameters<typeof keyRecordCtesMany>[0] = [];
  // Every receipt's 24-byte nonce from one draw of randomness for the batch.
  const nonces = randomBytes(NONCE_BYTES * decisions.length);
  for (const [i, d] of decisions.entries()) {
    const registration = registrations.get(d);
    const basics = receiptBasics(d.doc, d.deliveryId, d.recipient, d.receivedAt);
    const bytes = buildReceipt({
      ...basics, issuedAt: now, nonce: nonces.toString('base64url', i * NONCE_BYTES, (i + 1) * NONCE_BYTES), kind: d.outcome === 'positive' ? 'accepted' : 'not_accepted',
      registration: registration ? { number: registration.number, date: registration.date } : null,
      signedBy: 'information_system', responsibleExecutor: null, reasons: d.reasons,
    });
    const cms = signCms(bytes, [d.key]);
    const s = summaryOf(d.key);
    const signer: SignerRecord = {
      subject: s.subject, serialNumber: s.serialNumber, fingerprint: s.fingerprintSha256, iin: s.identity.iin ?? null, bin: s.identity.bin ?? null,
      roles: s.identity.roles, name: s.identity.commonName ?? null, notBefore: s.notBefore, notAfter: s.notAfter, trustedTime: now.toISOString(), signingTime: now.toISOString(),
    };
    keyEntries.push({ documentId: d.doc.id, links: [...(d.links ?? []), { cert: d.key.certificate, usage: 'receipt' }], validation: d.validation });
    receipts.push({
      receiptId: basics.receiptId, deliveryId: d.deliveryId, doc: d.doc, kind: d.outcome === 'positive' ? 'accepted' : 'not_accepted', bytes, cms, signer, automatic: true,
      registrationId: registration?.id, registrationFinal: registration?.status === 'registered',
      auditFirst: d.auditFirst, check: d.check === undefined ? undefined : { value: d.check, at: now },
      actor: 'system', senderAddress: d.sender?.address ?? '', recipientAddress: d.recipient.address, alerted: d.alerted,
    });
  }
  // The new journal entries, the key links and the validation data go into the receipts' statement.
  await storeReceipts(tx, deps, receipts, { writeFirst: [...(journal.insert ? [journal.insert] : []), ...keyRecordCtesMany(keyEntries)], now });
}
