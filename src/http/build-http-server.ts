/**
 * The Fastify application: request ids, JSON errors, OpenAPI generated from route schemas.
 * Routes hold no rules: they validate, call a module service, and shape the answer.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from 'pino';
import { errorSchema, installErrorHandlers } from './error-handler.ts';
import { registerSystemRoutes, type ReadinessCheck } from './routes/system-routes.ts';
import { registerRateLimits, type RouteLimits } from './rate-limits.ts';
import { VERSION } from '../shared/version.ts';

export interface HttpDeps {
  log: Logger;
  readiness: Record<string, ReadinessCheck>;
  /** Further routes (modules register theirs here). */
  routes?: ((app: FastifyInstance) => void | Promise<void>)[];
  bodyLimit?: number;
  /** Per-route request limits overriding the defaults (`JASHIK_RATE_LIMITS`; see rate-limits.ts). */
  rateLimits?: RouteLimits;
  /** Proxies whose X-Forwarded-* headers are believed (`JASHIK_TRUST_PROXY`); none by default. */
  trustProxy?: string[];
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One access-log line per request, when it completes (Fastify's default writes two: on arrival
 * and on completion), with the path only: a query string carries search words, cursors and
 * other things about a mailbox's content that do not belong in an operator's logs.
 */
class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const q = req.url.indexOf('?');
    const line = { method: req.method, path: q < 0 ? req.url : req.url.slice(0, q), remoteAddress: req.ip, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export async function buildHttpServer(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as unknown as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    // Honour a caller's request id when it is sane, so one id follows a request across systems.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    logController: new AccessLog({ requestIdLogLabel: 'requestId' }),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    return503OnClosing: true,
    // Only the listed proxies: req.ip (rate limits, audit, access log) is then the client's address.
    trustProxy: deps.trustProxy?.length ? deps.trustProxy : false,
  });
  // A callback hook, not an async one: no promise per request for a header.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
  app.addSchema(errorSchema);
  installErrorHandlers(app);
  // Before any route is added: the limits attach to routes as they are registered.
  await registerRateLimits(app, deps.rateLimits);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'jashik API',
        version: VERSION,
        description: 'Unified system of electronic subscriber mailboxes: e-letters, signed documents and hybrid mail.',
      },
      tags: [{ name: 'system', description: 'Health and readiness' }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  registerSystemRoutes(app, deps.readiness);
  for (const register of deps.routes ?? []) await register(app);
  await app.ready();
  return app;
}
