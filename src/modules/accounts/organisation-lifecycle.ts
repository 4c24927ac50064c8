/**
 * An organisation's life (issue 4, item 10): when its head changes, a certificate with the
 * first-head role for the same BIN takes the account over at EDS sign-in (the new head's IIN is
 * recorded, audited); when the state registry reports the BIN liquidated, the mailbox is frozen
 * (account `frozen`, out of the directory, audited) — the owner can still sign in and export.
 */
import { eq } from 'drizzle-orm';
import { isAppError } from '../../shared/errors.ts';
import type { Db, Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { accounts, directoryEntries } from './schema.ts';
import type { Account } from './sessions.ts';
import type { VerifiedSigner } from './signature-check.ts';
import { sessionsChanged } from './session-cache.ts';

export async function takeOverIfNewHead(tx: Tx, account: Account, signer: VerifiedSigner, ctx: AuditContext): Promise<boolean> {
  const id = signer.identity;
  if (account.kind !== 'organisation' || !account.mailboxId || !id.roles.includes('first_head') || id.bin !== account.bin || !id.iin || id.iin === account.iin) return false;
  await tx.update(accounts).set({ iin: id.iin }).where(eq(accounts.id, account.id));
  sessionsChanged(account.id);
  await tx.update(mailboxes).set({ iin: id.iin }).where(eq(mailboxes.id, account.mailboxId));
  await appendAudit(tx, { type: 'organisation.head_changed', payload: { accountId: account.id, mailboxId: account.mailboxId, bin: account.bin ?? '', signerCertificate: signer.serialNumber } }, ctx);
  return true;
}

/** Asks the registry about the organisation; freezes the mailbox when it is liquidated. An unavailable registry changes nothing. */
export async function checkOrganisationStatus(deps: { db: Db; registry: StateRegistry }, account: Account, ctx: AuditContext): Promise<'active' | 'frozen' | 'unknown'> {
  if (account.kind !== 'organisation' || !account.bin || !account.mailboxId) return 'unknown';
  let org;
  try {
    org = await deps.registry.findOrganisation(account.bin);
  } catch (err) {
    if (isAppError(err) && err.code === 'REGISTRY_UNAVAILABLE') return 'unknown';
    throw err;
  }
  if (org?.status !== 'liquidated') return 'active';
  if (account.status === 'frozen') return 'frozen';
  const mailboxId = account.mailboxId;
  await deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ status: 'frozen' }).where(eq(accounts.id, account.id));
    sessionsChanged(account.id);
    await tx.update(directoryEntries).set({ active: false }).where(eq(directoryEntries.mailboxId, mailboxId));
    await appendAudit(tx, { type: 'mailbox.frozen', payload: { accountId: account.id, mailboxId, bin: account.bin ?? '', reason: 'liquidated' } }, ctx);
  });
  return 'frozen';
}
