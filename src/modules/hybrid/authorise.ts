/**
 * Who may do what in hybrid mail (STYLE habit 13), checked in the service layer:
 * - senders: a signed-in mailbox owner, or an integrator token with scope `hybrid`;
 *   addressing by IIN/BIN only for organisation mailboxes and `hybrid` tokens;
 * - tracking events: staff `print_centre` (print-side events) and `clerk` (postal network);
 * - paper intake: staff `clerk` bound to a post office.
 */
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { HybridActor } from './ports.ts';

export type Sender = HybridActor & { mailboxId: string };

async function refused(database: Database, actor: HybridActor | undefined, operation: string, code: 'UNAUTHENTICATED' | 'FORBIDDEN'): Promise<never> {
  await database.db.transaction((tx) =>
    appendAudit(tx, { type: 'hybrid.event_rejected', payload: { s10: '', event: operation, reason: code.toLowerCase() } }, { actor: actor?.actor ?? 'anonymous', requestId: actor?.requestId }),
  );
  throw new AppError(code, { detail: `${operation} refused for ${actor?.actor ?? 'anonymous'}` });
}

export async function requireSender(database: Database, actor: HybridActor | undefined, byIdNumber: boolean, operation = 'submitHybridLetter'): Promise<Sender> {
  if (!actor) return refused(database, actor, operation, 'UNAUTHENTICATED');
  if ((actor.kind !== 'user' && actor.kind !== 'token') || !actor.mailboxId) return refused(database, actor, operation, 'FORBIDDEN');
  if (actor.kind === 'token' && !actor.scopes?.includes('hybrid')) return refused(database, actor, operation, 'FORBIDDEN');
  if (byIdNumber && actor.kind === 'user' && actor.mailboxKind !== 'organisation') return refused(database, actor, `${operation}:idNumber`, 'FORBIDDEN');
  return actor as Sender;
}

export async function requireStaff(database: Database, actor: HybridActor | undefined, roles: NonNullable<HybridActor['staffRole']>[], operation: string): Promise<HybridActor> {
  if (!actor) return refused(database, actor, operation, 'UNAUTHENTICATED');
  if (actor.kind !== 'staff' || !actor.staffRole || !roles.includes(actor.staffRole)) return refused(database, actor, operation, 'FORBIDDEN');
  return actor;
}
