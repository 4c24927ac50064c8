/**
 * Password reset online with EDS (issue 4, item 10): the owner signs a server challenge naming
 * the login with an authentication key of theirs; the new password (policy checked) replaces
 * the old one, every session ends, a lockout is lifted. Revocation unknown → "try later".
 * (At the counter, a clerk issues a reset code instead: counter-slip.ts, activate-account.ts.)
 */
import { eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { refuse } from './field-errors.ts';
import type { ClientInfo } from './login.ts';
import { certificateOwns } from './login-with-signature.ts';
import { normaliseLogin } from './login-rules.ts';
import { consumeNonce, issueNonce, peekNonce } from './nonces.ts';
import { checkPassword, type PasswordHasher } from './password.ts';
import { accounts } from './schema.ts';
import { revokeAllSessions } from './sessions.ts';
import { verifyPersonSignature, type SignatureTrust } from './signature-check.ts';
import { buildDocument, readSignedDocument, type SignedInput } from './signed-document.ts';
import { assertNotThrottled, clearThrottle, recordFailure } from './throttle.ts';

export const RESET_DOCUMENT_TYPE = 'jashik.password-reset';

export async function prepareReset(deps: { db: Db; domain: string }, login: string): Promise<{ document: string; nonce: string; expiresAt: string }> {
  const { nonce, expiresAt } = await issueNonce(deps.db, 'reset');
  return { document: buildDocument(RESET_DOCUMENT_TYPE, nonce, { audience: deps.domain, login: normaliseLogin(login) }), nonce, expiresAt };
}

export async function resetPassword(
  deps: { db: Db; trust: SignatureTrust; hasher: PasswordHasher; domain: string },
  input: SignedInput & { password: string },
  client: ClientInfo,
  ctx: AuditContext = {},
): Promise<{ login: string }> {
  const now = new Date();
  const ipKeys = client.ip ? [`ip:${client.ip}`] : [];
  await assertNotThrottled(deps.db, ipKeys, now);
  const doc = readSignedDocument(input, RESET_DOCUMENT_TYPE);
  if (doc.value.audience !== deps.domain || typeof doc.value.login !== 'string') throw new AppError('VALIDATION_FAILED', { detail: 'not a reset document for this service' });
  const login = doc.value.login;
  const weak = checkPassword(input.password, login);
  if (weak) throw refuse('VALIDATION_FAILED', [weak]);
  await peekNonce(deps.db, String(doc.value.nonce), 'reset');
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.login, login)).limit(1);
  let ok = false;
  try {
    const signer = await verifyPersonSignature(deps.trust, { cms: doc.cms, content: doc.bytes, purpose: 'authentication', receivedAt: now });
    ok = !!account && account.status !== 'closed' && certificateOwns(account, signer);
  } catch (err) {
    if (!isAppError(err) || err.status >= 500) throw err;
  }
  if (!ok || !account) {
    await deps.db.transaction(async (tx) => {
      await recordFailure(tx, ipKeys, now, ctx);
      await appendAudit(tx, { type: 'auth.login_failed', payload: { ...(account ? { accountId: account.id } : {}), method: 'eds', reason: 'reset_refused', ...(client.ip ? { ip: client.ip } : {}) } }, ctx);
    });
    throw new AppError('INVALID_CREDENTIALS', { detail: 'the signature does not prove ownership of this login' });
  }
  const passwordHash = await deps.hasher.hash(input.password);
  await deps.db.transaction(async (tx) => {
    await consumeNonce(tx, String(doc.value.nonce), 'reset');
    await tx.update(accounts).set({ passwordHash, status: account.status === 'pending_activation' ? 'active' : account.status }).where(eq(accounts.id, account.id));
    await revokeAllSessions(tx, account.id, now);
    await clearThrottle(tx, `login:${login}`);
    await appendAudit(tx, { type: 'account.password_reset', payload: { accountId: account.id, by: 'eds' } }, { ...ctx, actor: `user:${account.id}` });
  });
  return { login };
}
