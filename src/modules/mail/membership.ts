/**
 * Acting on an organisation's mailbox (MB-1, MB-9): a person may act on a mailbox other than
 * their own only with a role granted in the accounts module's `org_members` (or as the account
 * holding that mailbox). Readers read; head, signatory, records officer and executor also send.
 * Without a role the actor gets no scope, and the mail services refuse it (403, audited).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { MailActor } from './types.ts';
import { FROZEN_PERMISSIONS, permissionsOf } from '../accounts/member-policy.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Person {
  actor: string;
  iin: string | null;
  ownMailboxId: string;
  requestId?: string;
}

export async function mailboxRoles(database: Database, iin: string, mailboxId: string): Promise<string[]> {
  const r = await database.db.execute<{ role: string }>(sql`
    select role from org_members where mailbox_id = ${mailboxId} and iin = ${iin} and revoked_at is null
    union
    select 'owner' as role from accounts where mailbox_id = ${mailboxId} and iin = ${iin} and status = 'active'`);
  return r.rows.map((x) => x.role);
}

/**
 * A frozen organisation's mailbox (the registry reports it liquidated) is read-only for everyone:
 * letters can be read and exported, nothing is sent from it (accounts' MEMBER_POLICY.frozen).
 */
export async function restrictIfFrozen(database: Database, actor: MailActor): Promise<MailActor> {
  if (!actor.mailboxId || !UUID_RE.test(actor.mailboxId)) return actor;
  const r = await database.db.execute(sql`select 1 from accounts where mailbox_id = ${actor.mailboxId} and status = 'frozen' limit 1`);
  if (r.rows.length === 0) return actor;
  return { ...actor, scopes: (actor.scopes ?? ['read', 'send']).filter((s) => (FROZEN_PERMISSIONS as readonly string[]).includes(s)) };
}

/** The actor for `mailboxId` (default: the person's own mailbox), with the scopes the person's roles give. */
export async function actorForMailbox(database: Database, person: Person, mailboxId?: string): Promise<MailActor> {
  const base = { actor: person.actor, requestId: person.requestId };
  if (!mailboxId || mailboxId === person.ownMailboxId) return { ...base, mailboxId: person.ownMailboxId };
  if (!UUID_RE.test(mailboxId) || !person.iin) return { ...base, mailboxId: UUID_RE.test(mailboxId) ? mailboxId : person.ownMailboxId, scopes: [] };
  const roles = await mailboxRoles(database, person.iin, mailboxId);
  // The role → permission table is the accounts module's (member-policy.ts).
  const scopes: string[] = permissionsOf(roles);
  return { ...base, mailboxId, scopes };
}
