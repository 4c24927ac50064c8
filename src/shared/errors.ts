/**
 * One error type with stable machine codes (STYLE habit 7).
 *
 * Every failure a user or integrator can see is an AppError with a code from ERROR_CODES.
 * The HTTP layer maps the code to a status and renders the message in the request's
 * language; the internal `detail` never leaves the server.
 */
export type Lang = 'kk' | 'ru' | 'en';

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** Field-level problem, rendered as `fields[]` in the JSON error body. */
export interface FieldError {
  name: string;
  code: string;
  message: LocalisedText;
}

/** The codes, their HTTP status and user message. Stable: clients switch on them. */
export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    message: {
      kk: 'Сұраныс деректері қате',
      ru: 'Данные запроса неверны',
      en: 'The request data is invalid',
    },
  },
  MALFORMED_JSON: {
    status: 400,
    message: {
      kk: 'Сұраныс денесі жарамды JSON емес',
      ru: 'Тело запроса не является корректным JSON',
      en: 'The request body is not valid JSON',
    },
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: {
      kk: 'Мазмұн түріне қолдау көрсетілмейді',
      ru: 'Тип содержимого не поддерживается',
      en: 'This content type is not supported',
    },
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    message: {
      kk: 'Сұраныс тым үлкен',
      ru: 'Запрос слишком большой',
      en: 'The request is too large',
    },
  },
  NOT_FOUND: {
    status: 404,
    message: { kk: 'Табылмады', ru: 'Не найдено', en: 'Not found' },
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    message: { kk: 'Әдіс рұқсат етілмеген', ru: 'Метод не разрешён', en: 'Method not allowed' },
  },
  UNAUTHENTICATED: {
    status: 401,
    message: { kk: 'Жүйеге кіріңіз', ru: 'Требуется вход в систему', en: 'Please sign in' },
  },
  FORBIDDEN: {
    status: 403,
    message: { kk: 'Рұқсат жоқ', ru: 'Доступ запрещён', en: 'Access denied' },
  },
  CONFLICT: {
    status: 409,
    message: { kk: 'Қайшылық', ru: 'Конфликт', en: 'Conflict' },
  },
  RATE_LIMITED: {
    status: 429,
    message: {
      kk: 'Тым көп сұраныс, кейінірек қайталаңыз',
      ru: 'Слишком много запросов, повторите позже',
      en: 'Too many requests, try again later',
    },
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: {
      kk: 'Қызмет уақытша қолжетімсіз, кейінірек қайталаңыз',
      ru: 'Сервис временно недоступен, повторите позже',
      en: 'The service is temporarily unavailable, try again later',
    },
  },
  BLOB_NOT_FOUND: {
    status: 404,
    message: { kk: 'Файл табылмады', ru: 'Файл не найден', en: 'File not found' },
  },
  BLOB_DIGEST_MISMATCH: {
    status: 500,
    message: {
      kk: 'Файлдың тұтастығы бұзылған',
      ru: 'Нарушена целостность файла',
      en: 'The stored file failed its integrity check',
    },
  },
  INTERNAL: {
    status: 500,
    message: { kk: 'Ішкі қате', ru: 'Внутренняя ошибка', en: 'Internal error' },
  },
} as const satisfies Record<string, { status: number; message: LocalisedText }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  /** Internal detail for logs; never sent to clients. */
  readonly detail?: string;

  constructor(code: ErrorCode, opts: { detail?: string; fields?: FieldError[]; cause?: unknown } = {}) {
    super(opts.detail ?? ERROR_CODES[code].message.en, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields ?? [];
    this.detail = opts.detail;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** Builds a field error; message texts in all three languages. */
export function fieldError(name: string, code: string, message: LocalisedText): FieldError {
  return { name, code, message };
}
