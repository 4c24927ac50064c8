/**
 * registerDocument (DF-12, DF-19), step 2: the records officer's signature over the prepared
 * RCC. It must be over exactly those bytes (nonce included, single use), verify, be the acting
 * officer's own, carry the organisation's BIN, and the signer must be a records officer there.
 * Then the outgoing journal entry is final and the document is registered. Outgoing only.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { loadMailbox, requireRoles } from './access.ts';
import { field, refuse } from './field-texts.ts';
import { linkSigners, type SignerRecord } from './keys.ts';
import { loadDocument } from './load-document.ts';
import { verifyOfficerSignature } from './officer-signature.ts';
import { docflowDocuments, docflowRegistrations } from './schema.ts';
import type { DocflowActor, DocflowTrust, MembershipPolicy } from './types.ts';

export const CARD_TTL_MS = 60 * 60_000;

export async function registerDocument(
  deps: { database: Database; membership: MembershipPolicy; trust: DocflowTrust; now: () => Date },
  actor: DocflowActor | undefined,
  documentId: string,
  input: { signature: Buffer },
): Promise<{ registrationId: string; number: string; date: string; signer: SignerRecord }> {
  const db = deps.database.db;
  const { doc } = await loadDocument(db, documentId);
  const { actor: who } = await requireRoles(deps, actor, doc.senderMailboxId, ['records_officer'], 'registerDocument');
  const [reg] = await db.select().from(docflowRegistrations).where(and(eq(docflowRegistrations.documentId, documentId), eq(docflowRegistrations.mailboxId, doc.senderMailboxId), eq(docflowRegistrations.journal, 'outgoing')));
  if (doc.status !== 'signed' || !reg || reg.status !== 'reserved' || !reg.pendingCard) throw new AppError('DOCFLOW_WRONG_STATE', { detail: `document ${doc.status}, registration ${reg?.status ?? 'not prepared'}` });
  const card = reg.pendingCard;
  const issuedAt = Date.parse((JSON.parse(card.toString('utf8')) as { issuedAt: string }).issuedAt);
  if (deps.now().getTime() - issuedAt > CARD_TTL_MS) throw refuse('NONCE_INVALID', [field('signature', 'card_differs', 'card_expired')]);
  const sender = await loadMailbox(db, doc.senderMailboxId);
  const { record, report } = await verifyOfficerSignature(deps, { cms: input.signature, content: card, actor: who, mailboxId: doc.senderMailboxId, bin: sender?.bin ?? null, role: 'records_officer' });
  return db.transaction(async (tx) => {
    // Single use: the card's nonce is consumed by the row update that only a reserved entry with this very card passes.
    const done = await tx.update(docflowRegistrations)
      .set({ status: 'registered', pendingCard: null, nonce: null, registeredAt: deps.now(), registeredBy: who.accountId })
      .where(and(eq(docflowRegistrations.id, reg.id), eq(docflowRegistrations.status, 'reserved'), eq(docflowRegistrations.nonce, reg.nonce!)))
      .returning({ id: docflowRegistrations.id });
    if (done.length === 0) throw refuse('NONCE_INVALID', [field('signature', 'card_differs', 'card_used')]);
    await tx.update(docflowDocuments).set({ status: 'registered', rccCanonical: card, rccCms: input.signature, rccSigner: record }).where(eq(docflowDocuments.id, documentId));
    await linkSigners(tx, documentId, input.signature, [report], 'rcc');
    await appendAudit(tx, { type: 'docflow.registered', payload: { documentId, mailboxId: doc.senderMailboxId, journal: 'outgoing', number: reg.number, registrationId: reg.id } }, { actor: who.actor, requestId: who.requestId });
    return { registrationId: reg.id, number: reg.number, date: reg.registrationDate, signer: record };
  });
}
