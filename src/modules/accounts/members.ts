/**
 * Organisation members (issue 4, item 8): the head of an organisation, or a person with the
 * right to sign (by certificate role), grants people — by IIN — access to the organisation's
 * mailbox with a role (`head`, `signatory`, `records_officer`, `executor`, `reader`), and
 * revokes it. Each grant and revocation is a canonical document signed with EDS by such a
 * person (certificate carrying the organisation's BIN), kept with the grant, and audited.
 * A member acts with their own personal account (or EDS); other modules ask `memberRoles`.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { Db, Tx } from '../../storage/db/database.ts';
import { validateIin } from '../../domain/iin-bin.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { field, refuse } from './field-errors.ts';
import { certificateOwns } from './login-with-signature.ts';
import { consumeNonce, issueNonce, peekNonce } from './nonces.ts';
import { orgMembers } from './schema.ts';
import type { Account } from './sessions.ts';
import { verifyPersonSignature, type SignatureTrust } from './signature-check.ts';
import { buildDocument, readSignedDocument, type SignedInput } from './signed-document.ts';

export const MEMBER_ROLES = ['head', 'signatory', 'records_officer', 'executor', 'reader'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const GRANT_TYPE = 'jashik.member-grant';
export const REVOKE_TYPE = 'jashik.member-revoke';

function orgMailbox(account: Account): string {
  if (account.kind !== 'organisation' || !account.mailboxId) throw new AppError('FORBIDDEN', { detail: 'only an organisation account manages members' });
  return account.mailboxId;
}

/** The roles a person (IIN) holds in an organisation's mailbox (empty when none). */
export async function memberRoles(tx: Tx, iin: string, mailboxId: string): Promise<MemberRole[]> {
  const rows = await tx.select({ role: orgMembers.role }).from(orgMembers).where(and(eq(orgMembers.iin, iin), eq(orgMembers.mailboxId, mailboxId), isNull(orgMembers.revokedAt)));
  return rows.map((r) => r.role);
}

/** The organisation mailboxes a person may act in, with roles. */
export async function memberships(tx: Tx, iin: string): Promise<{ mailboxId: string; address: string; roles: MemberRole[] }[]> {
  const rows = await tx
    .select({ mailboxId: orgMembers.mailboxId, address: mailboxes.address, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(mailboxes, eq(mailboxes.id, orgMembers.mailboxId))
    .where(and(eq(orgMembers.iin, iin), isNull(orgMembers.revokedAt), eq(mailboxes.status, 'active')));
  const by = new Map<string, { mailboxId: string; address: string; roles: MemberRole[] }>();
  for (const r of rows) {
    const e = by.get(r.mailboxId) ?? { mailboxId: r.mailboxId, address: r.address, roles: [] };
    e.roles.push(r.role);
    by.set(r.mailboxId, e);
  }
  return [...by.values()];
}

export async function listMembers(deps: { db: Db }, account: Account) {
  const mailboxId = orgMailbox(account);
  return deps.db.select({ id: orgMembers.id, iin: orgMembers.iin, role: orgMembers.role, grantedAt: orgMembers.grantedAt }).from(orgMembers).where(and(eq(orgMembers.mailboxId, mailboxId), isNull(orgMembers.revokedAt)));
}

export async function prepareMemberChange(deps: { db: Db }, account: Account, input: { action: 'grant' | 'revoke'; iin?: string; role?: string; memberId?: string }) {
  const mailboxId = orgMailbox(account);
  const [mb] = await deps.db.select({ address: mailboxes.address, bin: mailboxes.bin }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
  let body: Record<string, unknown>;
  if (input.action === 'grant') {
    const r = validateIin(input.iin ?? '');
    if (!r.ok) throw refuse('VALIDATION_FAILED', [fieldError('iin', r.rule, r.message)]);
    if (!(MEMBER_ROLES as readonly string[]).includes(input.role ?? '')) throw refuse('VALIDATION_FAILED', [field('role', 'required', 'invalid')]);
    body = { mailbox: mb.address, bin: mb.bin, iin: input.iin, role: input.role };
  } else {
    if (!input.memberId || !UUID_RE.test(input.memberId)) throw refuse('VALIDATION_FAILED', [field('memberId', 'required')]);
    body = { mailbox: mb.address, bin: mb.bin, memberId: input.memberId };
  }
  const { nonce, expiresAt } = await issueNonce(deps.db, 'member', account.id);
  return { document: buildDocument(input.action === 'grant' ? GRANT_TYPE : REVOKE_TYPE, nonce, body), nonce, expiresAt };
}

async function verifiedHeadSignature(deps: { db: Db; trust: SignatureTrust }, account: Account, input: SignedInput, type: string) {
  const mailboxId = orgMailbox(account);
  const doc = readSignedDocument(input, type);
  const [mb] = await deps.db.select({ address: mailboxes.address }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (doc.value.mailbox !== mb.address) throw refuse('VALIDATION_FAILED', [field('document.mailbox', 'document_differs', 'other_mailbox')]);
  await peekNonce(deps.db, String(doc.value.nonce), 'member', account.id);
  const signer = await verifyPersonSignature(deps.trust, { cms: doc.cms, content: doc.bytes, purpose: 'signing' });
  if (!certificateOwns(account, signer)) throw refuse('IDENTITY_MISMATCH', [field('signature', 'not_head', 'not_head')]);
  return { doc, mailboxId };
}

export async function grantMember(deps: { db: Db; trust: SignatureTrust }, account: Account, input: SignedInput, ctx: AuditContext): Promise<{ memberId: string }> {
  const { doc, mailboxId } = await verifiedHeadSignature(deps, account, input, GRANT_TYPE);
  const iin = String(doc.value.iin);
  const role = String(doc.value.role) as MemberRole;
  const v = validateIin(iin);
  if (!v.ok || !(MEMBER_ROLES as readonly string[]).includes(role)) throw refuse('VALIDATION_FAILED', [field('document', 'document_type', 'invalid_grant')]);
  return deps.db.transaction(async (tx) => {
    await consumeNonce(tx, String(doc.value.nonce), 'member', account.id);
    const [row] = await tx
      .insert(orgMembers)
      .values({ mailboxId, iin, role, grantedBy: account.id, grantCanonical: doc.text, grantCms: doc.cms })
      .onConflictDoNothing()
      .returning({ id: orgMembers.id });
    if (!row) throw new AppError('CONFLICT', { fields: [fieldError('iin', 'exists', { kk: 'Бұл рөл бұрыннан берілген', ru: 'Эта роль уже предоставлена', en: 'This role is already granted' })] });
    await appendAudit(tx, { type: 'member.granted', payload: { mailboxId, memberId: row.id, role } }, ctx);
    return { memberId: row.id };
  });
}

export async function revokeMember(deps: { db: Db; trust: SignatureTrust }, account: Account, input: SignedInput, ctx: AuditContext): Promise<void> {
  const { doc, mailboxId } = await verifiedHeadSignature(deps, account, input, REVOKE_TYPE);
  const memberId = String(doc.value.memberId);
  if (!UUID_RE.test(memberId)) throw refuse('VALIDATION_FAILED', [field('document.memberId', 'required')]);
  await deps.db.transaction(async (tx) => {
    await consumeNonce(tx, String(doc.value.nonce), 'member', account.id);
    const done = await tx
      .update(orgMembers)
      .set({ revokedAt: new Date(), revokedBy: account.id })
      .where(and(eq(orgMembers.id, memberId), eq(orgMembers.mailboxId, mailboxId), isNull(orgMembers.revokedAt)))
      .returning({ id: orgMembers.id });
    if (done.length === 0) throw new AppError('NOT_FOUND');
    await appendAudit(tx, { type: 'member.revoked', payload: { mailboxId, memberId } }, ctx);
  });
}
