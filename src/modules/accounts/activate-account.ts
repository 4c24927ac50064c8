/**
 * First sign-in with a one-time code (issue 4, items 3, 9, 10): after a counter registration,
 * for a new staff account, or after a password reset at the counter. The code is single-use
 * and expires (14 days); attempts are throttled per login and per IP like passwords. The owner
 * sets the password (policy checked) and gets a session; every older session ends.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { codeHash } from './activation-codes.ts';
import { currentAgreement } from './agreements.ts';
import { field, refuse } from './field-errors.ts';
import type { ClientInfo, LoginResult } from './login.ts';
import { normaliseLogin } from './login-rules.ts';
import { checkPassword, type PasswordHasher } from './password.ts';
import { accounts, activationCodes } from './schema.ts';
import { createSession, revokeAllSessions } from './sessions.ts';
import { assertNotThrottled, clearThrottle, recordFailure } from './throttle.ts';

export async function activateAccount(
  deps: { db: Db; hasher: PasswordHasher; domain: string; now?: () => Date },
  input: { login: string; code: string; password: string },
  client: ClientInfo,
  ctx: AuditContext = {},
): Promise<LoginResult> {
  const now = deps.now?.() ?? new Date();
  const login = normaliseLogin(input.login);
  const keys = [`login:${login}`, ...(client.ip ? [`ip:${client.ip}`] : [])];
  await assertNotThrottled(deps.db, keys, now);
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.login, login)).limit(1);
  const [code] = account
    ? await deps.db
        .select()
        .from(activationCodes)
        .where(and(eq(activationCodes.accountId, account.id), eq(activationCodes.codeHash, codeHash(input.code)), isNull(activationCodes.usedAt), gt(activationCodes.expiresAt, now)))
        .limit(1)
    : [];
  if (!account || !code || account.status === 'closed') {
    await deps.db.transaction(async (tx) => {
      await recordFailure(tx, keys, now, ctx);
      await appendAudit(tx, { type: 'auth.login_failed', payload: { ...(account ? { accountId: account.id } : {}), method: 'code', reason: 'bad_code', ...(client.ip ? { ip: client.ip } : {}) } }, ctx);
    });
    throw refuse('CODE_INVALID', [field('code', 'code_invalid', 'invalid')]);
  }
  const weak = checkPassword(input.password, login);
  if (weak) throw refuse('VALIDATION_FAILED', [weak]);
  const passwordHash = await deps.hasher.hash(input.password);
  return deps.db.transaction(async (tx) => {
    const used = await tx.update(activationCodes).set({ usedAt: now }).where(and(eq(activationCodes.id, code.id), isNull(activationCodes.usedAt))).returning({ id: activationCodes.id });
    if (used.length === 0) throw refuse('CODE_INVALID', [field('code', 'code_invalid', 'reused')]);
    await tx.update(accounts).set({ passwordHash, status: account.status === 'pending_activation' ? 'active' : account.status }).where(eq(accounts.id, account.id));
    await revokeAllSessions(tx, account.id, now);
    await clearThrottle(tx, `login:${login}`);
    const actx = { ...ctx, actor: `user:${account.id}` };
    if (code.purpose === 'reset') await appendAudit(tx, { type: 'account.password_reset', payload: { accountId: account.id, by: 'code' } }, actx);
    else await appendAudit(tx, { type: 'account.activated', payload: { accountId: account.id, purpose: code.purpose } }, actx);
    const session = await createSession(tx, account.id, 'activation', client, now);
    await appendAudit(tx, { type: 'auth.login', payload: { accountId: account.id, method: 'activation', session: session.sessionId.slice(0, 16), ...(client.ip ? { ip: client.ip } : {}) } }, actx);
    const agreement = account.kind === 'staff' ? undefined : await currentAgreement(tx, deps.domain);
    return { ...session, accountId: account.id, login, agreementAcceptanceRequired: agreement !== undefined && account.agreementVersionId !== agreement.id };
  });
}

