/**
 * Pieces the module route registrars share: the authenticated caller of a request, base64
 * fields of JSON bodies, and the Idempotency-Key header of submitting operations.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, fieldError } from '../../shared/errors.ts';

/**
 * Remembers each request's caller: `guard` runs `authenticate` as a preHandler, the handler
 * then reads the caller with `callerOf` (undefined when there is none: the service refuses and
 * audits that) or `requireCallerOf` (UNAUTHENTICATED when there is none).
 */
export function requestCallers<A>(authenticate: (req: FastifyRequest) => Promise<A>) {
  const callers = new WeakMap<FastifyRequest, A>();
  return {
    guard: async (req: FastifyRequest): Promise<void> => {
      callers.set(req, await authenticate(req));
    },
    callerOf: (req: FastifyRequest): A | undefined => callers.get(req),
    requireCallerOf: (req: FastifyRequest): A => {
      const a = callers.get(req);
      if (a === undefined) throw new AppError('UNAUTHENTICATED');
      return a;
    },
  };
}

/** The bytes of a base64 body field; VALIDATION_FAILED naming the field when it is not base64. */
export function base64Field(value: unknown, name: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(value)) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError(name, 'base64', { kk: 'Base64 пішімі қате', ru: 'Неверный формат Base64', en: 'Not valid base64' })] });
  }
  return Buffer.from(value, 'base64');
}

/** The schema of the optional Idempotency-Key header: a repeat with the same key returns the first result. */
export const idempotencyHeaders = { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 200 } } } as const;

/** The request's Idempotency-Key; an empty header counts as none. */
export function idempotencyKey(req: FastifyRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}
