/**
 * Sign-in with login and password (MB-10). Throttled per login name and per IP before the
 * password is even checked; an unknown login costs the same argon2 time as a known one and
 * gets the same answer. Success clears the login's failures and opens a session; the answer
 * says whether a newer user agreement awaits acceptance.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { currentAgreement } from './agreements.ts';
import { normaliseLogin } from './login-rules.ts';
import { dummyHash, type PasswordHasher } from './password.ts';
import { accounts } from './schema.ts';
import { createSession, type NewSession } from './sessions.ts';
import { assertNotThrottled, clearThrottle, recordFailure } from './throttle.ts';

export interface LoginDeps {
  db: Db;
  hasher: PasswordHasher;
  domain: string;
  now?: () => Date;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface LoginResult extends NewSession {
  accountId: string;
  login: string;
  agreementAcceptanceRequired: boolean;
}

export async function loginWithPassword(deps: LoginDeps, input: { login: string; password: string }, client: ClientInfo, ctx: AuditContext = {}): Promise<LoginResult> {
  const now = deps.now?.() ?? new Date();
  const login = normaliseLogin(input.login);
  const keys = [`login:${login}`, ...(client.ip ? [`ip:${client.ip}`] : [])];
  await assertNotThrottled(deps.db, keys, now);
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.login, login)).limit(1);
  const ok = await deps.hasher.verify(account?.passwordHash ?? (await dummyHash(deps.hasher)), input.password.slice(0, 1024));
  if (!account || !account.passwordHash || !ok) {
    await deps.db.transaction(async (tx) => {
      await recordFailure(tx, keys, now, ctx);
      await appendAudit(tx, { type: 'auth.login_failed', payload: { ...(account ? { accountId: account.id } : {}), method: 'password', reason: account ? 'wrong_password' : 'unknown_login', ...(client.ip ? { ip: client.ip } : {}) } }, ctx);
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (account.status === 'closed' || account.status === 'pending_activation') throw new AppError('ACCOUNT_NOT_ACTIVE', { detail: account.status });
  return deps.db.transaction(async (tx) => {
    await clearThrottle(tx, `login:${login}`);
    const session = await createSession(tx, account.id, 'password', client, now);
    await appendAudit(tx, { type: 'auth.login', payload: { accountId: account.id, method: 'password', session: session.sessionId.slice(0, 16), ...(client.ip ? { ip: client.ip } : {}) } }, { ...ctx, actor: `user:${account.id}` });
    const agreement = account.kind === 'staff' ? undefined : await currentAgreement(tx, deps.domain);
    return { ...session, accountId: account.id, login, agreementAcceptanceRequired: agreement !== undefined && account.agreementVersionId !== agreement.id };
  });
}
