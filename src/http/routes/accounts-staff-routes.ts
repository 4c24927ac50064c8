/**
 * Operator staff routes: post offices and staff accounts (operator admins), publishing a user
 * agreement version (operator admins), counter registration, activation slips and reset codes
 * (clerks, at their own post office only), and first sign-in with a one-time code (anyone with
 * a code; throttled).
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsDeps } from '../../modules/accounts/accounts-deps.ts';
import { activateAccount } from '../../modules/accounts/activate-account.ts';
import { publishAgreement } from '../../modules/accounts/agreements.ts';
import { applicantJsonSchema } from '../../modules/accounts/application-form.ts';
import { activationSlipFor, issueCounterResetCode } from '../../modules/accounts/counter-slip.ts';
import { registerCounterApplication, type CounterApplicationInput } from '../../modules/accounts/register-counter-application.ts';
import { createPostOffice, createStaffAccount, type StaffInput } from '../../modules/accounts/staff.ts';
import { auditContext, clientOf, cookieSecure, requireSession, setSessionCookies } from './accounts-auth.ts';
import { errors, loginResult, mailboxCreated } from './accounts-schemas.ts';

export function registerAccountsStaffRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  const admin = requireSession(deps, { roles: ['operator_admin'] });
  const clerk = requireSession(deps, { roles: ['clerk'] });

  app.post(
    '/api/v1/post-offices',
    {
      onRequest: admin,
      schema: {
        operationId: 'createPostOffice',
        summary: 'Create a post office (operator admin)',
        tags: ['staff'],
        body: { type: 'object', required: ['code', 'name', 'address'], additionalProperties: false, properties: { code: { type: 'string', minLength: 1, maxLength: 20 }, name: { type: 'string', minLength: 1, maxLength: 200 }, address: { type: 'string', minLength: 1, maxLength: 300 } } },
        response: { 201: { type: 'object', required: ['id', 'code', 'name', 'address'], properties: { id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, address: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const row = await createPostOffice(deps, req.body as { code: string; name: string; address: string }, auditContext(req));
      return reply.status(201).send({ id: row.id, code: row.code, name: row.name, address: row.address });
    },
  );

  app.post(
    '/api/v1/staff',
    {
      onRequest: admin,
      schema: {
        operationId: 'createStaffAccount',
        summary: 'Create a staff account (clerk bound to a post office, print centre, operator admin); returns its one-time activation code',
        tags: ['staff'],
        body: {
          type: 'object',
          required: ['login', 'role', 'fullName'],
          additionalProperties: false,
          properties: { login: { type: 'string', maxLength: 64 }, role: { type: 'string', enum: ['operator_admin', 'clerk', 'print_centre'] }, postOfficeId: { type: 'string', format: 'uuid' }, iin: { type: 'string' }, fullName: { type: 'string', minLength: 1, maxLength: 300 } },
        },
        response: { 201: { type: 'object', required: ['accountId', 'login', 'activationCode', 'expiresAt'], properties: { accountId: { type: 'string' }, login: { type: 'string' }, activationCode: { type: 'string' }, expiresAt: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createStaffAccount(deps, req.body as StaffInput, auditContext(req))),
  );

  app.post(
    '/api/v1/agreement/versions',
    {
      onRequest: admin,
      schema: {
        operationId: 'publishAgreement',
        summary: 'Publish a new user agreement version (operator admin); users accept it at next sign-in',
        tags: ['staff'],
        body: { type: 'object', required: ['version', 'kk', 'ru', 'en'], additionalProperties: false, properties: { version: { type: 'string', pattern: '^[0-9A-Za-z._-]{1,32}$' }, kk: { type: 'string', minLength: 1 }, ru: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } } },
        response: { 201: { type: 'object', required: ['version', 'sha256'], properties: { version: { type: 'string' }, sha256: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const b = req.body as { version: string; kk: string; ru: string; en: string };
      const row = await deps.db.transaction((tx) => publishAgreement(tx, { version: b.version, textKk: b.kk, textRu: b.ru, textEn: b.en }, auditContext(req)));
      return reply.status(201).send({ version: row.version, sha256: row.sha256 });
    },
  );

  app.post(
    '/api/v1/counter/applications',
    {
      onRequest: clerk,
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        operationId: 'registerCounterApplication',
        summary: 'A clerk registers a paper application (MB-5.2) with the scan of the signed form; returns the one-time activation code',
        tags: ['counter'],
        body: {
          type: 'object',
          required: ['postOfficeId', 'applicant', 'login', 'identityDocumentChecked', 'agreementVersion', 'scan'],
          additionalProperties: false,
          properties: {
            postOfficeId: { type: 'string', format: 'uuid' },
            applicant: applicantJsonSchema,
            login: { type: 'string', maxLength: 128 },
            identityDocumentChecked: { type: 'string', maxLength: 64 },
            agreementVersion: { type: 'string' },
            scan: { type: 'object', required: ['contentType', 'base64'], additionalProperties: false, properties: { contentType: { type: 'string', enum: ['application/pdf', 'image/jpeg', 'image/tiff'] }, base64: { type: 'string' } } },
          },
        },
        response: {
          201: { type: 'object', required: [...mailboxCreated.required, 'activationCode', 'activationExpiresAt'], properties: { ...mailboxCreated.properties, activationCode: { type: 'string' }, activationExpiresAt: { type: 'string' } } },
          ...errors(400, 401, 403, 409, 422, 503),
        },
      },
    },
    async (req, reply) => {
      const r = await registerCounterApplication(deps, req.session!.account, req.body as CounterApplicationInput, auditContext(req));
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/v1/counter/applications/:applicationId/slip',
    {
      onRequest: clerk,
      schema: {
        operationId: 'getActivationSlip',
        summary: 'The printable activation slip (PDF, kk+ru) of a counter registration',
        tags: ['counter'],
        params: { type: 'object', required: ['applicationId'], properties: { applicationId: { type: 'string', format: 'uuid' } } },
        body: { type: 'object', required: ['activationCode'], additionalProperties: false, properties: { activationCode: { type: 'string', maxLength: 40 } } },
        response: { 200: { type: 'string', format: 'binary', description: 'application/pdf' }, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      const { applicationId } = req.params as { applicationId: string };
      const pdf = await activationSlipFor({ db: deps.db, activationUrl: `https://${deps.domain}/activate` }, req.session!.account, applicationId, (req.body as { activationCode: string }).activationCode);
      return reply.type('application/pdf').header('content-disposition', 'inline; filename="activation-slip.pdf"').send(pdf);
    },
  );

  app.post(
    '/api/v1/counter/password-resets',
    {
      onRequest: clerk,
      schema: {
        operationId: 'issueResetCode',
        summary: 'Password reset at the counter: the clerk checks the identity document and issues a one-time code',
        tags: ['counter'],
        body: { type: 'object', required: ['login', 'identityDocumentChecked'], additionalProperties: false, properties: { login: { type: 'string', maxLength: 128 }, identityDocumentChecked: { type: 'string', maxLength: 64 } } },
        response: { 201: { type: 'object', required: ['login', 'code', 'expiresAt'], properties: { login: { type: 'string' }, code: { type: 'string' }, expiresAt: { type: 'string' } } }, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await issueCounterResetCode(deps, req.session!.account, req.body as { login: string; identityDocumentChecked: string }, auditContext(req))),
  );

  app.post(
    '/api/v1/auth/activate',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        operationId: 'activateAccount',
        summary: 'First sign-in with a one-time code (counter registration, staff account, counter reset): sets the password',
        tags: ['auth'],
        body: { type: 'object', required: ['login', 'code', 'password'], additionalProperties: false, properties: { login: { type: 'string', maxLength: 128 }, code: { type: 'string', maxLength: 40 }, password: { type: 'string', maxLength: 1024 } } },
        response: { 200: loginResult, ...errors(400, 403, 422, 429) },
      },
    },
    async (req, reply) => {
      const r = await activateAccount(deps, req.body as { login: string; code: string; password: string }, clientOf(req), { requestId: req.id });
      setSessionCookies(reply, r, cookieSecure(req, deps.demo));
      return { accountId: r.accountId, login: r.login, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString(), agreementAcceptanceRequired: r.agreementAcceptanceRequired };
    },
  );
}
