/**
 * Mail routes' caller: the accounts module's cookie session (CSRF on state changes) or bearer
 * API token, as the mail services' MailActor. Staff accounts get no mailbox: the mail services
 * refuse them (no administrator endpoint reads letters). The database is reached on first use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { requireCaller } from '../http/routes/accounts-auth.ts';
import type { MailAuthenticate } from '../http/routes/mail-routes.ts';
import type { MailActor } from '../modules/mail/types.ts';
import { AppError } from '../shared/errors.ts';
import { actorForMailbox } from '../modules/mail/membership.ts';

export function mailAuthenticate(ctx: AppContext): MailAuthenticate {
  let caller: ReturnType<typeof requireCaller> | undefined;
  return async (req: FastifyRequest): Promise<MailActor> => {
    caller ??= requireCaller(ctx.database.db, { allowPendingAgreement: false });
    await caller.call(undefined as never, req, undefined as unknown as FastifyReply);
    // A token acts in its own mailbox only, with its scopes.
    // (A frozen organisation mailbox's read-only rule is applied by the services' requireActor.)
    if (req.apiToken) return { actor: `token:${req.apiToken.id}`, mailboxId: req.apiToken.mailboxId, scopes: [...req.apiToken.scopes], requestId: req.id };
    const a = req.session?.account;
    if (!a) throw new AppError('UNAUTHENTICATED');
    const actor = `${a.kind === 'staff' ? 'staff' : 'user'}:${a.id}`;
    if (a.kind === 'staff') return { actor, mailboxId: '', requestId: req.id };
    const wanted = req.headers['x-mailbox-id'];
    return actorForMailbox(ctx.database, { actor, iin: a.iin ?? null, ownMailboxId: a.mailboxId ?? '', requestId: req.id }, typeof wanted === 'string' ? wanted : undefined);
  };
}
