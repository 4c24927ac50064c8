/**
 * Routes of a signed-in user: the account, sessions and logout, accepting a new agreement,
 * EDS confirmation of the cabinet (MB-11), cabinet changes, the directory (MB-12) and an
 * organisation's API tokens. Each begins with its guard: 401 without a session, 403 without
 * the CSRF header on a state change or without the right kind of account.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { currentAgreement, recordAcceptance } from '../../modules/accounts/agreements.ts';
import { createApiToken, revokeApiToken } from '../../modules/accounts/api-tokens.ts';
import { confirmWithSignature, prepareConfirmation, updateProfile } from '../../modules/accounts/confirm-with-signature.ts';
import { lookupDirectory } from '../../modules/accounts/directory.ts';
import { field, refuse } from '../../modules/accounts/field-errors.ts';
import { listSessions, logout, revokeSession } from '../../modules/accounts/sessions.ts';
import { mailboxes } from '../../modules/mailboxes/schema.ts';
import { auditContext, clearSessionCookies, cookieSecure, requireCaller, requireSession } from './accounts-auth.ts';
import { documentToSign, errors, okBody, signedBody } from './accounts-schemas.ts';

const me = {
  type: 'object',
  required: ['accountId', 'login', 'kind', 'status'],
  properties: {
    accountId: { type: 'string', format: 'uuid' },
    login: { type: 'string' },
    kind: { type: 'string', enum: ['personal', 'organisation', 'staff'] },
    status: { type: 'string' },
    staffRole: { type: 'string', nullable: true },
    postOfficeId: { type: 'string', nullable: true },
    mailbox: {
      type: 'object',
      nullable: true,
      properties: { id: { type: 'string' }, address: { type: 'string' }, official: { type: 'boolean' }, status: { type: 'string' } },
    },
    profile: { type: 'object', additionalProperties: true },
  },
} as const;

export function registerAccountsSessionRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  const anyone = requireSession(deps, { allowPendingAgreement: true });
  const owner = requireSession(deps, { kinds: ['personal', 'organisation'] });

  app.get(
    '/api/v1/me',
    { onRequest: anyone, schema: { operationId: 'getCurrentAccount', summary: 'The signed-in account and its mailbox', tags: ['auth'], response: { 200: me, ...errors(401) } } },
    async (req) => {
      const a = req.session!.account;
      const [mb] = a.mailboxId ? await deps.db.select().from(mailboxes).where(eq(mailboxes.id, a.mailboxId)) : [];
      return { accountId: a.id, login: a.login, kind: a.kind, status: a.status, staffRole: a.staffRole, postOfficeId: a.postOfficeId, mailbox: mb ? { id: mb.id, address: mb.address, official: mb.official, status: mb.status } : null, profile: a.profile as Record<string, unknown> };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: anyone,
      schema: {
        operationId: 'logout',
        summary: 'End this session, or every session of the account (`everywhere`)',
        tags: ['auth'],
        body: { type: 'object', additionalProperties: false, properties: { everywhere: { type: 'boolean', default: false } } },
        response: { 200: { type: 'object', required: ['sessionsEnded'], properties: { sessionsEnded: { type: 'integer' } } }, ...errors(401, 403) },
      },
    },
    async (req, reply) => {
      const s = req.session!;
      const everywhere = (req.body as { everywhere?: boolean } | undefined)?.everywhere === true;
      const n = await deps.db.transaction((tx) => logout(tx, s.account.id, s.sessionId, everywhere, auditContext(req)));
      clearSessionCookies(reply, cookieSecure(req, deps.demo));
      return { sessionsEnded: n };
    },
  );

  app.get(
    '/api/v1/sessions',
    {
      onRequest: anyone,
      schema: {
        operationId: 'listSessions',
        summary: 'The account\'s live sessions',
        tags: ['auth'],
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'current', 'method', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt'],
              properties: { id: { type: 'string' }, current: { type: 'boolean' }, method: { type: 'string' }, ip: { type: 'string', nullable: true }, userAgent: { type: 'string', nullable: true }, createdAt: { type: 'string' }, lastSeenAt: { type: 'string' }, expiresAt: { type: 'string' } },
            },
          },
          ...errors(401),
        },
      },
    },
    async (req) => {
      const s = req.session!;
      const rows = await listSessions(deps.db, s.account.id);
      return rows.map((r) => ({ ...r, current: r.id === s.sessionId, createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), expiresAt: r.expiresAt.toISOString() }));
    },
  );

  app.delete(
    '/api/v1/sessions/:sessionId',
    {
      onRequest: anyone,
      schema: {
        operationId: 'revokeSession',
        summary: 'End one of the account\'s own sessions',
        tags: ['auth'],
        params: { type: 'object', required: ['sessionId'], properties: { sessionId: { type: 'string', pattern: '^[0-9a-f]{64}$' } } },
        response: { 200: okBody, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { sessionId } = req.params as { sessionId: string };
      const done = await deps.db.transaction((tx) => revokeSession(tx, req.session!.account.id, sessionId, auditContext(req)));
      if (!done) throw new AppError('NOT_FOUND');
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/agreement/accept',
    {
      onRequest: requireSession(deps, { kinds: ['personal', 'organisation'], allowPendingAgreement: true }),
      schema: {
        operationId: 'acceptAgreement',
        summary: 'Accept the current user agreement (asked at sign-in after a new version is published)',
        tags: ['accounts'],
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'string' }, sha256: { type: 'string' } } },
        response: { 200: okBody, ...errors(400, 401, 403, 409) },
      },
    },
    async (req) => {
      const { version, sha256 } = req.body as { version: string; sha256?: string };
      await deps.db.transaction(async (tx) => {
        const current = await currentAgreement(tx, deps.domain);
        if (version !== current.version || (sha256 !== undefined && sha256 !== current.sha256)) throw refuse('AGREEMENT_NOT_CURRENT', [field('version', 'agreement_not_current', 'not_current')]);
        await recordAcceptance(tx, req.session!.account.id, current, 'login', auditContext(req));
      });
      return { ok: true };
    },
  );

  app.post(
    '/api/v1/me/confirmation/prepare',
    {
      onRequest: owner,
      schema: { operationId: 'prepareConfirmation', summary: 'The cabinet document to sign with EDS (MB-11)', tags: ['accounts'], response: { 200: documentToSign, ...errors(401, 403) } },
    },
    async (req) => prepareConfirmation(deps, req.session!.account),
  );

  app.post(
    '/api/v1/me/confirmation',
    {
      onRequest: owner,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'confirmWithSignature',
        summary: 'Confirm the cabinet data with EDS: the mailbox becomes official (MB-11)',
        tags: ['accounts'],
        body: signedBody,
        response: { 200: { type: 'object', required: ['confirmationId', 'official'], properties: { confirmationId: { type: 'string' }, official: { type: 'boolean' } } }, ...errors(400, 401, 403, 422, 429, 503) },
      },
    },
    async (req) => confirmWithSignature(deps, req.session!.account, req.body as { signature: string; document?: string }, auditContext(req)),
  );

  app.patch(
    '/api/v1/me/profile',
    {
      onRequest: owner,
      schema: {
        operationId: 'updateProfile',
        summary: 'Change contact data of the cabinet; drops the official mark until confirmed again (MB-11)',
        tags: ['accounts'],
        body: { type: 'object', additionalProperties: { type: 'string', maxLength: 300 }, minProperties: 1 },
        response: { 200: { type: 'object', required: ['official'], properties: { official: { type: 'boolean' } } }, ...errors(400, 401, 403) },
      },
    },
    async (req) => updateProfile(deps, req.session!.account, req.body as Record<string, string>, auditContext(req)),
  );

  app.get(
    '/api/v1/directory',
    {
      onRequest: requireCaller(deps),
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        operationId: 'lookupDirectory',
        summary: 'The mailbox of an IIN or BIN (MB-12) — official organisations, `directory` tokens and clerks only; audited',
        tags: ['directory'],
        querystring: { type: 'object', additionalProperties: false, properties: { iin: { type: 'string', maxLength: 12 }, bin: { type: 'string', maxLength: 12 }, lang: { type: 'string' } } },
        response: {
          200: { type: 'object', required: ['address', 'kind', 'displayName', 'official'], properties: { address: { type: 'string' }, kind: { type: 'string' }, displayName: { type: 'string' }, official: { type: 'boolean' } } },
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    async (req) => {
      const q = req.query as { iin?: string; bin?: string };
      const caller = req.apiToken ? { kind: 'token' as const, tokenId: req.apiToken.id, scopes: req.apiToken.scopes } : { kind: 'account' as const, account: req.session!.account };
      const found = await lookupDirectory(deps, caller, { iin: q.iin, bin: q.bin }, auditContext(req));
      if (!found) throw new AppError('NOT_FOUND');
      return found;
    },
  );

  app.post(
    '/api/v1/api-tokens',
    {
      onRequest: requireSession(deps, { kinds: ['organisation'] }),
      schema: {
        operationId: 'createApiToken',
        summary: 'Issue a scoped bearer token for the organisation\'s mailbox (shown once)',
        tags: ['accounts'],
        body: {
          type: 'object',
          required: ['name', 'scopes'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, scopes: { type: 'array', minItems: 1, items: { type: 'string', enum: ['send', 'read', 'directory', 'hybrid'] } }, days: { type: 'integer', minimum: 1, maximum: 366 } },
        },
        response: { 201: { type: 'object', required: ['id', 'token', 'scopes', 'expiresAt'], properties: { id: { type: 'string' }, token: { type: 'string' }, scopes: { type: 'array', items: { type: 'string' } }, expiresAt: { type: 'string' } } }, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createApiToken(deps, req.session!.account, req.body as { name: string; scopes: string[]; days?: number }, auditContext(req))),
  );

  app.delete(
    '/api/v1/api-tokens/:tokenId',
    {
      onRequest: requireSession(deps, { kinds: ['organisation'] }),
      schema: {
        operationId: 'revokeApiToken',
        summary: 'Revoke an API token of the organisation',
        tags: ['accounts'],
        params: { type: 'object', required: ['tokenId'], properties: { tokenId: { type: 'string', format: 'uuid' } } },
        response: { 200: okBody, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      await revokeApiToken(deps, req.session!.account, (req.params as { tokenId: string }).tokenId, auditContext(req));
      return { ok: true };
    },
  );
}
