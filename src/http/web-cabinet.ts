/**
 * Serves the web cabinet (the React app built into web/dist) from the API's own HTTP server.
 *
 * - `/assets/*`: the built, content-hashed files, cached for a year.
 * - any other GET that accepts text/html and is not an API path: index.html (the app routes
 *   on the client), never cached, with a strict Content-Security-Policy.
 * - API paths (and requests that do not want HTML) that no route matched stay JSON 404s, so
 *   an integrator's typo never receives a web page.
 * Specific routes always win over this wildcard (the router prefers static and parametric paths).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { errorBody } from './error-handler.ts';
import { requestLanguage } from './language.ts';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths that belong to the API and machine clients: never answered with the app's HTML. */
const API_PREFIXES = ['/api/', '/demo-pki/', '/.well-known/'];
const API_EXACT = new Set(['/api', '/healthz', '/readyz', '/openapi.json', '/demo-pki']);

export function isApiPath(p: string): boolean {
  return API_EXACT.has(p) || API_PREFIXES.some((prefix) => p.startsWith(prefix));
}

/** The browser reaches NCALayer (and KAZTOKEN's HTTP API) on loopback; nothing else off-site. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' wss://127.0.0.1:13579 https://127.0.0.1:24680",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function wantsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

function notFound(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody('NOT_FOUND', requestLanguage(req)));
}

export function webCabinetRoutes(opts: { distDir?: string } = {}) {
  const distDir = opts.distDir ?? WEB_DIST_DIR;
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(fastifyStatic, { root: distDir, serve: false });
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const pathname = decodeURIComponent(req.url.split('?')[0]);
      if (isApiPath(pathname)) return notFound(req, reply);
      if (pathname.startsWith('/assets/') && !pathname.includes('..')) {
        reply.header('x-content-type-options', 'nosniff');
        return reply.sendFile(pathname.slice(1), distDir, { maxAge: '365d', immutable: true });
      }
      if (!wantsHtml(req)) return notFound(req, reply);
      reply
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'same-origin');
      if (!fs.existsSync(path.join(distDir, 'index.html'))) {
        return reply
          .status(503)
          .type('text/html; charset=utf-8')
          .send('<!doctype html><meta charset="utf-8"><title>jashik</title><p>The web cabinet is not built yet: run <code>npm run build:web</code>.</p>');
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', distDir, { cacheControl: false });
    });
  };
}
