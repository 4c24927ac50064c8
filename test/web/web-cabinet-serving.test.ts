/**
 * The web cabinet is served by the API's own HTTP server (issue 6): the SPA fallback answers
 * HTML only to browsers on non-API paths; API 404s stay JSON; the demo flag is public.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpServer } from '../../src/http/build-http-server.ts';
import { metaRoutes } from '../../src/http/routes/meta-routes.ts';
import { webCabinetRoutes } from '../../src/http/web-cabinet.ts';
import { createLogger } from '../../src/shared/logger.ts';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-web-'));
let app: FastifyInstance;
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

before(async () => {
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
  app = await buildHttpServer({
    log: createLogger('silent'),
    readiness: {},
    routes: [metaRoutes({ demo: true, domain: 'pochta.localhost' }), webCabinetRoutes({ distDir: dist })],
  });
});
after(async () => {
  await app.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

test('X-2: the cabinet is served at / and at deep links, with a strict CSP and no caching of index.html', async () => {
  for (const url of ['/', '/mail/inbox', '/register?kind=legal']) {
    const r = await app.inject({ url, headers: HTML });
    assert.equal(r.statusCode, 200, url);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.match(r.body, /id="root"/);
    assert.match(r.headers['content-security-policy'] as string, /default-src 'self'/);
    assert.equal(r.headers['cache-control'], 'no-cache');
  }
});

test('X-2: built assets are served with long-lived caching; a missing asset is a JSON 404', async () => {
  const ok = await app.inject({ url: '/assets/app-abc.js' });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.headers['cache-control'] as string, /immutable/);
  const missing = await app.inject({ url: '/assets/nope.js', headers: HTML });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'NOT_FOUND');
  for (const url of ['/assets/../../../etc/passwd', '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
    const traversal = await app.inject({ url, headers: HTML });
    assert.doesNotMatch(traversal.body, /root:|"dependencies"/, url);
  }
});

test('X-2: unknown API paths stay JSON 404s in the request language, even for a browser', async () => {
  for (const url of ['/api/v1/nope', '/api/v1/letters/x/y/z', '/demo-pki/unknown', '/.well-known/nothing']) {
    const r = await app.inject({ url, headers: { ...HTML, 'accept-language': 'ru' } });
    assert.equal(r.statusCode, 404, url);
    assert.match(r.headers['content-type'] as string, /application\/json/);
    assert.equal(r.json().error.code, 'NOT_FOUND');
    assert.equal(r.json().error.message, 'Не найдено');
  }
  const notHtml = await app.inject({ url: '/mail/inbox', headers: { accept: 'application/json' } });
  assert.equal(notHtml.statusCode, 404);
  assert.equal(notHtml.json().error.code, 'NOT_FOUND');
  const post = await app.inject({ method: 'POST', url: '/mail/inbox', headers: HTML, payload: {} });
  assert.equal(post.statusCode, 404);
  assert.equal(post.json().error.code, 'NOT_FOUND');
});

test('X-2: API routes are not shadowed by the cabinet', async () => {
  const health = await app.inject({ url: '/healthz', headers: HTML });
  assert.deepEqual(health.json(), { status: 'ok' });
  const meta = await app.inject({ url: '/api/v1/meta', headers: HTML });
  assert.equal(meta.statusCode, 200);
  assert.equal(meta.json().demo, true);
  assert.deepEqual(meta.json().languages, ['kk', 'ru', 'en']);
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  assert.equal(spec.paths['/api/v1/meta'].get.operationId, 'getServiceInfo');
  assert.equal(spec.paths['/*'], undefined, 'the fallback is not part of the API');
});

test('X-2: without a build the cabinet says how to build it instead of failing obscurely', async () => {
  const bare = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [webCabinetRoutes({ distDir: path.join(dist, 'none') })] });
  const r = await bare.inject({ url: '/', headers: HTML });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /npm run build:web/);
  await bare.close();
});
