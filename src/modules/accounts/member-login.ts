/**
 * EDS sign-in of an organisation's member (issue 4, item 8): a certificate carrying the
 * organisation's BIN (an employee's, say) whose holder (IIN) has an active role in that
 * organisation's mailbox. The session is the person's own personal account's; the membership
 * says which mailbox they act in (X-Mailbox-Id on the letters API), within MEMBER_POLICY.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../storage/db/database.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { accounts, orgMembers } from './schema.ts';
import type { Account } from './sessions.ts';
import type { MemberRole } from './members.ts';

export interface MemberSignIn {
  mailboxId: string;
  address: string;
  roles: MemberRole[];
}

/** Null when the person holds no active role in an active mailbox of this BIN; `account` absent when they have no personal account. */
export async function memberOfOrganisation(db: Db, iin: string, bin: string): Promise<{ membership: MemberSignIn; account?: Account } | null> {
  const rows = await db
    .select({ mailboxId: mailboxes.id, address: mailboxes.address, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(mailboxes, eq(mailboxes.id, orgMembers.mailboxId))
    .where(and(eq(orgMembers.iin, iin), isNull(orgMembers.revokedAt), eq(mailboxes.bin, bin), eq(mailboxes.kind, 'organisation'), eq(mailboxes.status, 'active')));
  if (rows.length === 0) return null;
  const membership: MemberSignIn = { mailboxId: rows[0].mailboxId, address: rows[0].address, roles: rows.filter((r) => r.mailboxId === rows[0].mailboxId).map((r) => r.role) };
  const [account] = await db.select().from(accounts).where(and(eq(accounts.kind, 'personal'), eq(accounts.iin, iin), eq(accounts.status, 'active'))).limit(1);
  return { membership, ...(account ? { account } : {}) };
}
