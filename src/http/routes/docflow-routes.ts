/**
 * Electronic document flow API (issue 7). Stable operationIds: createDocument,
 * addDocumentSignature, registerDocument, sendDocument, acceptIncomingDocument,
 * rejectIncomingDocument, listJournal, getDocument, getReceipt, assignExecution, reportExecution,
 * makePaperCopy, searchDocuments. Routes authenticate (cookie session with CSRF, or bearer
 * token), decode, call the docflow service and shape the answer; who may do what is decided in
 * the services.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestCallers, base64Field } from './route-kit.ts';
import { addDocumentSignature } from '../../modules/docflow/add-signature.ts';
import { exportArchivePackage } from '../../modules/docflow/archive-package.ts';
import { createDocument } from '../../modules/docflow/create-document.ts';
import { acceptIncomingDocument, prepareIncomingDecision, rejectIncomingDocument } from '../../modules/docflow/decide-incoming.ts';
import { approveDestruction, proposeDestruction } from '../../modules/docflow/destruction.ts';
import { acceptExecution, assignExecution, fileDocument, listControl, reportExecution } from '../../modules/docflow/executions.ts';
import { makePaperCopy } from '../../modules/docflow/make-paper-copy.ts';
import { prepareRegistration } from '../../modules/docflow/prepare-registration.ts';
import { getDocument, getDocumentFile, getReceipt, listAlerts, listIncoming, listJournal, searchDocuments } from '../../modules/docflow/queries.ts';
import { exportReference, listReference, putReference, REFERENCE_KINDS, type ReferenceKind } from '../../modules/docflow/reference.ts';
import { registerDocument } from '../../modules/docflow/register-document.ts';
import { sendDocument } from '../../modules/docflow/send-document.ts';
import { updateSettings } from '../../modules/docflow/settings.ts';
import type { DocflowActor, DocflowDeps } from '../../modules/docflow/types.ts';
import { anyObject, cardRequisitesSchema, contentRequisitesSchema, dateSchema, documentSchema, executorSchema, fileInputSchema, receiptSchema, signatureBody, str, uuid } from './docflow-schemas.ts';

export type DocflowAuthenticate = (req: FastifyRequest) => Promise<DocflowActor>;

const err = { $ref: 'Error#' } as const;
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, err]));
/** 60 MB of files in base64 plus the requisites. */
const CREATE_BODY_LIMIT = 90 * 1024 * 1024;
const tags = ['docflow'];
const idParam = (name: string) => ({ type: 'object', required: [name], properties: { [name]: uuid } }) as const;

export function docflowRoutes(deps: DocflowDeps, authenticate: DocflowAuthenticate) {
  return (app: FastifyInstance) => {
    const { guard: preHandler, requireCallerOf: who } = requestCallers(authenticate);
    const P = (req: FastifyRequest) => req.params as Record<string, string>;

    app.post('/api/v1/docflow/documents', {
      preHandler, bodyLimit: CREATE_BODY_LIMIT,
      schema: {
        operationId: 'createDocument', tags, summary: 'A draft e-document: DOC/DOCX content files, up to 6 attachments (60 MB in all, types checked by content), content and RCC requisites (DF-2…DF-5)',
        body: {
          type: 'object', additionalProperties: false, required: ['senderMailboxId', 'typeCode', 'files'],
          properties: {
            senderMailboxId: uuid, recipientMailboxId: uuid, typeCode: str(64), requisites: contentRequisitesSchema, card: cardRequisitesSchema,
            stateSecret: { type: 'boolean', description: 'DF-20: documents with state secrets are refused' }, medium: { type: 'string', enum: ['electronic', 'paper'] },
            files: { type: 'array', maxItems: 30, items: fileInputSchema },
          },
        },
        response: { 201: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } }, ...errors(400, 401, 403, 404, 413, 422) },
      },
    }, async (req, reply) => {
      const b = req.body as { senderMailboxId: string; recipientMailboxId?: string; typeCode: string; requisites?: object; card?: object; stateSecret?: boolean; medium?: 'electronic' | 'paper'; files: { role: 'content' | 'attachment'; filename: string; contentBase64: string }[] };
      const files = b.files.map((f, i) => ({ role: f.role, filename: f.filename, content: base64Field(f.contentBase64, `files[${i}].contentBase64`) }));
      const r = await createDocument(deps, who(req), { ...b, requisites: b.requisites ?? {}, card: b.card ?? {}, files });
      return reply.status(201).send(r);
    });

    app.get('/api/v1/docflow/documents/:id', {
      preHandler,
      schema: { operationId: 'getDocument', tags, summary: 'The one original of a document, its signatures, RCC, registrations and deliveries (sender or recipient side)', params: idParam('id'), response: { 200: documentSchema, ...errors(401, 403, 404) } },
    }, async (req) => getDocument(deps, who(req), P(req).id));

    app.get('/api/v1/docflow/documents/:id/files/:position', {
      preHandler,
      schema: { operationId: 'getDocumentFile', tags, summary: 'A content file or attachment as stored (to sign it, or read it)', params: { type: 'object', required: ['id', 'position'], properties: { id: uuid, position: { type: 'integer', minimum: 0 } } }, response: { 200: { type: 'string', format: 'binary' }, ...errors(401, 403, 404) } },
    }, async (req, reply) => {
      const f = await getDocumentFile(deps, who(req), P(req).id, Number(P(req).position));
      return reply.type(f.mediaType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).send(f.content);
    });

    app.post('/api/v1/docflow/documents/:id/signatures', {
      preHandler, bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: 'addDocumentSignature', tags, summary: "An official's detached CMS for each content file; co-signers become SignerInfos of the same CMS (DF-19)",
        params: idParam('id'),
        body: { type: 'object', additionalProperties: false, required: ['signatures'], properties: { signatures: { type: 'array', minItems: 1, maxItems: 30, items: { type: 'object', additionalProperties: false, required: ['position', 'signature'], properties: { position: { type: 'integer', minimum: 0 }, signature: { type: 'string' } } } } } },
        response: { 200: { type: 'object', properties: { documentDate: { type: 'string' }, signers: { type: 'array', items: anyObject } } }, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    }, async (req) => {
      const b = req.body as { signatures: { position: number; signature: string }[] };
      return addDocumentSignature(deps, who(req), P(req).id, b.signatures.map((s, i) => ({ position: s.position, cms: base64Field(s.signature, `signatures[${i}].signature`) })));
    });

    app.post('/api/v1/docflow/documents/:id/registration-card', {
      preHandler,
      schema: {
        operationId: 'prepareRegistration', tags, summary: 'Checks the form (DF-12), reserves the outgoing number and returns the RCC for the records officer to sign',
        params: idParam('id'), body: { type: 'object', additionalProperties: false, properties: { nomenclatureIndex: str(64) } },
        response: { 200: { type: 'object', properties: { registrationId: { type: 'string' }, number: { type: 'string' }, card: { type: 'string' } } }, ...errors(401, 403, 404, 409, 422) },
      },
    }, async (req) => prepareRegistration(deps, who(req), P(req).id, (req.body ?? {}) as { nomenclatureIndex?: string }));

    app.post('/api/v1/docflow/documents/:id/registration', {
      preHandler,
      schema: {
        operationId: 'registerDocument', tags, summary: "Registers an outgoing document with the records officer's signature over the prepared RCC (outgoing only)",
        params: idParam('id'), body: signatureBody,
        response: { 200: { type: 'object', properties: { registrationId: { type: 'string' }, number: { type: 'string' }, date: { type: 'string' }, signer: anyObject } }, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    }, async (req) => registerDocument(deps, who(req), P(req).id, { signature: base64Field((req.body as { signature: string }).signature, 'signature') }));

    app.post('/api/v1/docflow/documents/:id/send', {
      preHandler,
      schema: { operationId: 'sendDocument', tags, summary: "Sends a registered document to the recipient's mailbox as a registered item; the receipt is watched for one working day (DF-11)", params: idParam('id'), response: { 200: { type: 'object', properties: { deliveryId: { type: 'string' }, sentAt: { type: 'string' }, watchDue: { type: 'string' } } }, ...errors(401, 403, 404, 409, 422) } },
    }, async (req) => sendDocument(deps, who(req), P(req).id));

    app.get('/api/v1/docflow/incoming', {
      preHandler,
      schema: { operationId: 'listIncoming', tags, summary: 'Documents received by an organisation with their verification and primary-processing results', querystring: { type: 'object', required: ['mailboxId'], properties: { mailboxId: uuid } }, response: { 200: { type: 'array', items: anyObject }, ...errors(401, 403) } },
    }, async (req) => listIncoming(deps, who(req), (req.query as { mailboxId: string }).mailboxId));

    app.post('/api/v1/docflow/incoming/:deliveryId/decision', {
      preHandler,
      schema: {
        operationId: 'prepareIncomingDecision', tags, summary: 'Builds the notification-receipt (accepted: with the reserved incoming number; not accepted: with the coded reasons) for the records officer to sign',
        params: idParam('deliveryId'),
        body: { type: 'object', additionalProperties: false, required: ['decision'], properties: { decision: { type: 'string', enum: ['accept', 'reject'] }, nomenclatureIndex: str(64), responsibleExecutor: executorSchema, comment: str(1000) } },
        response: { 200: { type: 'object', properties: { receipt: { type: 'string' }, registration: { type: 'object', nullable: true, properties: { number: { type: 'string' }, date: { type: 'string' } } } } }, ...errors(401, 403, 404, 409, 422) },
      },
    }, async (req) => prepareIncomingDecision(deps, who(req), P(req).deliveryId, req.body as { decision: 'accept' | 'reject' }));

    const decisionResponse = { 200: { type: 'object', properties: { receiptId: { type: 'string' }, registration: { type: 'object', nullable: true, properties: { number: { type: 'string' }, date: { type: 'string' } } } } }, ...errors(400, 401, 403, 404, 409, 422, 503) };
    app.post('/api/v1/docflow/incoming/:deliveryId/accept', {
      preHandler,
      schema: { operationId: 'acceptIncomingDocument', tags, summary: 'Registers a positively checked incoming document and issues the DF-10 receipt signed by the records officer', params: idParam('deliveryId'), body: signatureBody, response: decisionResponse },
    }, async (req) => acceptIncomingDocument(deps, who(req), P(req).deliveryId, { signature: base64Field((req.body as { signature: string }).signature, 'signature') }));

    app.post('/api/v1/docflow/incoming/:deliveryId/reject', {
      preHandler,
      schema: { operationId: 'rejectIncomingDocument', tags, summary: 'Issues the "not accepted" receipt with the coded reasons, signed by the records officer (DF-7)', params: idParam('deliveryId'), body: signatureBody, response: decisionResponse },
    }, async (req) => rejectIncomingDocument(deps, who(req), P(req).deliveryId, { signature: base64Field((req.body as { signature: string }).signature, 'signature') }));

    app.get('/api/v1/docflow/receipts/:deliveryId', {
      preHandler,
      schema: { operationId: 'getReceipt', tags, summary: 'The notification-receipt of a delivery (sender or recipient); without one the document counts as not delivered', params: idParam('deliveryId'), response: { 200: receiptSchema, ...errors(401, 403, 404) } },
    }, async (req) => getReceipt(deps, who(req), P(req).deliveryId));

    app.get('/api/v1/docflow/journal', {
      preHandler,
      schema: {
        operationId: 'listJournal', tags, summary: "An organisation's outgoing or incoming journal",
        querystring: { type: 'object', required: ['mailboxId', 'journal'], properties: { mailboxId: uuid, journal: { type: 'string', enum: ['outgoing', 'incoming'] }, from: dateSchema, to: dateSchema, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
        response: { 200: { type: 'array', items: anyObject }, ...errors(400, 401, 403) },
      },
    }, async (req) => listJournal(deps, who(req), req.query as never));

    app.get('/api/v1/docflow/search', {
      preHandler,
      schema: {
        operationId: 'searchDocuments', tags, summary: 'Search over RCC fields and document text, with filters (DF-1)',
        querystring: { type: 'object', required: ['mailboxId'], properties: { mailboxId: uuid, q: str(200), journal: { type: 'string', enum: ['outgoing', 'incoming'] }, typeCode: str(64), from: dateSchema, to: dateSchema, executorIin: str(12), status: str(20), limit: { type: 'integer', minimum: 1, maximum: 200 } } },
        response: { 200: { type: 'array', items: anyObject }, ...errors(400, 401, 403) },
      },
    }, async (req) => searchDocuments(deps, who(req), req.query as never));

    app.post('/api/v1/docflow/registrations/:id/executions', {
      preHandler,
      schema: {
        operationId: 'assignExecution', tags, summary: 'The head assigns an executor with a deadline: a date or working days (DF-13)',
        params: idParam('id'),
        body: { type: 'object', additionalProperties: false, required: ['executorIin'], properties: { executorIin: str(12), executorName: str(300), instruction: str(4000), deadlineDate: dateSchema, workingDays: { type: 'integer', minimum: 1, maximum: 365 } } },
        response: { 201: { type: 'object', properties: { executionId: { type: 'string' }, deadline: { type: 'string' } } }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    }, async (req, reply) => reply.status(201).send(await assignExecution(deps, who(req), P(req).id, req.body as never)));

    app.post('/api/v1/docflow/executions/:id/report', {
      preHandler,
      schema: { operationId: 'reportExecution', tags, summary: 'The executor reports execution', params: idParam('id'), body: { type: 'object', additionalProperties: false, required: ['report'], properties: { report: str(10_000) } }, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) } },
    }, async (req, reply) => {
      await reportExecution(deps, who(req), P(req).id, req.body as { report: string });
      return reply.status(204).send();
    });

    app.post('/api/v1/docflow/executions/:id/accept', {
      preHandler,
      schema: { operationId: 'acceptExecution', tags, summary: 'The head accepts the reported execution', params: idParam('id'), response: { 204: { type: 'null' }, ...errors(401, 403, 404, 409) } },
    }, async (req, reply) => {
      await acceptExecution(deps, who(req), P(req).id);
      return reply.status(204).send();
    });

    app.get('/api/v1/docflow/control', {
      preHandler,
      schema: { operationId: 'listControl', tags, summary: 'Assignments under control: open, overdue or due within one working day', querystring: { type: 'object', required: ['mailboxId'], properties: { mailboxId: uuid, filter: { type: 'string', enum: ['open', 'overdue', 'due_soon'] } } }, response: { 200: { type: 'array', items: anyObject }, ...errors(401, 403) } },
    }, async (req) => {
      const q = req.query as { mailboxId: string; filter?: 'open' | 'overdue' | 'due_soon' };
      return listControl(deps, who(req), q.mailboxId, q.filter);
    });

    app.post('/api/v1/docflow/registrations/:id/filing', {
      preHandler,
      schema: { operationId: 'fileDocument', tags, summary: 'Filing mark "в дело" with the nomenclature index; sets the end of retention', params: idParam('id'), body: { type: 'object', additionalProperties: false, required: ['nomenclatureIndex'], properties: { nomenclatureIndex: str(64) } }, response: { 200: { type: 'object', properties: { retainUntil: { type: 'string', nullable: true } } }, ...errors(401, 403, 404, 409, 422) } },
    }, async (req) => fileDocument(deps, who(req), P(req).id, req.body as { nomenclatureIndex: string }));

    app.post('/api/v1/docflow/documents/:id/paper-copy', {
      preHandler,
      schema: { operationId: 'makePaperCopy', tags, summary: 'Certified paper copy (PDF) with the copy mark, verification result, source system, date and the triangular stamp (DF-17)', params: idParam('id'), body: { type: 'object', nullable: true, additionalProperties: false, properties: { certifierName: str(300) } }, response: { 200: { type: 'string', format: 'binary' }, ...errors(401, 403, 404, 409, 422) } },
    }, async (req, reply) => {
      const r = await makePaperCopy(deps, who(req), P(req).id, (req.body ?? {}) as { certifierName?: string });
      return reply.type('application/pdf').header('x-sheets', String(r.sheets)).header('x-copy-id', r.copyId).send(r.pdf);
    });

    app.get('/api/v1/docflow/documents/:id/archive-package', {
      preHandler,
      schema: { operationId: 'exportArchivePackage', tags, summary: 'Self-contained, offline-verifiable archive package (ZIP with manifest) of a document (DF-14)', params: idParam('id'), response: { 200: { type: 'string', format: 'binary' }, ...errors(401, 403, 404) } },
    }, async (req, reply) => reply.type('application/zip').send(await exportArchivePackage(deps, who(req), P(req).id)));

    app.post('/api/v1/docflow/destructions', {
      preHandler,
      schema: { operationId: 'proposeDestruction', tags, summary: 'Destruction list of entries whose retention ended before a date', body: { type: 'object', additionalProperties: false, required: ['mailboxId', 'asOf'], properties: { mailboxId: uuid, asOf: dateSchema } }, response: { 201: { type: 'object', properties: { destructionId: { type: 'string' }, items: { type: 'array', items: anyObject } } }, ...errors(400, 401, 403) } },
    }, async (req, reply) => {
      const b = req.body as { mailboxId: string; asOf: string };
      return reply.status(201).send(await proposeDestruction(deps, who(req), b.mailboxId, b.asOf));
    });

    app.post('/api/v1/docflow/destructions/:id/approval', {
      preHandler,
      schema: { operationId: 'approveDestruction', tags, summary: 'The head approves: the signed destruction act is kept and the documents are deleted', params: idParam('id'), response: { 200: { type: 'object', properties: { act: { type: 'string' }, signature: { type: 'string' }, destroyed: { type: 'array', items: { type: 'string' } } } }, ...errors(401, 403, 404, 409) } },
    }, async (req) => approveDestruction(deps, who(req), P(req).id));

    app.get('/api/v1/docflow/alerts', {
      preHandler,
      schema: { operationId: 'listDocflowAlerts', tags, summary: 'Cabinet alerts: missing receipts (DF-11), overdue executions, receipts received', querystring: { type: 'object', required: ['mailboxId'], properties: { mailboxId: uuid } }, response: { 200: { type: 'array', items: anyObject }, ...errors(401, 403) } },
    }, async (req) => listAlerts(deps, who(req), (req.query as { mailboxId: string }).mailboxId));

    app.put('/api/v1/docflow/settings/:mailboxId', {
      preHandler,
      schema: { operationId: 'updateDocflowSettings', tags, summary: 'The registration-number pattern of an organisation ({index}, {seq}, {year}, {yy}, {journal})', params: idParam('mailboxId'), body: { type: 'object', additionalProperties: false, required: ['numberPattern'], properties: { numberPattern: str(64) } }, response: { 200: { type: 'object', properties: { numberPattern: { type: 'string' } } }, ...errors(400, 401, 403) } },
    }, async (req) => updateSettings(deps, who(req), P(req).mailboxId, req.body as { numberPattern: string }));

    const kindParam = { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: REFERENCE_KINDS } } } as const;
    app.get('/api/v1/docflow/reference/:kind', {
      preHandler,
      schema: { operationId: 'listReference', tags, summary: 'Current reference data shared by all participants (DF-5)', params: kindParam, response: { 200: { type: 'array', items: anyObject }, ...errors(401) } },
    }, async (req) => {
      who(req);
      return listReference(deps.database.db, P(req).kind as ReferenceKind);
    });

    app.put('/api/v1/docflow/reference/:kind/:code', {
      preHandler,
      schema: {
        operationId: 'putReference', tags, summary: 'A new version of a reference entry (operator admin)',
        params: { type: 'object', required: ['kind', 'code'], properties: { kind: { type: 'string', enum: REFERENCE_KINDS }, code: str(64) } },
        body: { type: 'object', additionalProperties: false, properties: { data: anyObject, retired: { type: 'boolean' } } },
        response: { 200: anyObject, ...errors(400, 401, 403) },
      },
    }, async (req) => {
      const b = req.body as { data?: Record<string, unknown>; retired?: boolean };
      return deps.database.db.transaction((tx) => putReference(tx, who(req), { kind: P(req).kind as ReferenceKind, code: P(req).code, data: b.data, retired: b.retired }));
    });

    app.get('/api/v1/docflow/reference-export', {
      preHandler,
      schema: { operationId: 'exportReference', tags, summary: 'Every version of every reference entry, for exchange between participants', response: { 200: { type: 'object', properties: { exportedAt: { type: 'string' }, entries: { type: 'array', items: anyObject } } }, ...errors(401) } },
    }, async (req) => {
      who(req);
      return exportReference(deps.database.db);
    });
  };
}
