/**
 * Listing an organisation's API tokens (never the tokens themselves) and the administrators'
 * users lookup by login (no content access, audited).
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { findAccountByLogin } from '../../modules/accounts/find-account-by-login.ts';
import { listApiTokens } from '../../modules/accounts/list-api-tokens.ts';
import { auditContext, requireSession } from './accounts-auth.ts';
import { errors } from './accounts-schemas.ts';

const tokenSummary = {
  type: 'object',
  required: ['id', 'name', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'revoked'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time', nullable: true },
    revoked: { type: 'boolean' },
  },
} as const;

const accountLookup = {
  type: 'object',
  required: ['login', 'address', 'kind', 'official', 'status', 'createdAt'],
  properties: {
    login: { type: 'string' },
    address: { type: 'string', nullable: true },
    kind: { type: 'string', enum: ['personal', 'organisation', 'staff'] },
    official: { type: 'boolean' },
    status: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export function registerAccountsAdminRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  app.get(
    '/api/v1/api-tokens',
    {
      onRequest: requireSession(deps, { kinds: ['organisation'] }),
      schema: {
        operationId: 'listApiTokens',
        summary: "The organisation's API tokens: name, scopes, expiry, last use (the token itself is shown only once, at issue)",
        tags: ['accounts'],
        response: { 200: { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: tokenSummary } } }, ...errors(401, 403) },
      },
    },
    async (req) => ({ tokens: await listApiTokens(deps, req.session!.account) }),
  );

  app.get(
    '/api/v1/admin/accounts',
    {
      onRequest: requireSession(deps, { roles: ['operator_admin'] }),
      schema: {
        operationId: 'findAccountByLogin',
        summary: 'Users lookup by login (operator admin; audited): login, address, kind, official, status, created — no content',
        tags: ['staff'],
        querystring: { type: 'object', required: ['login'], additionalProperties: false, properties: { login: { type: 'string', minLength: 1, maxLength: 254 } } },
        response: { 200: accountLookup, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => findAccountByLogin(deps, req.session!.account, (req.query as { login: string }).login, auditContext(req)),
  );
}
