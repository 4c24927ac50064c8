/**
 * Public accounts routes: the user agreement, the online application (MB-5.1), and signing in
 * (password or EDS). Every credential path is rate-limited per IP here and throttled per
 * account/IP with lockouts in the service.
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { currentAgreement } from '../../modules/accounts/agreements.ts';
import { applicantJsonSchema } from '../../modules/accounts/application-form.ts';
import { loginWithPassword } from '../../modules/accounts/login.ts';
import { loginWithSignature, prepareSignatureLogin } from '../../modules/accounts/login-with-signature.ts';
import { prepareApplication } from '../../modules/accounts/prepare-application.ts';
import { submitApplication } from '../../modules/accounts/submit-application.ts';
import { auditContext, clientOf, cookieSecure, setSessionCookies } from './accounts-auth.ts';
import { documentToSign, errors, loginResult, mailboxCreated, signedBody } from './accounts-schemas.ts';

const perIp = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

export function registerAccountsPublicRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  app.get(
    '/api/v1/agreement',
    {
      schema: {
        operationId: 'getAgreement',
        summary: 'The current user agreement (MB-3): version, hash and texts in kk, ru, en',
        tags: ['accounts'],
        response: {
          200: {
            type: 'object',
            required: ['version', 'sha256', 'publishedAt', 'texts'],
            properties: {
              version: { type: 'string' },
              sha256: { type: 'string' },
              publishedAt: { type: 'string', format: 'date-time' },
              domain: { type: 'string' },
              texts: { type: 'object', required: ['kk', 'ru', 'en'], properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } },
            },
          },
        },
      },
    },
    async () => {
      const a = await currentAgreement(deps.db, deps.domain);
      return { version: a.version, sha256: a.sha256, publishedAt: a.publishedAt.toISOString(), domain: deps.domain, texts: { kk: a.textKk, ru: a.textRu, en: a.textEn } };
    },
  );

  app.post(
    '/api/v1/applications/prepare',
    {
      config: perIp(30),
      schema: {
        operationId: 'prepareApplication',
        summary: 'Check an application form and get the canonical document to sign (with a 5-minute single-use nonce)',
        tags: ['accounts'],
        body: { type: 'object', required: ['applicant', 'login'], properties: { applicant: applicantJsonSchema, login: { type: 'string', maxLength: 128 } } },
        response: { 200: documentToSign, ...errors(400, 429) },
      },
    },
    async (req) => prepareApplication(deps, req.body as Record<string, unknown>),
  );

  app.post(
    '/api/v1/applications',
    {
      config: perIp(10),
      schema: {
        operationId: 'submitApplication',
        summary: 'Submit the signed application (MB-5.1); the mailbox exists at once (MB-6)',
        description:
          'The signature is checked (chain, validity, key purpose, revocation: unknown → 503 try later), the certificate must be the applicant\'s (IIN; for a legal entity its BIN and the head\'s or right-to-sign role), the data are confirmed with the state registry. The password is sent beside the document, never inside it.',
        tags: ['accounts'],
        body: { ...signedBody, required: ['signature', 'password'], properties: { ...signedBody.properties, password: { type: 'string', maxLength: 1024 } } },
        response: { 201: mailboxCreated, ...errors(400, 409, 422, 429, 503) },
      },
    },
    async (req, reply) => {
      const body = req.body as { signature: string; document?: string; password: string };
      const created = await submitApplication(deps, body, auditContext(req));
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: perIp(20),
      schema: {
        operationId: 'login',
        summary: 'Sign in with login and password (MB-10); sets the session and CSRF cookies',
        tags: ['auth'],
        body: { type: 'object', required: ['login', 'password'], additionalProperties: false, properties: { login: { type: 'string', maxLength: 128 }, password: { type: 'string', maxLength: 1024 } } },
        response: { 200: loginResult, ...errors(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const r = await loginWithPassword(deps, req.body as { login: string; password: string }, clientOf(req), { requestId: req.id });
      setSessionCookies(reply, r, cookieSecure(req, deps.demo));
      return { accountId: r.accountId, login: r.login, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString(), agreementAcceptanceRequired: r.agreementAcceptanceRequired };
    },
  );

  app.post(
    '/api/v1/auth/signature-challenge',
    {
      config: perIp(30),
      schema: {
        operationId: 'getLoginChallenge',
        summary: 'The document to sign with an authentication key for an EDS sign-in (nonce single-use, 5 minutes)',
        tags: ['auth'],
        response: { 200: documentToSign, ...errors(429) },
      },
    },
    async () => prepareSignatureLogin(deps),
  );

  app.post(
    '/api/v1/auth/login-signature',
    {
      config: perIp(20),
      schema: {
        operationId: 'loginWithSignature',
        summary: 'Sign in with EDS: the signed challenge; lifts a password lockout of the account',
        tags: ['auth'],
        body: { ...signedBody, properties: { ...signedBody.properties, login: { type: 'string', maxLength: 128, description: 'Which account (default: the personal account of the certificate\'s IIN)' } } },
        response: { 200: loginResult, ...errors(400, 401, 422, 429, 503) },
        description: 'A certificate carrying an organisation\'s BIN, held by a member of that organisation, signs the person in to their personal account and names the organisation mailbox (422 MEMBER_NEEDS_PERSONAL_ACCOUNT when the person has none).',
      },
    },
    async (req, reply) => {
      const r = await loginWithSignature(deps, req.body as { signature: string; document?: string; login?: string }, clientOf(req), { requestId: req.id });
      setSessionCookies(reply, r, cookieSecure(req, deps.demo));
      return { accountId: r.accountId, login: r.login, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString(), agreementAcceptanceRequired: r.agreementAcceptanceRequired, ...(r.organisation ? { organisation: r.organisation } : {}) };
    },
  );
}
