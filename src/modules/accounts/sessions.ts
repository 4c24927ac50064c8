/**
 * Cookie sessions: a random token in an HttpOnly cookie, only its SHA-256 stored; a CSRF token
 * per session (sent back in a header on every state-changing request); an idle timeout
 * (30 minutes) and an absolute one (12 hours); logout of one session or everywhere.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { accounts, agreementVersions, sessions } from './schema.ts';
import { sessionCacheFor, sessionsChanged } from './session-cache.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface NewSession {
  token: string;
  csrfToken: string;
  sessionId: string;
  expiresAt: Date;
}

export async function createSession(tx: Tx, accountId: string, method: 'password' | 'eds' | 'activation', client: { ip?: string; userAgent?: string }, now = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const sessionId = sessionIdOf(token);
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await tx.insert(sessions).values({ id: sessionId, accountId, csrfToken, method, ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 300) ?? null, createdAt: now, lastSeenAt: now, expiresAt });
  return { token, csrfToken, sessionId, expiresAt };
}

/** An account row as stored, password hash included: only login reads it. */
export type AccountRow = typeof accounts.$inferSelect;
/** The account as signed-in requests and services see it: everything but the password hash. */
export type Account = Omit<AccountRow, 'passwordHash'>;
const { passwordHash: _notForSessions, ...sessionAccountColumns } = getTableColumns(accounts);

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  method: string;
  account: Account;
  /** The latest published agreement version (null: none yet), read with the session: see `agreementPendingFor`. */
  latestAgreementId: number | null;
}

/**
 * The session lookup runs on every signed-in request: one prepared statement (built once per
 * database handle, planned once per connection) that also reads the latest agreement version,
 * so the agreement check costs no second round trip.
 */
function sessionStatement(tx: Tx) {
  return tx
    .select({ s: sessions, a: sessionAccountColumns, latestAgreementId: sql<number | null>`(select max(${agreementVersions.id}) from ${agreementVersions})`.mapWith(Number) })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare('resolve_session');
}
const statements = new WeakMap<Tx, ReturnType<typeof sessionStatement>>();

/** Session checks take the database's word once a touch is due; until then a cached answer is as good as a fresh one. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The live session of a cookie token, or null (unknown, revoked, idle too long, past its absolute
 * end). With a session cache running for this database (see session-cache.ts), a session seen
 * less than a minute ago is answered from memory; anything else — unknown tokens, a touch due,
 * an idle or absolute end reached — is decided on the database row as before.
 */
export async function resolveSession(tx: Tx, token: string, now = new Date()): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = sessionIdOf(token);
  const t = now.getTime();
  const cache = sessionCacheFor<ResolvedSession>(tx);
  const hit = cache?.get(id);
  if (hit && t - hit.lastSeenAt <= TOUCH_EVERY_MS && t >= hit.lastSeenAt && hit.expiresAt > t) return hit.resolved;
  const ticket = cache?.ticket();
  let statement = statements.get(tx);
  if (!statement) statements.set(tx, (statement = sessionStatement(tx)));
  const rows = await statement.execute({ id });
  const row = rows[0];
  if (!row || row.s.revokedAt) return null;
  if (row.s.expiresAt.getTime() <= t || row.s.lastSeenAt.getTime() + SESSION_IDLE_MS <= t) return null;
  if (row.a.status === 'closed') return null;
  // Touch at most once a minute: fewer writes, same idle timeout to the minute.
  let lastSeenAt = row.s.lastSeenAt.getTime();
  if (t - lastSeenAt > TOUCH_EVERY_MS) {
    await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
    lastSeenAt = t;
  }
  const resolved: ResolvedSession = { sessionId: id, csrfToken: row.s.csrfToken, method: row.s.method, account: row.a, latestAgreementId: row.latestAgreementId ?? null };
  if (cache && ticket !== undefined) {
    // Shared by the requests the entry serves: nobody may change it under the others.
    deepFreeze(resolved);
    cache.put(ticket, id, { accountId: row.a.id, expiresAt: row.s.expiresAt.getTime(), lastSeenAt, resolved });
  }
  return resolved;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export async function listSessions(tx: Tx, accountId: string, now = new Date()) {
  return tx
    .select({ id: sessions.id, method: sessions.method, ip: sessions.ip, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS))))
    .orderBy(desc(sessions.createdAt));
}

/** Revokes one of the account's own sessions; false when it is not theirs or already gone. */
export async function revokeSession(tx: Tx, accountId: string, sessionId: string, ctx: AuditContext, now = new Date()): Promise<boolean> {
  const done = await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), eq(sessions.accountId, accountId), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  if (done.length === 0) return false;
  sessionsChanged(accountId);
  await appendAudit(tx, { type: 'session.revoked', payload: { accountId, session: sessionId.slice(0, 16) } }, ctx);
  return true;
}

/** Logout: this session, or every session of the account. */
export async function logout(tx: Tx, accountId: string, sessionId: string, everywhere: boolean, ctx: AuditContext, now = new Date()): Promise<number> {
  const where = everywhere ? and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)) : and(eq(sessions.id, sessionId), isNull(sessions.revokedAt));
  const done = await tx.update(sessions).set({ revokedAt: now }).where(where).returning({ id: sessions.id });
  sessionsChanged(accountId);
  await appendAudit(tx, { type: 'auth.logout', payload: { accountId, sessions: done.length, everywhere } }, ctx);
  return done.length;
}

/** Every session of an account ends (password reset, closing). */
export async function revokeAllSessions(tx: Tx, accountId: string, now = new Date()): Promise<void> {
  await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt)));
  sessionsChanged(accountId);
}
