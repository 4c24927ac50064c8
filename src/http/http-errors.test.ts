import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from './build-http-server.ts';
import { createLogger } from '../shared/logger.ts';
import { generateOpenApi } from '../app/openapi.ts';
import { WEB_API_TYPES_FILE, generateWebApiTypes } from '../app/openapi-web-types.ts';

let app: FastifyInstance;
const written: unknown[] = [];

before(async () => {
  app = await buildHttpServer({
    log: createLogger('silent'),
    bodyLimit: 1024,
    readiness: {
      database: async () => {},
      blobs: async () => {
        throw new Error('bucket jashik does not answer');
      },
    },
    routes: [
      // A route of the test's own, to exercise the error layer with a body schema.
      (a) => {
        a.post(
          '/echo',
          {
            schema: {
              operationId: 'testEcho',
              body: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } }, additionalProperties: false },
            },
          },
          async (req) => {
            written.push(req.body);
            return { ok: true };
          },
        );
      },
    ],
  });
});
after(async () => app?.close());

test('an unknown route answers 404 with a JSON error in Kazakh by default', async () => {
  const r = await app.inject({ method: 'GET', url: '/no/such/thing' });
  assert.equal(r.statusCode, 404);
  assert.deepEqual(r.json(), { error: { code: 'NOT_FOUND', message: 'Табылмады', fields: [] } });
});

test('X-1: the error message follows Accept-Language (Russian) and ?lang= (English)', async () => {
  const ru = await app.inject({ method: 'GET', url: '/nope', headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
  assert.equal(ru.json().error.message, 'Не найдено');
  const en = await app.inject({ method: 'GET', url: '/nope?lang=en' });
  assert.equal(en.json().error.message, 'Not found');
});

test('malformed JSON is a 400 MALFORMED_JSON and reaches no handler', async () => {
  const r = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name": ' });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().error.code, 'MALFORMED_JSON');
  assert.equal(written.length, 0);
});

test('an oversized body is a 413 PAYLOAD_TOO_LARGE and reaches no handler', async () => {
  const r = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(5000) }) });
  assert.equal(r.statusCode, 413);
  assert.equal(r.json().error.code, 'PAYLOAD_TOO_LARGE');
  assert.equal(written.length, 0);
});

test('a wrong content type is a 415 UNSUPPORTED_MEDIA_TYPE', async () => {
  const r = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
  assert.equal(r.statusCode, 415);
  assert.equal(r.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  assert.equal(written.length, 0);
});

test('a body failing its schema is a 400 naming each bad field', async () => {
  const r = await app.inject({ method: 'POST', url: '/echo?lang=ru', payload: { nam: 'x' } });
  assert.equal(r.statusCode, 400);
  const body = r.json();
  assert.equal(body.error.code, 'VALIDATION_FAILED');
  assert.ok(body.error.fields.some((f: { name: string; code: string }) => f.name === 'body.name' && f.code === 'required'), JSON.stringify(body));
  assert.equal(written.length, 0);
});

test('every response carries a request id, and a sane caller id is kept', async () => {
  const r = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
  assert.equal(r.headers['x-request-id'], 'abc-123');
  const bad = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'evil\nid' } });
  assert.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/);
});

test('MB-7: /readyz answers 503 and names the part that fails', async () => {
  const r = await app.inject({ method: 'GET', url: '/readyz' });
  assert.equal(r.statusCode, 503);
  assert.deepEqual(r.json(), {
    status: 'unavailable',
    checks: { database: { ok: true }, blobs: { ok: false, error: 'bucket jashik does not answer' } },
  });
});

test('X-2: every operation in /openapi.json has an operationId and response schemas', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { openapi: string; paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>> };
  assert.match(doc.openapi, /^3\./);
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
  assert.ok(ops.length >= 2);
  for (const op of ops) {
    assert.ok(op.operationId, 'operationId missing');
    assert.ok(op.responses && Object.keys(op.responses).length > 0, `${op.operationId} has no responses`);
  }
});

test('X-2: the committed docs/openapi.json matches the routes (run `npm run openapi` after an API change)', async () => {
  const committed = fs.readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
  assert.equal(committed, await generateOpenApi());
});

test('X-2: the web cabinet\'s generated API types match docs/openapi.json (run `npm run openapi` after an API change)', async () => {
  const doc = fs.readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
  const written = fs.existsSync(WEB_API_TYPES_FILE) ? fs.readFileSync(WEB_API_TYPES_FILE, 'utf8') : '';
  assert.ok(written === (await generateWebApiTypes(doc)), 'web/src/api/openapi-types.ts is missing or stale: run `npm run openapi`');
});
