/**
 * Account life and organisation routes: password reset by EDS, closing a mailbox, members of
 * an organisation (grants and revocations signed with EDS) and a person's memberships.
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { closeMailbox } from '../../modules/accounts/close-mailbox.ts';
import { grantMember, listMembers, memberships, MEMBER_ROLES, prepareMemberChange, revokeMember } from '../../modules/accounts/members.ts';
import { prepareReset, resetPassword } from '../../modules/accounts/reset-password.ts';
import { auditContext, clearSessionCookies, clientOf, cookieSecure, requireSession } from './accounts-auth.ts';
import { documentToSign, errors, okBody, signedBody } from './accounts-schemas.ts';

export function registerAccountsLifeRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  const org = requireSession(deps, { kinds: ['organisation'] });
  const owner = requireSession(deps, { kinds: ['personal', 'organisation'], allowPendingAgreement: true });

  app.post(
    '/api/v1/auth/password-reset/prepare',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'prepareResetPassword',
        summary: 'The document to sign (authentication key) to reset the password of a login online',
        tags: ['auth'],
        body: { type: 'object', required: ['login'], additionalProperties: false, properties: { login: { type: 'string', maxLength: 128 } } },
        response: { 200: documentToSign, ...errors(400, 429) },
      },
    },
    async (req) => prepareReset(deps, (req.body as { login: string }).login),
  );

  app.post(
    '/api/v1/auth/password-reset',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'resetPassword',
        summary: 'Reset the password with EDS (the signed challenge and the new password); every session ends',
        tags: ['auth'],
        body: { ...signedBody, required: ['signature', 'password'], properties: { ...signedBody.properties, password: { type: 'string', maxLength: 1024 } } },
        response: { 200: { type: 'object', required: ['login'], properties: { login: { type: 'string' } } }, ...errors(400, 401, 422, 429, 503) },
      },
    },
    async (req) => resetPassword(deps, req.body as { signature: string; document?: string; password: string }, clientOf(req), { requestId: req.id }),
  );

  app.post(
    '/api/v1/me/close',
    {
      onRequest: owner,
      schema: {
        operationId: 'closeMailbox',
        summary: 'Close the mailbox: the address is never reused; export first (exportAcknowledged)',
        tags: ['accounts'],
        body: { type: 'object', required: ['confirmLogin', 'exportAcknowledged'], additionalProperties: false, properties: { confirmLogin: { type: 'string', maxLength: 128 }, exportAcknowledged: { type: 'boolean' } } },
        response: { 200: { type: 'object', required: ['address', 'closedAt'], properties: { address: { type: 'string' }, closedAt: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const r = await closeMailbox(deps, req.session!.account, req.body as { confirmLogin: string; exportAcknowledged: boolean }, auditContext(req));
      clearSessionCookies(reply, cookieSecure(req, deps.demo));
      return r;
    },
  );

  app.get(
    '/api/v1/me/organisations',
    {
      onRequest: requireSession(deps, { kinds: ['personal'] }),
      schema: {
        operationId: 'listMemberships',
        summary: 'Organisation mailboxes the signed-in person may act in, with roles',
        tags: ['organisation'],
        response: { 200: { type: 'array', items: { type: 'object', properties: { mailboxId: { type: 'string' }, address: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } } }, ...errors(401, 403) },
      },
    },
    async (req) => memberships(deps.db, req.session!.account.iin ?? ''),
  );

  app.get(
    '/api/v1/organisation/members',
    {
      onRequest: org,
      schema: {
        operationId: 'listMembers',
        summary: 'People with access to the organisation\'s mailbox',
        tags: ['organisation'],
        response: { 200: { type: 'array', items: { type: 'object', required: ['id', 'iin', 'role', 'grantedAt'], properties: { id: { type: 'string' }, iin: { type: 'string' }, role: { type: 'string' }, grantedAt: { type: 'string' } } } }, ...errors(401, 403) },
      },
    },
    async (req) => (await listMembers(deps, req.session!.account)).map((m) => ({ ...m, grantedAt: m.grantedAt.toISOString() })),
  );

  app.post(
    '/api/v1/organisation/members/prepare',
    {
      onRequest: org,
      schema: {
        operationId: 'prepareMemberChange',
        summary: 'The grant or revocation document to sign with the head\'s (or right-to-sign) EDS',
        tags: ['organisation'],
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: { action: { type: 'string', enum: ['grant', 'revoke'] }, iin: { type: 'string', maxLength: 12 }, role: { type: 'string', enum: [...MEMBER_ROLES] }, memberId: { type: 'string' } },
        },
        response: { 200: documentToSign, ...errors(400, 401, 403) },
      },
    },
    async (req) => prepareMemberChange(deps, req.session!.account, req.body as { action: 'grant' | 'revoke'; iin?: string; role?: string; memberId?: string }),
  );

  app.post(
    '/api/v1/organisation/members',
    {
      onRequest: org,
      schema: {
        operationId: 'grantMember',
        summary: 'Grant a person (IIN) a role in the organisation\'s mailbox: the signed grant',
        tags: ['organisation'],
        body: signedBody,
        response: { 201: { type: 'object', required: ['memberId'], properties: { memberId: { type: 'string' } } }, ...errors(400, 401, 403, 409, 422, 503) },
      },
    },
    async (req, reply) => reply.status(201).send(await grantMember(deps, req.session!.account, req.body as { signature: string; document?: string }, auditContext(req))),
  );

  app.post(
    '/api/v1/organisation/members/revoke',
    {
      onRequest: org,
      schema: {
        operationId: 'revokeMember',
        summary: 'Revoke a member\'s role: the signed revocation',
        tags: ['organisation'],
        body: signedBody,
        response: { 200: okBody, ...errors(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req) => {
      await revokeMember(deps, req.session!.account, req.body as { signature: string; document?: string }, auditContext(req));
      return { ok: true };
    },
  );
}
