/**
 * Sign-in with EDS (issue 4, item 5): the client signs a server nonce (`jashik.login` document)
 * with an authentication key; the nonce is single-use and expires in 5 minutes. Revocation
 * status unknown is refused ("try later"). The account is the personal one of the certificate's
 * IIN, or — when a login is given — that account, which the certificate must own (an
 * organisation's: its BIN with the head's or right-to-sign role). A certificate carrying an
 * organisation's BIN whose holder is a member of that organisation (any certificate role, e.g.
 * employee) signs the person in to their own personal account, acting for the membership (the
 * answer names the organisation mailbox to send as X-Mailbox-Id); without a personal account the
 * member is told to register one first. Success lifts a password lockout.
 */
import { and, eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { currentAgreement } from './agreements.ts';
import type { ClientInfo, LoginResult } from './login.ts';
import { normaliseLogin } from './login-rules.ts';
import { consumeNonce, issueNonce } from './nonces.ts';
import { accounts } from './schema.ts';
import { memberOfOrganisation, type MemberSignIn } from './member-login.ts';
import { createSession, type Account } from './sessions.ts';
import { verifyPersonSignature, type SignatureTrust, type VerifiedSigner } from './signature-check.ts';
import { buildDocument, readSignedDocument, type SignedInput } from './signed-document.ts';
import { checkOrganisationStatus, takeOverIfNewHead } from './organisation-lifecycle.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import { assertNotThrottled, clearThrottle, recordFailure } from './throttle.ts';

export const LOGIN_DOCUMENT_TYPE = 'jashik.login';

export interface SignatureLoginDeps {
  db: Db;
  trust: SignatureTrust;
  domain: string;
  /** Organisations are checked against the registry at EDS sign-in (liquidated → frozen). */
  registry?: StateRegistry;
  now?: () => Date;
}

/** The document to sign for an EDS sign-in. */
export async function prepareSignatureLogin(deps: { db: Db; domain: string }): Promise<{ document: string; nonce: string; expiresAt: string }> {
  const { nonce, expiresAt } = await issueNonce(deps.db, 'login');
  return { document: buildDocument(LOGIN_DOCUMENT_TYPE, nonce, { audience: deps.domain }), nonce, expiresAt };
}

/** Does this certificate own this account? */
export function certificateOwns(account: Account, signer: VerifiedSigner): boolean {
  const id = signer.identity;
  if (account.kind === 'personal') return !!id.iin && id.iin === account.iin && !id.bin;
  if (account.kind === 'organisation') return !!id.bin && id.bin === account.bin && (id.roles.includes('first_head') || id.roles.includes('right_to_sign'));
  return !!id.iin && id.iin === account.iin; // staff: their own personal certificate
}

export async function loginWithSignature(deps: SignatureLoginDeps, input: SignedInput & { login?: string }, client: ClientInfo, ctx: AuditContext = {}): Promise<LoginResult & { organisation?: MemberSignIn }> {
  const now = deps.now?.() ?? new Date();
  const ipKeys = client.ip ? [`ip:${client.ip}`] : [];
  await assertNotThrottled(deps.db, ipKeys, now);
  const fail = async (reason: string, accountId?: string) => {
    await deps.db.transaction(async (tx) => {
      await recordFailure(tx, ipKeys, now, ctx);
      await appendAudit(tx, { type: 'auth.login_failed', payload: { ...(accountId ? { accountId } : {}), method: 'eds', reason, ...(client.ip ? { ip: client.ip } : {}) } }, ctx);
    });
  };
  let signer: VerifiedSigner;
  let nonce: string;
  try {
    const doc = readSignedDocument(input, LOGIN_DOCUMENT_TYPE);
    if (doc.value.audience !== deps.domain) throw new AppError('VALIDATION_FAILED', { detail: 'document for another audience' });
    nonce = String(doc.value.nonce);
    signer = await verifyPersonSignature(deps.trust, { cms: doc.cms, content: doc.bytes, purpose: 'authentication', receivedAt: now });
  } catch (err) {
    if (isAppError(err) && err.status < 500) await fail(err.code.toLowerCase());
    throw err;
  }
  let account: Account | undefined;
  let member: MemberSignIn | undefined;
  if (input.login) {
    [account] = await deps.db.select().from(accounts).where(eq(accounts.login, normaliseLogin(input.login))).limit(1);
  } else if (signer.identity.iin && !signer.identity.bin) {
    [account] = await deps.db.select().from(accounts).where(and(eq(accounts.kind, 'personal'), eq(accounts.iin, signer.identity.iin))).limit(1);
  } else if (signer.identity.iin && signer.identity.bin) {
    // A member's certificate (the organisation's BIN): their personal account, acting for the membership.
    const m = await memberOfOrganisation(deps.db, signer.identity.iin, signer.identity.bin);
    if (m && !m.account) {
      await fail('member_without_personal_account');
      throw new AppError('MEMBER_NEEDS_PERSONAL_ACCOUNT', { detail: `member of ${m.membership.address} has no personal account` });
    }
    if (m?.account) [account, member] = [m.account, m.membership];
  }
  if (!account || !(member || certificateOwns(account, signer)) || account.status === 'closed') {
    await fail('no_account_for_certificate', account?.id);
    throw new AppError('INVALID_CREDENTIALS', { detail: 'no account of this certificate' });
  }
  const owner = account;
  if (deps.registry) await checkOrganisationStatus({ db: deps.db, registry: deps.registry }, owner, { ...ctx, actor: 'system' });
  return deps.db.transaction(async (tx) => {
    await consumeNonce(tx, nonce, 'login', undefined, now);
    const wasLocked = await clearThrottle(tx, `login:${owner.login}`);
    const actx = { ...ctx, actor: `user:${owner.id}` };
    await takeOverIfNewHead(tx, owner, signer, actx);
    if (wasLocked) await appendAudit(tx, { type: 'auth.unlocked', payload: { accountId: owner.id, by: 'eds' } }, actx);
    const session = await createSession(tx, owner.id, 'eds', client, now);
    await appendAudit(tx, { type: 'auth.login', payload: { accountId: owner.id, method: 'eds', session: session.sessionId.slice(0, 16), ...(client.ip ? { ip: client.ip } : {}), ...(member ? { asMemberOf: member.mailboxId } : {}) } }, actx);
    const agreement = owner.kind === 'staff' ? undefined : await currentAgreement(tx, deps.domain);
    return { ...session, accountId: owner.id, login: owner.login, agreementAcceptanceRequired: agreement !== undefined && owner.agreementVersionId !== agreement.id, ...(member ? { organisation: member } : {}) };
  });
}
