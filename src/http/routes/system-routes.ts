/** Liveness, readiness and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<void>;

const healthSchema = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['ok'] } },
} as const;

const readySchema = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['ok'],
        properties: { ok: { type: 'boolean' }, error: { type: 'string' } },
      },
    },
  },
} as const;

export function registerSystemRoutes(app: FastifyInstance, readiness: Record<string, ReadinessCheck>): void {
  app.get(
    '/healthz',
    { schema: { operationId: 'getHealth', summary: 'The process is alive', tags: ['system'], response: { 200: healthSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        summary: 'The database and the blob store answer; 503 names the failing part',
        tags: ['system'],
        response: { 200: readySchema, 503: readySchema },
      },
    },
    async (req, reply) => {
      const checks: Record<string, { ok: boolean; error?: string }> = {};
      await Promise.all(
        Object.entries(readiness).map(async ([name, check]) => {
          try {
            await withTimeout(check(), 3000, `${name} did not answer within 3 s`);
            checks[name] = { ok: true };
          } catch (err) {
            req.log.warn({ part: name, err: (err as Error).message }, 'readiness check failed');
            checks[name] = { ok: false, error: (err as Error).message };
          }
        }),
      );
      const ok = Object.values(checks).every((c) => c.ok);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable', checks });
    },
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}
