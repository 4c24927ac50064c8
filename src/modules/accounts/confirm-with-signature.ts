/**
 * EDS confirmation of the cabinet data (MB-11): a signed-in owner signs the canonical cabinet
 * document (their mailbox address and profile, with a nonce bound to their account); the
 * certificate must be theirs; the mailbox becomes *official* and may send and receive official
 * documents. Changing the profile later drops the mark until confirmed again.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { field, refuse } from './field-errors.ts';
import { certificateOwns } from './login-with-signature.ts';
import { consumeNonce, issueNonce, peekNonce } from './nonces.ts';
import { accounts, edsConfirmations } from './schema.ts';
import type { Account } from './sessions.ts';
import { signerRecord, verifyPersonSignature, type SignatureTrust } from './signature-check.ts';
import { buildDocument, canonicalJson, readSignedDocument, type SignedInput } from './signed-document.ts';
import { AppError } from '../../shared/errors.ts';
import { sessionsChanged } from './session-cache.ts';

export const CONFIRMATION_DOCUMENT_TYPE = 'jashik.cabinet-confirmation';

export function profileHash(profile: unknown): string {
  return createHash('sha256').update(canonicalJson(profile)).digest('hex');
}

async function ownMailbox(db: Db, account: Account) {
  if (!account.mailboxId) throw new AppError('FORBIDDEN', { detail: 'staff accounts have no mailbox' });
  const [mb] = await db.select().from(mailboxes).where(eq(mailboxes.id, account.mailboxId));
  return mb;
}

/** The document to sign: address, profile and its hash, a nonce bound to this account. */
export async function prepareConfirmation(deps: { db: Db }, account: Account): Promise<{ document: string; nonce: string; expiresAt: string }> {
  const mb = await ownMailbox(deps.db, account);
  const { nonce, expiresAt } = await issueNonce(deps.db, 'confirmation', account.id);
  const document = buildDocument(CONFIRMATION_DOCUMENT_TYPE, nonce, { address: mb.address, profile: account.profile, profileSha256: profileHash(account.profile) });
  return { document, nonce, expiresAt };
}

export async function confirmWithSignature(deps: { db: Db; trust: SignatureTrust }, account: Account, input: SignedInput, ctx: AuditContext): Promise<{ confirmationId: string; official: true }> {
  const receivedAt = new Date();
  const doc = readSignedDocument(input, CONFIRMATION_DOCUMENT_TYPE);
  const mb = await ownMailbox(deps.db, account);
  if (doc.value.address !== mb.address) throw refuse('VALIDATION_FAILED', [field('document.address', 'document_differs', 'other_mailbox')]);
  // The profile signed must be the current one: a stale page cannot confirm old data.
  if (doc.value.profileSha256 !== profileHash(account.profile) || canonicalJson(doc.value.profile) !== canonicalJson(account.profile)) {
    throw refuse('VALIDATION_FAILED', [field('document.profile', 'document_differs', 'profile_changed')]);
  }
  await peekNonce(deps.db, String(doc.value.nonce), 'confirmation', account.id);
  const signer = await verifyPersonSignature(deps.trust, { cms: doc.cms, content: doc.bytes, purpose: 'signing', receivedAt });
  if (!certificateOwns(account, signer)) {
    throw refuse('IDENTITY_MISMATCH', [field('signature', account.kind === 'organisation' ? 'bin_mismatch' : 'iin_mismatch', 'certificate_mismatch')]);
  }
  return deps.db.transaction(async (tx) => {
    await consumeNonce(tx, String(doc.value.nonce), 'confirmation', account.id);
    const [row] = await tx
      .insert(edsConfirmations)
      .values({ accountId: account.id, mailboxId: mb.id, canonical: doc.text, cms: doc.cms, signer: signerRecord(signer), profileSha256: profileHash(account.profile) })
      .returning({ id: edsConfirmations.id });
    await tx.update(mailboxes).set({ official: true }).where(eq(mailboxes.id, mb.id));
    await appendAudit(tx, { type: 'mailbox.confirmed', payload: { accountId: account.id, mailboxId: mb.id, confirmationId: row.id, signerCertificate: signer.serialNumber } }, ctx);
    return { confirmationId: row.id, official: true as const };
  });
}

/** Changing cabinet data (contact fields; the IIN/BIN and name stay as registered) drops the official mark. */
export async function updateProfile(deps: { db: Db }, account: Account, changes: Record<string, string | undefined>, ctx: AuditContext): Promise<{ official: boolean }> {
  const mb = await ownMailbox(deps.db, account);
  const editable = account.kind === 'organisation' ? ['legalAddress', 'actualAddress', 'workPhone', 'mobilePhone'] : ['residentialAddress', 'homePhone', 'mobilePhone'];
  const profile = { ...(account.profile as Record<string, unknown>) };
  for (const [k, v] of Object.entries(changes)) {
    if (!editable.includes(k)) throw refuse('VALIDATION_FAILED', [field(k, 'not_editable')]);
    if (v === undefined || v === '') delete profile[k];
    else profile[k] = v.trim();
  }
  const changed = canonicalJson(profile) !== canonicalJson(account.profile);
  if (!changed) return { official: mb.official };
  return deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ profile, profileChangedAt: new Date() }).where(eq(accounts.id, account.id));
    sessionsChanged(account.id);
    await tx.update(mailboxes).set({ official: false }).where(eq(mailboxes.id, mb.id));
    await appendAudit(tx, { type: 'account.profile_updated', payload: { accountId: account.id, mailboxId: mb.id, officialDropped: mb.official } }, ctx);
    return { official: false };
  });
}
