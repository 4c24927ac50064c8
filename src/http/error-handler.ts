/**
 * Every error leaves as `{"error":{"code","message","fields":[…]}}` with the status of its
 * code and the message in the request's language (Conventions: Errors).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError, type Lang } from '../shared/errors.ts';
import { requestLanguage } from './language.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields: { name: string; code: string; message: string }[] };
}

export function errorBody(code: ErrorCode, lang: Lang, fields: FieldError[] = []): ErrorBody {
  return {
    error: {
      code,
      message: ERROR_CODES[code].message[lang],
      fields: fields.map((f) => ({ name: f.name, code: f.code, message: f.message[lang] })),
    },
  };
}

/** Fastify's own error codes mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

function validationFields(err: FastifyError): FieldError[] {
  return (err.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const where = (err.validationContext ?? 'body') + (v.instancePath ? v.instancePath.replace(/\//g, '.') : '');
    const name = missing ? `${where}.${missing}` : where;
    return {
      name,
      code: missing ? 'required' : v.keyword,
      message: missing
        ? { kk: 'Міндетті өріс толтырылмаған', ru: 'Обязательное поле не заполнено', en: 'This field is required' }
        : { kk: `Мән жарамсыз: ${v.message ?? ''}`, ru: `Недопустимое значение: ${v.message ?? ''}`, en: `Invalid value: ${v.message ?? ''}` },
    };
  });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    const lang = requestLanguage(req);
    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err, code: err.code }, 'request failed');
      if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
      return reply.status(err.status).send(errorBody(err.code, lang, err.fields));
    }
    const fe = err as FastifyError;
    const mapped = (fe.validation ? 'VALIDATION_FAILED' : FASTIFY_CODES[fe.code ?? '']) as ErrorCode | undefined;
    if (mapped) {
      return reply.status(ERROR_CODES[mapped].status).send(errorBody(mapped, lang, fe.validation ? validationFields(fe) : []));
    }
    if (fe.statusCode === 429) return reply.status(429).send(errorBody('RATE_LIMITED', lang));
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send(errorBody('VALIDATION_FAILED', lang));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', lang));
  });

  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody('NOT_FOUND', requestLanguage(req))));
}

/** JSON schema of the error body, referenced by every route's error responses. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'fields'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'code', 'message'],
            properties: { name: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;
