/**
 * The real MembershipPolicy: roles granted in the accounts module's `org_members` (grantMember),
 * plus the mailbox owner — the person whose account holds the mailbox (the head who registered an
 * organisation, or the owner of a personal mailbox) — who has every role. API tokens act in
 * their own mailbox only: scope `send` → records officer and executor, `read` → reader.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { MEMBER_ROLES, type MemberRole, type MembershipPolicy } from './types.ts';

export function sqlMembership(deps: { database: Database }): MembershipPolicy {
  return {
    async rolesOf(actor, mailboxId) {
      if (!/^[0-9a-f-]{36}$/i.test(mailboxId)) return [];
      if (actor.tokenMailboxId) return actor.tokenMailboxId === mailboxId ? [...(actor.tokenRoles ?? [])] : [];
      if (!actor.iin) return [];
      const r = await deps.database.db.execute<{ role: string }>(sql`
        select role from org_members where mailbox_id = ${mailboxId} and iin = ${actor.iin} and revoked_at is null
        union all
        select 'owner' as role from accounts where mailbox_id = ${mailboxId} and iin = ${actor.iin} and status = 'active'`);
      const roles = new Set<MemberRole>();
      for (const { role } of r.rows) {
        if (role === 'owner') MEMBER_ROLES.forEach((x) => roles.add(x));
        else if ((MEMBER_ROLES as readonly string[]).includes(role)) roles.add(role as MemberRole);
      }
      return [...roles];
    },
  };
}

export function tokenRoles(scopes: readonly string[]): MemberRole[] {
  const out = new Set<MemberRole>();
  if (scopes.includes('send')) ['records_officer', 'executor'].forEach((r) => out.add(r as MemberRole));
  if (scopes.includes('read')) out.add('reader');
  return [...out];
}
