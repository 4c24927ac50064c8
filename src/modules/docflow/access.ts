/**
 * Authorisation of docflow operations (STYLE habit 13): the caller must be signed in and hold
 * one of the roles the operation needs in the organisation's mailbox. A refusal is audited in
 * its own transaction and changes nothing else.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { field, refuse } from './field-texts.ts';
import type { DocflowActor, MemberRole, MembershipPolicy } from './types.ts';

export async function requireRoles(
  deps: { database: Database; membership: MembershipPolicy },
  actor: DocflowActor | undefined,
  mailboxId: string,
  roles: readonly MemberRole[],
  operation: string,
): Promise<{ actor: DocflowActor; roles: MemberRole[] }> {
  if (!actor) throw new AppError('UNAUTHENTICATED', { detail: `${operation} without an actor` });
  const held = await deps.membership.rolesOf(actor, mailboxId);
  if (!held.some((r) => roles.includes(r))) {
    await deps.database.db.transaction((tx) =>
      appendAudit(tx, { type: 'docflow.access_refused', payload: { operation, mailboxId, target: actor.accountId } }, { actor: actor.actor, requestId: actor.requestId }),
    );
    throw new AppError('FORBIDDEN', { detail: `${operation}: ${actor.actor} holds none of ${roles.join(', ')} in ${mailboxId}` });
  }
  return { actor, roles: held };
}

export type MailboxRow = {
  id: string;
  kind: 'personal' | 'organisation';
  official: boolean;
  iin: string | null;
  bin: string | null;
  status: 'active' | 'closed';
  address: string;
  display_name: string;
};

export async function loadMailbox(tx: Tx, id: string): Promise<MailboxRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await tx.execute<MailboxRow>(sql`select id, kind, official, iin, bin, status, address, display_name from mailboxes where id = ${id}`);
  return r.rows[0];
}

/** Several mailboxes in one query, by id (unknown ids are absent). */
export async function loadMailboxes(tx: Tx, ids: string[]): Promise<Map<string, MailboxRow>> {
  const valid = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  if (!valid.length) return new Map();
  const r = await tx.execute<MailboxRow>(sql`select id, kind, official, iin, bin, status, address, display_name from mailboxes where id in (${sql.join(valid.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return new Map(r.rows.map((m) => [m.id, m]));
}

/** A mailbox as `loadMailboxes` returns it, as a JSON sub-select of a larger query (null when absent). */
export function mailboxJson(id: SQLWrapper): SQL<MailboxRow | null> {
  return sql<MailboxRow | null>`(select to_jsonb(m) from (select id, kind, official, iin, bin, status, address, display_name from mailboxes where id = ${id}) m)`;
}

/** MB-11: only official (EDS-confirmed), active mailboxes take part in document flow. */
export async function requireOfficial(tx: Tx, id: string, name: string, opts: { organisation?: boolean } = {}): Promise<MailboxRow> {
  const mb = await loadMailbox(tx, id);
  if (!mb || mb.status !== 'active') throw refuse('DOCFLOW_NOT_OFFICIAL', [field(name, 'unknown_mailbox')]);
  if (!mb.official) throw refuse('DOCFLOW_NOT_OFFICIAL', [field(name, 'not_official')]);
  if (opts.organisation && mb.kind !== 'organisation') throw refuse('DOCFLOW_NOT_OFFICIAL', [field(name, 'not_organisation')]);
  return mb;
}
