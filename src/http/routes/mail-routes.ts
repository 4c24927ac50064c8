/**
 * Mail API (issue 5). Stable operationIds: sendLetter, listLetters, getLetter, getLetterRaw,
 * searchLetters, listEvidence, getEvidence, verifyEvidence, exportMailbox.
 * Routes authenticate (cookie session with CSRF, or bearer token with scopes), decode, call the
 * mail services and shape the answer; who may do what is decided in the services.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestCallers, base64Field, idempotencyHeaders, idempotencyKey } from './route-kit.ts';
import { requestLanguage } from '../language.ts';
import type { MailRuntime } from '../../modules/mail/mail-runtime.ts';
import type { MailActor } from '../../modules/mail/types.ts';
import { sendLetter } from '../../modules/mail/send-letter.ts';
import { listLettersJson } from '../../modules/mail/list-letters.ts';
import { searchLetters } from '../../modules/mail/search-letters.ts';
import { getLetter, getLetterRaw } from '../../modules/mail/get-letter.ts';
import { deleteLetters, markLetters, moveLetters } from '../../modules/mail/update-letters.ts';
import { createFolder, deleteFolder, listFolders } from '../../modules/mail/folders.ts';
import { getEvidence, listEvidence } from '../../modules/mail/evidence/read-evidence.ts';
import { verifyEvidence } from '../../modules/mail/evidence/verify-evidence.ts';
import { operatorTrust } from '../../modules/mail/evidence/operator-trust.ts';
import { exportMailbox } from '../../modules/mail/export-mailbox.ts';
import { getAttachment } from '../../modules/mail/get-attachment.ts';
import { confirmNotifyAddress, getNotifyAddress, setNotifyAddress } from '../../modules/mail/notify-address.ts';
import { draftBody, errors, evidenceSummary, idsBody, letterPage, letterSummary, sendBody, sendResult, verifyResult } from './mail-schemas.ts';
import { saveDraft } from '../../modules/mail/save-draft.ts';

/** Who is calling, resolved by the accounts module; throws UNAUTHENTICATED. */
export type MailAuthenticate = (req: FastifyRequest) => Promise<MailActor>;

const TAG = ['mail'];
const uuidParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const SEND_BODY_LIMIT = 96 * 1024 * 1024;

export function mailRoutes(rt: () => MailRuntime, authenticate: MailAuthenticate) {
  return (app: FastifyInstance) => {
    const { guard, callerOf: actorOf } = requestCallers(authenticate);
    const readDeps = () => ({ ...rt().send });

    app.post('/api/mail/letters', {
      preHandler: guard, bodyLimit: SEND_BODY_LIMIT,
      schema: {
        operationId: 'sendLetter', tags: TAG, summary: 'Send a letter to mailboxes and e-mail addresses (optionally registered, with evidence)',
        headers: idempotencyHeaders,
        body: sendBody, response: { 201: sendResult, 200: sendResult, ...errors(400, 401, 403, 413, 422, 507) },
      },
    }, async (req, reply) => {
      const b = req.body as { to: string[]; cc?: string[]; subject: string; text?: string; html?: string; registered?: boolean; handoverDeadline?: string; inReplyTo?: string; draftId?: string; attachments?: { filename: string; contentType?: string; contentBase64: string }[] };
      const r = await sendLetter(rt().send, actorOf(req), {
        to: b.to, cc: b.cc, subject: b.subject, text: b.text, html: b.html, registered: b.registered,
        handoverDeadline: b.handoverDeadline ? new Date(b.handoverDeadline) : undefined, inReplyToLetterId: b.inReplyTo,
        attachments: (b.attachments ?? []).map((a, i) => ({ filename: a.filename, contentType: a.contentType, content: base64Field(a.contentBase64, `attachments[${i}].contentBase64`) })),
        idempotencyKey: idempotencyKey(req), draftId: b.draftId,
      });
      return reply.status(r.duplicate ? 200 : 201).send(r);
    });

    app.post('/api/mail/drafts', {
      preHandler: guard, bodyLimit: SEND_BODY_LIMIT,
      schema: {
        operationId: 'saveDraft', tags: TAG, summary: 'Save a letter being written in Drafts (optionally replacing a previous draft); nothing is delivered',
        body: draftBody, response: { 201: { type: 'object', required: ['letterId'], properties: { letterId: { type: 'string' } } }, ...errors(400, 401, 403, 404, 413, 507) },
      },
    }, async (req, reply) => {
      const b = req.body as { to?: string[]; cc?: string[]; subject?: string; text?: string; html?: string; draftId?: string; attachments?: { filename: string; contentType?: string; contentBase64: string }[] };
      const r = await saveDraft(rt().send, actorOf(req), {
        ...b, attachments: (b.attachments ?? []).map((a, i) => ({ filename: a.filename, contentType: a.contentType, content: base64Field(a.contentBase64, `attachments[${i}].contentBase64`) })),
      });
      return reply.status(201).send(r);
    });

    app.get('/api/mail/letters', {
      preHandler: guard,
      schema: {
        operationId: 'listLetters', tags: TAG, summary: 'One page of a folder, newest first (keyset cursor)',
        querystring: { type: 'object', properties: { folder: { type: 'string', maxLength: 64 }, cursor: { type: 'string', maxLength: 64 }, limit: { type: 'integer', minimum: 1, maximum: 200 }, unseen: { type: 'boolean' }, thread: { type: 'string', maxLength: 998 } } },
        response: { 200: letterPage, ...errors(400, 401, 403) },
      },
    }, async (req, reply) => {
      const q = req.query as { folder?: string; cursor?: string; limit?: number; unseen?: boolean; thread?: string };
      // The service writes the letterPage JSON itself (the busiest answer there is): sent as bytes, no serializer pass.
      const json = await listLettersJson(rt().send.database, actorOf(req), { folder: q.folder, cursor: q.cursor, limit: q.limit, unseen: q.unseen, threadId: q.thread });
      return reply.type('application/json; charset=utf-8').send(Buffer.from(json));
    });

    app.get('/api/mail/search', {
      preHandler: guard,
      schema: {
        operationId: 'searchLetters', tags: TAG, summary: 'Full-text search (Kazakh and Russian, partial words) with filters',
        querystring: {
          type: 'object', required: ['q'],
          properties: { q: { type: 'string', maxLength: 200 }, folder: { type: 'string', maxLength: 64 }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, hasAttachments: { type: 'boolean' }, registered: { type: 'boolean' }, cursor: { type: 'string', maxLength: 64 }, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
        response: { 200: letterPage, ...errors(400, 401, 403) },
      },
    }, async (req) => {
      const q = req.query as { q: string; folder?: string; from?: string; to?: string; hasAttachments?: boolean; registered?: boolean; cursor?: string; limit?: number };
      return searchLetters(rt().send.database, actorOf(req), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
    });

    app.get('/api/mail/letters/:id', {
      preHandler: guard,
      schema: {
        operationId: 'getLetter', tags: TAG, summary: 'One letter with its text and sanitised HTML (marks it read; the first opening of a registered letter is its ContentHandover)',
        params: uuidParam,
        response: { 200: { type: 'object', required: ['letter', 'text'], properties: { letter: letterSummary, text: { type: 'string' }, html: { type: 'string', nullable: true } } }, ...errors(401, 403, 404) },
      },
    }, async (req) => getLetter(readDeps(), actorOf(req), (req.params as { id: string }).id));

    app.get('/api/mail/letters/:id/raw', {
      preHandler: guard,
      schema: {
        operationId: 'getLetterRaw', tags: TAG, summary: 'The letter as received, byte for byte (message/rfc822)',
        params: uuidParam,
        response: { 200: { description: 'The RFC 5322 message', type: 'string', format: 'binary' }, ...errors(401, 403, 404) },
      },
    }, async (req, reply) => {
      const r = await getLetterRaw(readDeps(), actorOf(req), (req.params as { id: string }).id);
      return reply.type('message/rfc822').header('content-length', r.size).header('content-disposition', `attachment; filename="${r.filename}"`).header('x-content-sha256', r.sha256).send(r.stream);
    });

    app.get('/api/mail/letters/:id/attachments/:index', {
      preHandler: guard,
      schema: {
        operationId: 'getAttachment', tags: TAG, summary: 'One attachment, decoded, as a download',
        params: { type: 'object', required: ['id', 'index'], properties: { id: { type: 'string', maxLength: 64 }, index: { type: 'integer', minimum: 0, maximum: 10000 } } },
        response: { 200: { description: 'The attachment', type: 'string', format: 'binary' }, ...errors(401, 403, 404) },
      },
    }, async (req, reply) => {
      const p = req.params as { id: string; index: number };
      const a = await getAttachment(rt().send, actorOf(req), p.id, p.index);
      return reply
        .type(/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType) ? a.contentType : 'application/octet-stream')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', `attachment; filename="attachment-${p.index}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(a.stream);
    });

    app.post('/api/mail/letters/mark', {
      preHandler: guard,
      schema: {
        operationId: 'markLetters', tags: TAG, summary: 'Set read/unread, flag and keywords',
        body: { ...idsBody, properties: { ...idsBody.properties, seen: { type: 'boolean' }, flagged: { type: 'boolean' }, keywords: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 40 } } } },
        response: { 200: { type: 'object', properties: { updated: { type: 'integer' } } }, ...errors(400, 401, 403, 404) },
      },
    }, async (req) => markLetters(rt().send.database, actorOf(req), req.body as { ids: string[]; seen?: boolean; flagged?: boolean; keywords?: string[] }));

    app.post('/api/mail/letters/move', {
      preHandler: guard,
      schema: {
        operationId: 'moveLetters', tags: TAG, summary: 'Move letters to a folder',
        body: { ...idsBody, required: ['ids', 'folder'], properties: { ...idsBody.properties, folder: { type: 'string', maxLength: 64 } } },
        response: { 200: { type: 'object', properties: { updated: { type: 'integer' } } }, ...errors(400, 401, 403, 404) },
      },
    }, async (req) => moveLetters(rt().send.database, actorOf(req), req.body as { ids: string[]; folder: string }));

    app.post('/api/mail/letters/delete', {
      preHandler: guard,
      schema: {
        operationId: 'deleteLetters', tags: TAG, summary: 'Move letters to Trash; letters already in Trash are deleted for good',
        body: idsBody,
        response: { 200: { type: 'object', properties: { trashed: { type: 'integer' }, deleted: { type: 'integer' } } }, ...errors(400, 401, 403, 404) },
      },
    }, async (req) => deleteLetters(rt().send, actorOf(req), req.body as { ids: string[] }));

    app.get('/api/mail/folders', {
      preHandler: guard,
      schema: {
        operationId: 'listFolders', tags: TAG, summary: 'Folders with counts, and the quota usage',
        response: {
          200: {
            type: 'object', required: ['folders', 'usedBytes', 'quotaBytes'],
            properties: {
              folders: { type: 'array', items: { type: 'object', required: ['id', 'name', 'system', 'total', 'unread'], properties: { id: { type: 'string' }, name: { type: 'string' }, system: { type: 'boolean' }, total: { type: 'integer' }, unread: { type: 'integer' } } } },
              usedBytes: { type: 'integer' }, quotaBytes: { type: 'integer' },
            },
          },
          ...errors(401, 403),
        },
      },
    }, async (req) => listFolders(rt().send.database, actorOf(req)));

    app.post('/api/mail/folders', {
      preHandler: guard,
      schema: {
        operationId: 'createFolder', tags: TAG, summary: 'Create a folder of your own',
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 100 } } },
        response: { 201: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    }, async (req, reply) => reply.status(201).send(await createFolder(rt().send.database, actorOf(req), (req.body as { name: string }).name)));

    app.delete('/api/mail/folders/:id', {
      preHandler: guard,
      schema: { operationId: 'deleteFolder', tags: TAG, summary: 'Delete a folder of your own (its letters go to Trash)', params: uuidParam, response: { 204: { type: 'null' }, ...errors(401, 403, 404) } },
    }, async (req, reply) => {
      await deleteFolder(rt().send.database, actorOf(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    });

    app.get('/api/mail/letters/:id/evidence', {
      preHandler: guard,
      schema: { operationId: 'listEvidence', tags: TAG, summary: "A letter's evidence records (ETSI EN 319 522 events), in chain order", params: uuidParam, response: { 200: { type: 'array', items: evidenceSummary }, ...errors(401, 403, 404) } },
    }, async (req) => listEvidence(rt().send.database, actorOf(req), (req.params as { id: string }).id));

    app.get('/api/mail/evidence/:id', {
      preHandler: guard,
      schema: {
        operationId: 'getEvidence', tags: TAG,
        summary: 'One evidence record: JSON with the canonical document and the CMS, or ?format=p7s for the .p7s file (openssl cms -verify -inform DER), ?format=document for the signed bytes',
        params: uuidParam,
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'p7s', 'document'] } } },
        response: { 200: { ...evidenceSummary, required: [...evidenceSummary.required, 'document', 'documentBase64', 'cmsBase64'], properties: { ...evidenceSummary.properties, document: { type: 'object', additionalProperties: true }, documentBase64: { type: 'string' }, cmsBase64: { type: 'string' } } }, ...errors(401, 403, 404) },
      },
    }, async (req, reply) => {
      const e = await getEvidence(rt().send.database, actorOf(req), (req.params as { id: string }).id);
      const format = (req.query as { format?: string }).format ?? 'json';
      if (format === 'p7s') return reply.type('application/pkcs7-signature').header('content-disposition', `attachment; filename="evidence-${e.id}.p7s"`).send(e.cms);
      if (format === 'document') return reply.type('application/json').header('content-disposition', `attachment; filename="evidence-${e.id}.json"`).send(e.document);
      const { document, cms, ...summary } = e;
      return { ...summary, document: JSON.parse(document.toString('utf8')) as object, documentBase64: document.toString('base64'), cmsBase64: cms.toString('base64') };
    });

    app.get('/api/mail/export', {
      preHandler: guard,
      schema: {
        operationId: 'exportMailbox', tags: TAG, summary: 'The mailbox (or one folder) as a ZIP of the original .eml files, evidence beside registered letters, and manifest.json of SHA-256 digests',
        querystring: { type: 'object', properties: { folder: { type: 'string', maxLength: 64 } } },
        response: { 200: { description: 'application/zip', type: 'string', format: 'binary' }, ...errors(400, 401, 403) },
      },
    }, async (req, reply) => {
      const r = await exportMailbox(rt().send, actorOf(req), { folder: (req.query as { folder?: string }).folder });
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${r.filename}"`).send(r.stream);
    });

    const notifySchema = { type: 'object', required: ['address', 'verified'], properties: { address: { type: 'string', nullable: true }, verified: { type: 'boolean' } } } as const;
    app.get('/api/mail/notify-address', {
      preHandler: guard,
      schema: { operationId: 'getNotifyAddress', tags: TAG, summary: 'The external address told (without content) when a registered or official letter arrives', response: { 200: notifySchema, ...errors(401, 403) } },
    }, async (req) => getNotifyAddress(rt().send.database, actorOf(req)));

    app.put('/api/mail/notify-address', {
      preHandler: guard,
      schema: {
        operationId: 'setNotifyAddress', tags: TAG, summary: 'Name (or with null remove) the external address; a confirmation code is e-mailed to it',
        body: { type: 'object', required: ['address'], additionalProperties: false, properties: { address: { type: 'string', maxLength: 254, nullable: true } } },
        response: { 200: notifySchema, ...errors(400, 401, 403, 429) },
      },
    }, async (req) => setNotifyAddress(rt().send.database, actorOf(req), { address: (req.body as { address: string | null }).address, domain: rt().send.domain }));

    app.post('/api/mail/notify-address/confirm', {
      preHandler: guard,
      schema: {
        operationId: 'confirmNotifyAddress', tags: TAG, summary: 'Confirm the external address with the code e-mailed to it',
        body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', maxLength: 12 } } },
        response: { 200: notifySchema, ...errors(400, 401, 403, 429) },
      },
    }, async (req) => confirmNotifyAddress(rt().send.database, actorOf(req), (req.body as { code: string }).code));

    app.post('/api/mail/evidence/verify', {
      bodyLimit: 200 * 1024 * 1024,
      schema: {
        operationId: 'verifyEvidence', tags: TAG,
        summary: 'Check an evidence file against the published operator certificates and say what it proves (no sign-in needed)',
        body: {
          type: 'object', required: ['evidenceBase64'], additionalProperties: false,
          properties: {
            evidenceBase64: { type: 'string', maxLength: 1024 * 1024 },
            documentBase64: { type: 'string', maxLength: 1024 * 1024, description: 'The evidence document (.json) beside the .p7s; required for evidence signed in a batch (problem BATCH_DOCUMENT_REQUIRED without it)' },
            previousEvidenceBase64: { type: 'string', maxLength: 1024 * 1024 },
            messageBase64: { type: 'string' },
          },
        },
        response: { 200: verifyResult, ...errors(400, 429) },
      },
    }, async (req) => {
      const b = req.body as { evidenceBase64: string; documentBase64?: string; previousEvidenceBase64?: string; messageBase64?: string };
      const lang = requestLanguage(req);
      const { trust, operatorFingerprints } = await operatorTrust(rt().send.database.db);
      const v = await verifyEvidence(base64Field(b.evidenceBase64, 'evidenceBase64'), {
        trust, operatorFingerprints,
        document: b.documentBase64 ? base64Field(b.documentBase64, 'documentBase64') : undefined,
        previousCms: b.previousEvidenceBase64 ? base64Field(b.previousEvidenceBase64, 'previousEvidenceBase64') : undefined,
        message: b.messageBase64 ? base64Field(b.messageBase64, 'messageBase64') : undefined,
      });
      return { valid: v.valid, problems: v.problems, event: v.document?.event ?? null, meaning: v.meaning?.[lang] ?? null, document: v.document as object | null, batch: v.batch, signer: v.signer, signingTime: v.signingTime, timestamp: v.timestamp };
    });
  };
}
