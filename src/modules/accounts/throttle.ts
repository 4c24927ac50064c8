/**
 * Throttling of every credential path (passwords, activation codes, EDS log-in) per key:
 * `login:<name>` (whether or not such an account exists, so the answer never tells), `ip:<addr>`,
 * `code:<ip>`. Failures 1–2 cost nothing; from the 3rd each adds a growing delay (1 s, 2 s, …);
 * at the 5th the key is locked for 15 minutes, doubling with every further five failures (cap
 * 24 h). A lock on a login is lifted by time or by the owner signing in with EDS.
 * An IP is only delayed/blocked (at 20 and 50 failures), never "locked" for an owner to lift.
 */
import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { loginThrottle } from './schema.ts';

export interface ThrottlePolicy {
  freeFailures: number;
  lockAt: number;
  lockMs: number;
  maxLockMs: number;
}

export const LOGIN_POLICY: ThrottlePolicy = { freeFailures: 2, lockAt: 5, lockMs: 15 * 60_000, maxLockMs: 24 * 3600_000 };
export const IP_POLICY: ThrottlePolicy = { freeFailures: 20, lockAt: 50, lockMs: 15 * 60_000, maxLockMs: 3600_000 };

export function policyFor(key: string): ThrottlePolicy {
  return key.startsWith('ip:') ? IP_POLICY : LOGIN_POLICY;
}

/** When the next attempt may be made after `failures` failures at `now`, and whether that is a lockout. */
export function nextAllowed(policy: ThrottlePolicy, failures: number, now: Date): { until: Date | null; locked: boolean } {
  if (failures >= policy.lockAt) {
    const doublings = Math.floor((failures - policy.lockAt) / 5);
    return { until: new Date(now.getTime() + Math.min(policy.lockMs * 2 ** doublings, policy.maxLockMs)), locked: true };
  }
  if (failures > policy.freeFailures) return { until: new Date(now.getTime() + 1000 * 2 ** (failures - policy.freeFailures - 1)), locked: false };
  return { until: null, locked: false };
}

/** Refuses (429) while any key is blocked. ACCOUNT_LOCKED for a locked login, RATE_LIMITED otherwise. */
export async function assertNotThrottled(tx: Tx, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  const rows = await tx.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
  for (const r of rows) {
    if (r.blockedUntil && r.blockedUntil.getTime() > now.getTime()) {
      const seconds = Math.ceil((r.blockedUntil.getTime() - now.getTime()) / 1000);
      throw new AppError(r.locked && !r.key.startsWith('ip:') ? 'ACCOUNT_LOCKED' : 'RATE_LIMITED', { detail: `${r.key.split(':')[0]} blocked for ${seconds} s`, retryAfterSeconds: seconds });
    }
  }
}

/** Counts one failure on each key; audits a new lockout. */
export async function recordFailure(tx: Tx, keys: string[], now: Date, ctx: AuditContext): Promise<void> {
  // Keys of guessed logins would pile up: forget a few that are old and no longer block anything.
  await tx.execute(sql`delete from login_throttle where key in (
    select key from login_throttle where last_failure_at < ${new Date(now.getTime() - 2 * 86400_000)} and (blocked_until is null or blocked_until < ${now}) limit 100)`);
  for (const key of keys) {
    const [row] = await tx
      .insert(loginThrottle)
      .values({ key, failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        // Failures older than a day are forgotten.
        set: { failures: sql`case when ${loginThrottle.lastFailureAt} < ${new Date(now.getTime() - 24 * 3600_000)} then 1 else ${loginThrottle.failures} + 1 end`, lastFailureAt: now },
      })
      .returning();
    const next = nextAllowed(policyFor(key), row.failures, now);
    await tx.update(loginThrottle).set({ blockedUntil: next.until, locked: next.locked }).where(eq(loginThrottle.key, key));
    if (next.locked && next.until) {
      // The key is a login name or an IP address: audit it hashed, it may be personal data.
      await appendAudit(tx, { type: 'auth.locked', payload: { key: key.split(':')[0] + ':' + hashKey(key), until: next.until.toISOString(), failures: row.failures } }, ctx);
    }
  }
}

/** Clears a key after a success; true when it had been locked. */
export async function clearThrottle(tx: Tx, key: string): Promise<boolean> {
  const removed = await tx.delete(loginThrottle).where(eq(loginThrottle.key, key)).returning({ locked: loginThrottle.locked, until: loginThrottle.blockedUntil });
  return removed.some((r) => r.locked);
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}
