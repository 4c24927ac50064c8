/**
 * Authorisation of mail operations (MB-1, MB-9): a caller acts only on its own mailbox. A
 * refusal is audited in its own transaction (the refused request changes nothing else) and
 * answered as "not found", so the existence of another's letter is not disclosed.
 */
import type { Database } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { AppError } from '../../shared/errors.ts';
import type { MailActor } from './types.ts';
import { restrictIfFrozen } from './membership.ts';

export async function refuseAccess(database: Database, actor: MailActor | undefined, operation: string, target: string): Promise<never> {
  await database.db.transaction((tx) =>
    appendAudit(tx, { type: 'mail.access_refused', payload: { operation, mailboxId: actor?.mailboxId ?? null, target } }, { actor: actor?.actor ?? 'anonymous', requestId: actor?.requestId }),
  );
  throw new AppError('NOT_FOUND', { detail: `${operation}: ${target} is not in mailbox ${actor?.mailboxId ?? '(none)'}` });
}

/**
 * An actor acting on a mailbox is required. Anonymous → 401; a caller with no mailbox (operator
 * staff: no administrator endpoint reads letters) or an API token without the needed scope → 403.
 * Every refusal is audited before anything is read.
 *
 * A frozen organisation's mailbox keeps only FROZEN_PERMISSIONS ('read'): checked here for the
 * operations that need more than reading, so a listing or a search costs no extra query.
 */
export async function requireActor(database: Database, actorIn: MailActor | undefined, operation: string, target: string): Promise<MailActor> {
  const scope = operation === 'sendLetter' ? 'send' : 'read';
  const actor = actorIn && scope !== 'read' ? await restrictIfFrozen(database, actorIn) : actorIn;
  const problem = !actor ? 'UNAUTHENTICATED' : !actor.mailboxId || (actor.scopes && !actor.scopes.includes(scope)) ? 'FORBIDDEN' : undefined;
  if (problem) {
    await database.db.transaction((tx) =>
      appendAudit(tx, { type: 'mail.access_refused', payload: { operation, mailboxId: actor?.mailboxId || null, target } }, { actor: actor?.actor ?? 'anonymous', requestId: actor?.requestId }),
    );
    throw new AppError(problem, { detail: `${operation}: ${problem === 'UNAUTHENTICATED' ? 'no caller' : `caller ${actor?.actor} may not (${scope})`}` });
  }
  return actor!;
}
