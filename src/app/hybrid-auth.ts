/**
 * Hybrid routes' caller: the accounts module's cookie session (with CSRF on state changes) or
 * bearer API token, turned into the hybrid services' HybridActor. The database is reached on
 * first use (the OpenAPI export registers routes without storage).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.ts';
import { requireCaller } from '../http/routes/accounts-auth.ts';
import type { HybridAuthenticate } from '../http/routes/hybrid-routes.ts';
import type { HybridActor } from '../modules/hybrid/ports.ts';
import { AppError } from '../shared/errors.ts';

export function hybridAuthenticate(ctx: AppContext): HybridAuthenticate {
  let caller: ReturnType<typeof requireCaller> | undefined;
  return async (req: FastifyRequest): Promise<HybridActor> => {
    caller ??= requireCaller(ctx.database.db);
    await caller.call(undefined as never, req, undefined as unknown as FastifyReply);
    if (req.apiToken) return { actor: `token:${req.apiToken.id}`, kind: 'token', mailboxId: req.apiToken.mailboxId, scopes: [...req.apiToken.scopes], requestId: req.id };
    const a = req.session?.account;
    if (!a) throw new AppError('UNAUTHENTICATED');
    if (a.kind === 'staff') return { actor: `staff:${a.id}`, kind: 'staff', staffRole: a.staffRole ?? undefined, postOfficeId: a.postOfficeId ?? undefined, requestId: req.id };
    return { actor: `user:${a.id}`, kind: 'user', mailboxId: a.mailboxId ?? undefined, mailboxKind: a.kind, requestId: req.id };
  };
}
