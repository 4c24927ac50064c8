/**
 * Hybrid mail API (issue 8). Stable operationIds: submitHybridLetter, getHybridStatus,
 * recordHybridEvent, registerPaperLetter, listPrintBatches. Routes only authenticate (cookie
 * session with CSRF, or bearer token), decode, call the service and shape the answer; who may
 * do what is decided in the hybrid services.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requestCallers, base64Field, idempotencyHeaders, idempotencyKey } from './route-kit.ts';
import type { HybridDeps } from '../../app/hybrid-wiring.ts';
import type { HybridActor } from '../../modules/hybrid/ports.ts';
import { getHybridStatus, listPrintBatches } from '../../modules/hybrid/get-hybrid-status.ts';
import { recordHybridEvent } from '../../modules/hybrid/record-hybrid-event.ts';
import { registerPaperLetter } from '../../modules/hybrid/register-paper-letter.ts';
import { submitHybridLetter, type SubmitHybridInput } from '../../modules/hybrid/submit-hybrid-letter.ts';
import { KZ_REGION_CODES } from '../../modules/hybrid/regions.ts';
import { getHybridStatement, statementCsv } from '../../modules/hybrid/hybrid-statement.ts';
import { statementPdf } from '../../modules/hybrid/statement-pdf.ts';
import { createHybridWebhook, listHybridWebhooks, revokeHybridWebhook } from '../../modules/hybrid/hybrid-webhooks.ts';
import { MAX_BATCH_LINES, parseEventCsv, parseEventJson, recordHybridEventBatch } from '../../modules/hybrid/record-event-batch.ts';
import { requestLanguage } from '../language.ts';
import { listHybridLetters } from '../../modules/hybrid/list-hybrid-letters.ts';
import { getHybridEvidence } from '../../modules/hybrid/get-hybrid-evidence.ts';
import { ORIGINAL_FATES, recordPaperOriginalFate } from '../../modules/hybrid/record-original-fate.ts';

const err = { $ref: 'Error#' } as const;
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, err]));

/** Who is calling (cookie session with CSRF, or bearer token), resolved by the accounts module; throws UNAUTHENTICATED. */
export type HybridAuthenticate = (req: FastifyRequest) => Promise<HybridActor>;
const BODY_LIMIT = 40 * 1024 * 1024;
const str = (max: number) => ({ type: 'string', maxLength: max }) as const;
const nullableStr = { type: 'string', nullable: true } as const;

const addressSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { recipientName: str(200), region: { type: 'string', description: `One of: ${KZ_REGION_CODES.join(', ')}` }, locality: str(200), street: str(200), house: str(50), apartment: str(50), postcode: str(20) },
} as const;

const submitResult = {
  type: 'object',
  required: ['itemId', 'mode', 'status', 'pages', 'duplicate'],
  properties: {
    itemId: { type: 'string' }, mode: { type: 'string', enum: ['paper', 'digital_first', 'mailbox'] }, s10: nullableStr, status: { type: 'string' }, pages: { type: 'integer' },
    priceTiyn: { type: 'integer', nullable: true }, printCentre: nullableStr, printAfter: nullableStr, letterId: nullableStr, evidenceId: nullableStr, duplicate: { type: 'boolean' },
  },
} as const;

const statusResult = {
  type: 'object',
  required: ['itemId', 's10', 'status', 'statusAt', 'printCentre', 'pages', 'priceTiyn', 'printAfter', 'registered', 'returnPolicy', 'inBatch', 'createdAt', 'subject', 'recipient', 'events'],
  properties: {
    itemId: { type: 'string' }, s10: nullableStr, status: { type: 'string' }, statusAt: { type: 'string' }, printCentre: nullableStr, pages: { type: 'integer' },
    priceTiyn: { type: 'integer', nullable: true }, printAfter: nullableStr, registered: { type: 'boolean' }, returnPolicy: { type: 'string' }, inBatch: { type: 'boolean' }, createdAt: { type: 'string' },
    subject: { type: 'string' },
    recipient: { type: 'object', required: ['name', 'mailbox', 'address'], properties: { name: nullableStr, mailbox: nullableStr, address: { type: 'object', nullable: true, additionalProperties: { type: 'string' } } } },
    events: { type: 'array', items: { type: 'object', required: ['event', 'occurredAt', 'place', 'evidenceId'], properties: { event: { type: 'string' }, occurredAt: { type: 'string' }, place: nullableStr, evidenceId: nullableStr } } },
  },
} as const;

export function hybridRoutes(deps: HybridDeps, authenticate: HybridAuthenticate) {
  return (app: FastifyInstance) => {
    const { guard, requireCallerOf: actorOf } = requestCallers(authenticate);

    app.post('/api/v1/hybrid/letters', {
      preHandler: guard, bodyLimit: BODY_LIMIT,
      schema: {
        operationId: 'submitHybridLetter', tags: ['hybrid'],
        summary: 'Submit an e-letter for delivery on paper (or digital first with print-if-unread, or by IIN/BIN); content is text or a base64 PDF',
        headers: idempotencyHeaders,
        body: {
          type: 'object', required: ['recipient', 'content'], additionalProperties: false,
          properties: {
            recipient: { type: 'object', additionalProperties: false, properties: { address: addressSchema, mailbox: str(320), idNumber: str(12) } },
            sender: { type: 'object', additionalProperties: false, properties: { name: str(200), lines: { type: 'array', maxItems: 3, items: str(200) } } },
            subject: str(200),
            content: { type: 'object', additionalProperties: false, properties: { text: str(100_000), pdfBase64: { type: 'string' } } },
            registered: { type: 'boolean' }, returnPolicy: { type: 'string', enum: ['return_to_sender', 'shred'] },
            printIfUnreadDays: { type: 'integer' },
          },
        },
        response: { 201: submitResult, 200: submitResult, ...errors(400, 401, 403, 404, 413, 422) },
      },
    }, async (req, reply) => {
      const b = req.body as Omit<SubmitHybridInput, 'content'> & { content: { text?: string; pdfBase64?: string } };
      const content = b.content.pdfBase64 !== undefined ? { pdf: base64Field(b.content.pdfBase64, 'content.pdfBase64') } : { text: b.content.text };
      const r = await submitHybridLetter(deps, actorOf(req), { ...b, content, idempotencyKey: idempotencyKey(req) });
      return reply.status(r.duplicate ? 200 : 201).send(r);
    });

    app.get('/api/v1/hybrid/letters', {
      preHandler: guard,
      schema: {
        operationId: 'listHybridLetters', tags: ['hybrid'],
        summary: 'The sender\'s own hybrid items, newest first: S10, recipient, status, last tracking event (time, place) and price; keyset paging with the returned cursor',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 }, cursor: str(200) } },
        response: {
          200: {
            type: 'object', required: ['items', 'nextCursor'],
            properties: {
              nextCursor: nullableStr,
              items: { type: 'array', items: { type: 'object', required: ['itemId', 's10', 'subject', 'recipient', 'status', 'statusAt', 'lastEvent', 'pages', 'priceTiyn', 'createdAt'], properties: {
                itemId: { type: 'string' }, s10: nullableStr, subject: { type: 'string' },
                recipient: { type: 'object', required: ['name', 'locality', 'mailbox'], properties: { name: nullableStr, locality: nullableStr, mailbox: nullableStr } },
                status: { type: 'string' }, statusAt: { type: 'string' },
                lastEvent: { type: 'object', nullable: true, required: ['event', 'occurredAt', 'place'], properties: { event: { type: 'string' }, occurredAt: { type: 'string' }, place: nullableStr } },
                pages: { type: 'integer' }, priceTiyn: { type: 'integer', nullable: true }, createdAt: { type: 'string' },
              } } },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    }, async (req) => listHybridLetters(deps.database, actorOf(req), req.query as { limit?: number; cursor?: string }));

    app.get('/api/v1/hybrid/evidence/:evidenceId', {
      preHandler: guard,
      schema: {
        operationId: 'getHybridEvidence', tags: ['hybrid'],
        summary: 'One tracking evidence of a hybrid item (its sender or operator staff): JSON with the signed document, or ?format=p7s for the .p7s (openssl cms -verify -inform DER), ?format=document for the signed bytes',
        params: { type: 'object', required: ['evidenceId'], properties: { evidenceId: str(36) } },
        querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['json', 'p7s', 'document'], default: 'json' } } },
        response: {
          200: {
            description: 'JSON (below), or application/pkcs7-signature, or the signed JSON document by `format`',
            type: 'object',
            properties: { evidenceId: { type: 'string' }, event: { type: 'string' }, itemId: nullableStr, paperLetterId: nullableStr, createdAt: { type: 'string' }, cmsSha256: { type: 'string' }, document: { type: 'object', additionalProperties: true }, cmsBase64: { type: 'string' } },
          },
          ...errors(401, 404),
        },
      },
    }, async (req, reply) => {
      const e = await getHybridEvidence(deps.database, actorOf(req), (req.params as { evidenceId: string }).evidenceId);
      const format = (req.query as { format?: string }).format ?? 'json';
      if (format === 'p7s') return reply.type('application/pkcs7-signature').header('content-disposition', `attachment; filename="${e.event}-${e.evidenceId}.p7s"`).send(e.cms);
      if (format === 'document') return reply.type('application/json').header('content-disposition', `attachment; filename="${e.event}-${e.evidenceId}.json"`).send(e.document);
      const { document, cms, ...summary } = e;
      return { ...summary, document: JSON.parse(document.toString('utf8')) as object, cmsBase64: cms.toString('base64') };
    });

    app.get('/api/v1/hybrid/letters/:ref', {
      preHandler: guard,
      schema: {
        operationId: 'getHybridStatus', tags: ['hybrid'], summary: 'Tracking of a hybrid item by id or S10 number (its sender or operator staff)',
        params: { type: 'object', required: ['ref'], properties: { ref: str(64) } },
        response: { 200: statusResult, ...errors(401, 404) },
      },
    }, async (req) => getHybridStatus(deps.database, actorOf(req), (req.params as { ref: string }).ref));

    app.post('/api/v1/hybrid/events', {
      preHandler: guard,
      schema: {
        operationId: 'recordHybridEvent', tags: ['hybrid'],
        summary: 'A tracking event by S10 from a print centre or post office; repeats are idempotent, out-of-order events are refused',
        body: {
          type: 'object', required: ['s10', 'event'], additionalProperties: false,
          properties: { s10: str(20), event: str(40), occurredAt: { type: 'string', format: 'date-time' }, place: str(200), eventId: str(200) },
        },
        response: { 200: { type: 'object', properties: { itemId: { type: 'string' }, s10: { type: 'string' }, event: { type: 'string' }, status: { type: 'string' }, evidenceId: { type: 'string' }, duplicate: { type: 'boolean' } } }, ...errors(400, 401, 403, 404, 409) },
      },
    }, async (req) => {
      const b = req.body as { s10: string; event: string; occurredAt?: string; place?: string; eventId?: string };
      return recordHybridEvent(deps, actorOf(req), { ...b, occurredAt: b.occurredAt ? new Date(b.occurredAt) : undefined });
    });

    app.post('/api/v1/hybrid/paper-letters', {
      preHandler: guard, bodyLimit: BODY_LIMIT,
      schema: {
        operationId: 'registerPaperLetter', tags: ['hybrid'],
        summary: 'A clerk registers an incoming paper letter: scans (base64 PDF/TIFF/JPEG), addressee, sender as written; delivered as an e-letter with ReceivedFromNonERDS evidence',
        headers: idempotencyHeaders,
        body: {
          type: 'object', required: ['addressee', 'senderAsWritten', 'scans'], additionalProperties: false,
          properties: {
            addressee: { type: 'object', additionalProperties: false, properties: { mailbox: str(320), idNumber: str(12), email: str(320) } },
            senderAsWritten: str(300), scans: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string' } },
            originalFate: { type: 'string', enum: ['kept', 'returned', 'destroyed'] }, keepDays: { type: 'integer', minimum: 1, maximum: 3650 },
          },
        },
        response: { 201: { type: 'object', properties: { paperLetterId: { type: 'string' }, deliveredTo: { type: 'string' }, letterId: nullableStr, evidenceId: { type: 'string' }, keepUntil: nullableStr, scans: { type: 'array', items: { type: 'object', properties: { sha256: { type: 'string' }, size: { type: 'integer' }, contentType: { type: 'string' } } } } } }, ...errors(400, 401, 403, 409, 413, 415) },
      },
    }, async (req, reply) => {
      const b = req.body as { addressee: { mailbox?: string; idNumber?: string; email?: string }; senderAsWritten: string; scans: string[]; originalFate?: 'kept' | 'returned' | 'destroyed'; keepDays?: number };
      const r = await registerPaperLetter(deps, actorOf(req), { ...b, scans: b.scans.map((s, i) => base64Field(s, `scans[${i}]`)), idempotencyKey: idempotencyKey(req) });
      return reply.status(201).send(r);
    });

    app.post('/api/v1/hybrid/paper-letters/:paperLetterId/original-fate', {
      preHandler: guard,
      schema: {
        operationId: 'recordPaperOriginalFate', tags: ['hybrid'],
        summary: 'A clerk records what became of a registered paper letter\'s original: kept (until keepUntil), returned to the sender, or destroyed. Returned and destroyed are final; repeating the current fate is idempotent; each change gets signed evidence',
        params: { type: 'object', required: ['paperLetterId'], properties: { paperLetterId: str(36) } },
        body: { type: 'object', required: ['fate'], additionalProperties: false, properties: { fate: { type: 'string', enum: [...ORIGINAL_FATES] }, keepUntil: { type: 'string', format: 'date-time' } } },
        response: {
          200: { type: 'object', properties: { paperLetterId: { type: 'string' }, originalFate: { type: 'string' }, previousFate: { type: 'string' }, keepUntil: nullableStr, fateRecordedAt: nullableStr, evidenceId: nullableStr, duplicate: { type: 'boolean' } } },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    }, async (req) => {
      const b = req.body as { fate: string; keepUntil?: string };
      return recordPaperOriginalFate(deps, actorOf(req), { paperLetterId: (req.params as { paperLetterId: string }).paperLetterId, fate: b.fate, keepUntil: b.keepUntil ? new Date(b.keepUntil) : undefined });
    });

    app.get('/api/v1/hybrid/batches', {
      preHandler: guard,
      schema: {
        operationId: 'listPrintBatches', tags: ['hybrid'], summary: 'Print batches (files, manifest checksum) per print centre, newest first (print centre staff, operator admins)',
        querystring: { type: 'object', properties: { printCentre: str(100), limit: { type: 'integer', minimum: 1, maximum: 200 } } },
        response: { 200: { type: 'array', items: { type: 'object', properties: { batchId: { type: 'string' }, name: { type: 'string' }, printCentre: { type: 'string' }, status: { type: 'string' }, items: { type: 'integer' }, pages: { type: 'integer' }, files: { type: 'array', items: { type: 'object', additionalProperties: true } }, checksum: nullableStr, createdAt: { type: 'string' }, droppedAt: nullableStr } } }, ...errors(401, 403) },
      },
    }, async (req) => listPrintBatches(deps.database, actorOf(req), req.query as { printCentre?: string; limit?: number }));

    app.get('/api/v1/hybrid/statements/:month', {
      preHandler: guard,
      schema: {
        operationId: 'getHybridStatement', tags: ['hybrid'],
        summary: 'Monthly statement of a sender\'s paper items with their stored prices (Asia/Almaty calendar month), as JSON, CSV or PDF; operator admins name the mailbox',
        params: { type: 'object', required: ['month'], properties: { month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$', description: 'YYYY-MM' } } },
        querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['json', 'csv', 'pdf'], default: 'json' }, mailboxId: str(36) } },
        response: {
          200: {
            description: 'JSON (below), or text/csv, or application/pdf by `format`',
            type: 'object', required: ['mailboxId', 'month', 'items', 'totals'],
            properties: {
              mailboxId: { type: 'string' }, mailbox: { type: 'string' }, month: { type: 'string' }, periodStart: { type: 'string' }, periodEnd: { type: 'string' },
              items: { type: 'array', items: { type: 'object', properties: { itemId: { type: 'string' }, s10: { type: 'string' }, acceptedAt: { type: 'string' }, pages: { type: 'integer' }, registered: { type: 'boolean' }, status: { type: 'string' }, priceTiyn: { type: 'integer' } } } },
              totals: { type: 'object', properties: { items: { type: 'integer' }, pages: { type: 'integer' }, priceTiyn: { type: 'integer' } } },
            },
          },
          ...errors(400, 401, 403, 404),
        },
      },
    }, async (req, reply) => {
      const q = req.query as { format?: 'json' | 'csv' | 'pdf'; mailboxId?: string };
      const s = await getHybridStatement(deps.database, actorOf(req), { month: (req.params as { month: string }).month, mailboxId: q.mailboxId });
      const file = `hybrid-statement-${s.month}`;
      if (q.format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file}.csv"`).send(statementCsv(s));
      if (q.format === 'pdf') return reply.type('application/pdf').header('content-disposition', `attachment; filename="${file}.pdf"`).send(Buffer.from(await statementPdf(s)));
      return s;
    });

    const webhook = { type: 'object', properties: { webhookId: { type: 'string' }, url: { type: 'string' }, createdAt: { type: 'string' } } } as const;
    app.post('/api/v1/hybrid/webhooks', {
      preHandler: guard,
      schema: {
        operationId: 'createHybridWebhook', tags: ['hybrid'],
        summary: 'Subscribe a URL to the tracking events of the sender\'s items: JSON POSTs signed with HMAC-SHA256 (X-Jashik-Signature: sha256=<hex>), retried with backoff; the secret is shown only here',
        body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: str(2000) } },
        response: { 201: { type: 'object', properties: { ...webhook.properties, secret: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
      },
    }, async (req, reply) => reply.status(201).send(await createHybridWebhook(deps.database, actorOf(req), req.body as { url: string })));

    app.get('/api/v1/hybrid/webhooks', {
      preHandler: guard,
      schema: { operationId: 'listHybridWebhooks', tags: ['hybrid'], summary: 'The sender\'s active tracking webhooks (without secrets)', response: { 200: { type: 'array', items: webhook }, ...errors(401, 403) } },
    }, async (req) => listHybridWebhooks(deps.database, actorOf(req)));

    app.delete('/api/v1/hybrid/webhooks/:webhookId', {
      preHandler: guard,
      schema: {
        operationId: 'revokeHybridWebhook', tags: ['hybrid'], summary: 'Revoke one of the sender\'s tracking webhooks (pending deliveries are dropped)',
        params: { type: 'object', required: ['webhookId'], properties: { webhookId: str(36) } },
        response: { 204: { type: 'null' }, ...errors(401, 403, 404) },
      },
    }, async (req, reply) => {
      await revokeHybridWebhook(deps.database, actorOf(req), (req.params as { webhookId: string }).webhookId);
      return reply.status(204).send();
    });

    // Tracking events as a batch file: CSV (text/csv) or a JSON array; results per line.
    app.register(async (scope) => {
      scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 8 * 1024 * 1024 }, (_req, body, done) => done(null, body));
      const eventLine = { type: 'object', properties: { s10: str(20), event: str(40), occurredAt: str(40), place: str(200), eventId: str(200) } } as const;
      scope.post('/api/v1/hybrid/events/batch', {
        preHandler: guard, bodyLimit: 8 * 1024 * 1024,
        schema: {
          operationId: 'recordHybridEventBatch', tags: ['hybrid'],
          summary: `Tracking events from a print centre or post office as a file: CSV with the header s10,event,occurred_at,place,event_id, or a JSON array (at most ${MAX_BATCH_LINES} lines). Each line is validated and recorded on its own (idempotent); refused lines are reported with their error`,
          body: { content: { 'application/json': { schema: { type: 'array', maxItems: MAX_BATCH_LINES, items: eventLine } }, 'text/csv': { schema: { type: 'string' } } } },
          response: {
            200: {
              type: 'object',
              properties: {
                lines: { type: 'integer' }, recorded: { type: 'integer' }, duplicates: { type: 'integer' }, refused: { type: 'integer' },
                results: { type: 'array', items: { type: 'object', properties: {
                  line: { type: 'integer' }, s10: { type: 'string' }, event: { type: 'string' }, ok: { type: 'boolean' }, status: { type: 'string' }, evidenceId: { type: 'string' }, duplicate: { type: 'boolean' },
                  error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } } } },
                } } },
              },
            },
            ...errors(400, 401, 403, 413, 415),
          },
        },
      }, async (req) => {
        const body = req.body;
        return recordHybridEventBatch(deps, actorOf(req), () => (typeof body === 'string' ? parseEventCsv(body) : parseEventJson(body as unknown[])), requestLanguage(req));
      });
    });
  };
}
