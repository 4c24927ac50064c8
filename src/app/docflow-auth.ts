/**
 * Docflow routes' caller: the accounts module's cookie session (CSRF on state changes) or bearer
 * API token, turned into a DocflowActor (the person's IIN for organisation roles; a token's
 * mailbox and the roles its scopes give). The database is reached on first use.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { requireCaller } from '../http/routes/accounts-auth.ts';
import type { DocflowAuthenticate } from '../http/routes/docflow-routes.ts';
import { tokenRoles } from '../modules/docflow/sql-membership.ts';
import type { DocflowActor } from '../modules/docflow/types.ts';
import { AppError } from '../shared/errors.ts';

export function docflowAuthenticate(ctx: AppContext): DocflowAuthenticate {
  const caller = requireCaller({ get db() { return ctx.database.db; } });
  return async (req: FastifyRequest): Promise<DocflowActor> => {
    await caller.call(undefined as never, req, undefined as unknown as FastifyReply);
    if (req.apiToken) {
      return { accountId: `token:${req.apiToken.id}`, iin: null, actor: `token:${req.apiToken.id}`, requestId: req.id, tokenMailboxId: req.apiToken.mailboxId, tokenRoles: tokenRoles(req.apiToken.scopes) };
    }
    const a = req.session?.account;
    if (!a) throw new AppError('UNAUTHENTICATED');
    const profile = (a.profile ?? {}) as { fullName?: string; name?: string };
    return {
      accountId: a.id, iin: a.iin ?? null, actor: a.kind === 'staff' ? `staff:${a.id}` : `user:${a.id}`, requestId: req.id,
      staffRole: a.staffRole ?? undefined, displayName: profile.fullName ?? profile.name ?? a.login,
    };
  };
}
