/**
 * The recipient's records officer decides on a checked incoming document with their own EDS
 * (DF-7, DF-9, DF-10):
 * - prepareIncomingDecision: reserves the incoming number (for "accepted") and builds the
 *   receipt — with a fresh nonce — for the officer to sign;
 * - acceptIncomingDocument: only after a positive check; registers the document in the incoming
 *   journal and issues the receipt with the DF-10 fields;
 * - rejectIncomingDocument: a "not accepted" receipt with the coded reasons (the check's, and
 *   the officer's own when a positive check is refused on other grounds).
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { loadMailbox, requireRoles } from './access.ts';
import type { CheckResult } from './check-incoming.ts';
import { DEFAULT_INCOMING_INDEX } from './decide-automatically.ts';
import { field, refuse } from './field-texts.ts';
import { reserveIncoming } from './incoming-registration.ts';
import { linkSigners } from './keys.ts';
import { loadDocument } from './load-document.ts';
import { verifyOfficerSignature } from './officer-signature.ts';
import { reason } from './reasons.ts';
import { buildReceipt, receiptBasics, storeReceipt, type ReceiptDocument, type ResponsibleExecutor } from './receipts.ts';
import { docflowDeliveries } from './schema.ts';
import type { DocflowActor, DocflowTrust, EvidenceSigner, MembershipPolicy } from './types.ts';

type Deps = { database: Database; membership: MembershipPolicy; trust: DocflowTrust; evidence: EvidenceSigner; operator: string; now: () => Date };

async function loadDelivery(deps: Deps, actor: DocflowActor | undefined, deliveryId: string, operation: string) {
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) throw new AppError('NOT_FOUND', { detail: `delivery ${deliveryId}` });
  const [d] = await deps.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, deliveryId));
  if (!d) throw new AppError('NOT_FOUND', { detail: `delivery ${deliveryId}` });
  const { actor: who } = await requireRoles(deps, actor, d.recipientMailboxId, ['records_officer'], operation);
  return { d, who };
}

export async function prepareIncomingDecision(
  deps: Deps,
  actor: DocflowActor | undefined,
  deliveryId: string,
  input: { decision: 'accept' | 'reject'; nomenclatureIndex?: string; responsibleExecutor?: ResponsibleExecutor; comment?: string },
): Promise<{ receipt: string; registration: { number: string; date: string } | null }> {
  const { d, who } = await loadDelivery(deps, actor, deliveryId, 'prepareIncomingDecision');
  const accept = input.decision === 'accept';
  if (accept && d.status !== 'awaiting_acceptance') throw new AppError('DOCFLOW_WRONG_STATE', { detail: `delivery is ${d.status}: only a positive check can be accepted` });
  if (!accept && d.status !== 'awaiting_acceptance' && d.status !== 'awaiting_rejection') throw new AppError('DOCFLOW_WRONG_STATE', { detail: `delivery is ${d.status}` });
  const check = d.check as CheckResult;
  const reasons = accept ? [] : check.reasons.length ? check.reasons : [reason('OFFICER_DECISION', input.comment?.slice(0, 1000))];
  if (!accept && check.reasons.length && input.comment) reasons.push(reason('OFFICER_DECISION', input.comment.slice(0, 1000)));
  return deps.database.db.transaction(async (tx) => {
    const { doc } = await loadDocument(tx, d.documentId);
    const recipient = (await loadMailbox(tx, d.recipientMailboxId))!;
    const now = deps.now();
    const registration = accept
      ? await reserveIncoming(tx, { documentId: doc.id, mailboxId: d.recipientMailboxId, nomenclatureIndex: input.nomenclatureIndex ?? DEFAULT_INCOMING_INDEX, now, by: who.accountId, executor: input.responsibleExecutor ?? null, controlMark: false })
      : undefined;
    const bytes = buildReceipt({
      ...receiptBasics(doc, d.id, recipient, d.receivedAt), issuedAt: now, nonce: randomBytes(24).toString('base64url'), kind: accept ? 'accepted' : 'not_accepted',
      registration: registration ? { number: registration.number, date: registration.date } : null,
      signedBy: 'records_officer', responsibleExecutor: input.responsibleExecutor ?? null, reasons,
    });
    await tx.update(docflowDeliveries).set({ pendingReceipt: bytes, pendingKind: accept ? 'accepted' : 'not_accepted', registrationId: registration?.id ?? null }).where(eq(docflowDeliveries.id, d.id));
    return { receipt: bytes.toString('utf8'), registration: registration ? { number: registration.number, date: registration.date } : null };
  });
}

async function decide(deps: Deps, actor: DocflowActor | undefined, deliveryId: string, kind: 'accepted' | 'not_accepted', signature: Buffer) {
  const { d, who } = await loadDelivery(deps, actor, deliveryId, kind === 'accepted' ? 'acceptIncomingDocument' : 'rejectIncomingDocument');
  if (!d.pendingReceipt || d.pendingKind !== kind || !['awaiting_acceptance', 'awaiting_rejection'].includes(d.status)) {
    throw new AppError('DOCFLOW_WRONG_STATE', { detail: `delivery ${d.status}, prepared ${d.pendingKind ?? 'nothing'}`, fields: [field('signature', 'card_differs', 'not_prepared')] });
  }
  if (kind === 'accepted' && d.status !== 'awaiting_acceptance') throw new AppError('DOCFLOW_WRONG_STATE', { detail: 'negative check' });
  const recipient = (await loadMailbox(deps.database.db, d.recipientMailboxId))!;
  const bytes = d.pendingReceipt;
  const { record, report } = await verifyOfficerSignature(deps, { cms: signature, content: bytes, actor: who, mailboxId: d.recipientMailboxId, bin: recipient.bin, iin: recipient.kind === 'personal' ? recipient.iin : null, role: 'records_officer' });
  const receipt = JSON.parse(bytes.toString('utf8')) as ReceiptDocument;
  return deps.database.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, d.id)).for('update');
    if (!locked.pendingReceipt || Buffer.compare(locked.pendingReceipt, bytes) !== 0) throw refuse('NONCE_INVALID', [field('signature', 'card_differs', 'receipt_changed')]);
    const { doc } = await loadDocument(tx, d.documentId);
    const sender = await loadMailbox(tx, doc.senderMailboxId);
    await linkSigners(tx, doc.id, signature, [report], 'receipt');
    await storeReceipt(tx, deps, {
      receiptId: receipt.receiptId, deliveryId: d.id, doc, kind, bytes, cms: signature, signer: record, automatic: false,
      registrationId: kind === 'accepted' ? (locked.registrationId ?? undefined) : undefined,
      actor: who.actor, requestId: who.requestId, now: deps.now(), senderAddress: sender?.address ?? '', recipientAddress: recipient.address,
    });
    return { receiptId: receipt.receiptId, registration: receipt.registration };
  });
}

export function acceptIncomingDocument(deps: Deps, actor: DocflowActor | undefined, deliveryId: string, input: { signature: Buffer }) {
  return decide(deps, actor, deliveryId, 'accepted', input.signature);
}

export function rejectIncomingDocument(deps: Deps, actor: DocflowActor | undefined, deliveryId: string, input: { signature: Buffer }) {
  return decide(deps, actor, deliveryId, 'not_accepted', input.signature);
}
