/**
 * What a role lets a person do in an organisation's mailbox (issue 4, item 8) — the one table the
 * letters API consults. `owner` is the account holding the mailbox (the head who registered it).
 * Reader: reads only. Executor, signatory, head, records officer: read and send (executors
 * prepare and send the organisation's correspondence; signing official documents is the docflow
 * module's separate check). No role, or a revoked one: nothing (403).
 */
import type { MemberRole } from './members.ts';

export type MailboxPermission = 'read' | 'send';

export const MEMBER_POLICY: Readonly<Record<MemberRole | 'owner', readonly MailboxPermission[]>> = {
  owner: ['read', 'send'],
  head: ['read', 'send'],
  signatory: ['read', 'send'],
  records_officer: ['read', 'send'],
  executor: ['read', 'send'],
  reader: ['read'],
};

/** A frozen organisation mailbox (liquidated BIN): whatever the role, read (and export) only. */
export const FROZEN_PERMISSIONS: readonly MailboxPermission[] = ['read'];

/** The union of the permissions of the roles held (unknown roles give nothing). */
export function permissionsOf(roles: readonly string[]): MailboxPermission[] {
  const out = new Set<MailboxPermission>();
  for (const r of roles) for (const p of (MEMBER_POLICY as Record<string, readonly MailboxPermission[] | undefined>)[r] ?? []) out.add(p);
  return (['read', 'send'] as const).filter((p) => out.has(p));
}
