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
  // PKI (signatures module): inputs that cannot be read or used at all. A signature that
  // parses but fails a check is not thrown: it is reported in the verification report.
  PKI_MALFORMED: {
    status: 400,
    message: {
      kk: 'Қолтаңба немесе сертификат файлы бүлінген немесе пішімі қате',
      ru: 'Файл подписи или сертификата повреждён или имеет неверный формат',
      en: 'The signature or certificate file is damaged or not in the expected format',
    },
  },
  PKI_LIMIT_EXCEEDED: {
    status: 400,
    message: {
      kk: 'Қолтаңбада рұқсат етілгеннен көп элемент бар',
      ru: 'Подпись содержит больше элементов, чем допускается',
      en: 'The signature holds more elements than allowed',
    },
  },
  PKI_UNSUPPORTED_ALGORITHM: {
    status: 400,
    message: {
      kk: 'Қолтаңба алгоритміне қолдау көрсетілмейді',
      ru: 'Алгоритм подписи не поддерживается',
      en: 'The signature algorithm is not supported',
    },
  },
  PKI_CONTENT_REQUIRED: {
    status: 400,
    message: {
      kk: 'Бөлек қолтаңбаны тексеру үшін қол қойылған деректер қажет',
      ru: 'Для проверки откреплённой подписи нужны подписанные данные',
      en: 'A detached signature needs the signed data to be verified',
    },
  },
  PKI_KEY_UNREADABLE: {
    status: 400,
    message: {
      kk: 'Кілтті оқу мүмкін емес: құпиясөз қате немесе файл бүлінген',
      ru: 'Не удалось прочитать ключ: неверный пароль или файл повреждён',
      en: 'The key cannot be read: wrong password or damaged file',
    },
  },
  PKI_KEY_MISMATCH: {
    status: 400,
    message: {
      kk: 'Кілт сертификатқа сәйкес келмейді',
      ru: 'Ключ не соответствует сертификату',
      en: 'The key does not match the certificate',
    },
  },
  PKI_SIGNATURE_INVALID: {
    status: 422,
    message: {
      kk: 'Электрондық цифрлық қолтаңба жарамсыз',
      ru: 'Электронная цифровая подпись недействительна',
      en: 'The electronic digital signature is not valid',
    },
  },
  PKI_REVOCATION_UNKNOWN: {
    status: 503,
    message: {
      kk: 'Сертификаттың кері қайтарылу мәртебесін тексеру мүмкін болмады, кейінірек қайталаңыз',
      ru: 'Не удалось проверить статус отзыва сертификата, повторите позже',
      en: 'The certificate revocation status could not be checked, try again later',
    },
  },
  // Accounts (issue 4): registration, sign-in, sessions, EDS confirmation, directory.
  LOGIN_TAKEN: {
    status: 409,
    message: { kk: 'Бұл пайдаланушы аты бос емес', ru: 'Это имя пользователя уже занято', en: 'This user name is already taken' },
  },
  ALREADY_REGISTERED: {
    status: 409,
    message: {
      kk: 'Бұл ЖСН/БСН үшін пошта жәшігі бұрыннан тіркелген',
      ru: 'Для этого ИИН/БИН почтовый ящик уже зарегистрирован',
      en: 'A mailbox is already registered for this IIN/BIN',
    },
  },
  IDENTITY_MISMATCH: {
    status: 422,
    message: {
      kk: 'Өтініш деректері қолтаңба сертификатына сәйкес келмейді',
      ru: 'Данные заявления не совпадают с сертификатом подписи',
      en: 'The application does not match the signing certificate',
    },
  },
  REGISTRY_MISMATCH: {
    status: 422,
    message: {
      kk: 'Деректер мемлекеттік дерекқормен расталмады',
      ru: 'Данные не подтверждены государственной базой данных',
      en: 'The data were not confirmed by the state database',
    },
  },
  REGISTRY_UNAVAILABLE: {
    status: 503,
    message: {
      kk: 'Мемлекеттік дерекқор қолжетімсіз, кейінірек қайталаңыз',
      ru: 'Государственная база данных недоступна, повторите позже',
      en: 'The state database is unavailable, try again later',
    },
  },
  NONCE_INVALID: {
    status: 422,
    message: {
      kk: 'Қол қою сұранысының мерзімі өткен немесе ол пайдаланылған, қайта бастаңыз',
      ru: 'Запрос на подпись просрочен или уже использован, начните заново',
      en: 'The signing request has expired or was already used; start again',
    },
  },
  AGREEMENT_NOT_CURRENT: {
    status: 409,
    message: {
      kk: 'Пайдаланушы келісімінің нұсқасы ағымдағы емес',
      ru: 'Версия пользовательского соглашения не является текущей',
      en: 'The user agreement version is not the current one',
    },
  },
  AGREEMENT_ACCEPTANCE_REQUIRED: {
    status: 403,
    message: {
      kk: 'Пайдаланушы келісімінің жаңа нұсқасын қабылдаңыз',
      ru: 'Примите новую версию пользовательского соглашения',
      en: 'Please accept the new version of the user agreement',
    },
  },
  MEMBER_NEEDS_PERSONAL_ACCOUNT: {
    status: 422,
    message: {
      kk: 'Ұйым қызметкері ретінде кіру үшін алдымен жеке пошта жәшігін тіркеңіз (жеке ЭЦҚ-мен онлайн немесе пошта бөлімшесінде), содан кейін осы сертификатпен қайта кіріңіз',
      ru: 'Чтобы войти как сотрудник организации, сначала зарегистрируйте личный почтовый ящик (онлайн с личной ЭЦП или в отделении почты), затем войдите с этим сертификатом снова',
      en: 'To sign in as a member of the organisation, first register a personal mailbox (online with your personal EDS, or at a post office), then sign in with this certificate again',
    },
  },
  INVALID_CREDENTIALS: {
    status: 401,
    message: { kk: 'Логин немесе құпиясөз қате', ru: 'Неверный логин или пароль', en: 'Wrong login or password' },
  },
  ACCOUNT_LOCKED: {
    status: 429,
    message: {
      kk: 'Тым көп сәтсіз әрекет: кіру уақытша бұғатталды. Кейінірек қайталаңыз немесе ЭЦҚ арқылы кіріңіз',
      ru: 'Слишком много неудачных попыток: вход временно заблокирован. Повторите позже или войдите по ЭЦП',
      en: 'Too many failed attempts: sign-in is temporarily locked. Try later or sign in with EDS',
    },
  },
  ACCOUNT_NOT_ACTIVE: {
    status: 403,
    message: {
      kk: 'Тіркелгі белсенді емес',
      ru: 'Учётная запись не активна',
      en: 'The account is not active',
    },
  },
  CSRF_FAILED: {
    status: 403,
    message: {
      kk: 'Сұраныс қорғаныс белгісінсіз жіберілді, бетті жаңартыңыз',
      ru: 'Запрос отправлен без защитного токена, обновите страницу',
      en: 'The request lacks its anti-forgery token; reload the page',
    },
  },
  CODE_INVALID: {
    status: 422,
    message: {
      kk: 'Белсендіру коды қате, мерзімі өткен немесе пайдаланылған',
      ru: 'Код активации неверен, просрочен или уже использован',
      en: 'The activation code is wrong, expired or already used',
    },
  },
  // Mail (issue 5)
  MAIL_QUOTA_EXCEEDED: {
    status: 507,
    message: {
      kk: 'Пошта жәшігінің көлемі толды',
      ru: 'Квота почтового ящика исчерпана',
      en: 'The mailbox quota is exhausted',
    },
  },
  MAIL_TOO_LARGE: {
    status: 413,
    message: {
      kk: 'Хат пен тіркемелердің жалпы көлемі рұқсат етілгеннен асады',
      ru: 'Общий размер письма и вложений превышает допустимый',
      en: 'The letter and its attachments exceed the size allowed',
    },
  },
  MAIL_UNKNOWN_RECIPIENT: {
    status: 422,
    message: {
      kk: 'Мұндай пошта жәшігі жоқ',
      ru: 'Такого почтового ящика нет',
      en: 'There is no such mailbox',
    },
  },
  MAIL_MAILBOX_CLOSED: {
    status: 409,
    message: {
      kk: 'Пошта жәшігі жабық',
      ru: 'Почтовый ящик закрыт',
      en: 'The mailbox is closed',
    },
  },
  MAIL_EVIDENCE_INVALID: {
    status: 422,
    message: {
      kk: 'Дәлел жазбасы тексеруден өтпеді',
      ru: 'Запись-доказательство не прошла проверку',
      en: 'The evidence record did not verify',
    },
  },
  // demo PKI and operator keys (issue 3, items 6-7)
  DEMO_MODE_ONLY: {
    status: 404,
    message: {
      kk: 'Бұл тек демо режимінде қолжетімді (JASHIK_DEMO)',
      ru: 'Доступно только в демонстрационном режиме (JASHIK_DEMO)',
      en: 'Available only in demo mode (JASHIK_DEMO)',
    },
  },
  OPERATOR_KEY_UNAVAILABLE: {
    status: 503,
    message: {
      kk: 'Оператордың қолтаңба кілті қолжетімсіз',
      ru: 'Ключ подписи оператора недоступен',
      en: "The operator's signing key is not available",
    },
  },
  // Docflow (issue 7)
  DOCFLOW_DOCUMENT_INVALID: {
    status: 422,
    message: {
      kk: 'Электрондық құжат талаптарға сәйкес емес',
      ru: 'Электронный документ не соответствует требованиям',
      en: 'The electronic document does not meet the requirements',
    },
  },
  DOCFLOW_TOO_LARGE: {
    status: 413,
    message: {
      kk: 'Құжат файлдарының жалпы көлемі 60 МБ-тан асады',
      ru: 'Общий размер файлов документа превышает 60 МБ',
      en: 'The files of the document exceed 60 MB in total',
    },
  },
  DOCFLOW_STATE_SECRET: {
    status: 422,
    message: {
      kk: 'Мемлекеттік құпияларды қамтитын құжаттар қабылданбайды, өңделмейді, сақталмайды және жіберілмейді',
      ru: 'Документы, содержащие государственные секреты, не принимаются, не обрабатываются, не хранятся и не передаются',
      en: 'Documents containing state secrets are not accepted, processed, stored or sent',
    },
  },
  DOCFLOW_NOT_OFFICIAL: {
    status: 422,
    message: {
      kk: 'Электрондық құжат айналымына тек ЭЦҚ-мен расталған ресми пошта жәшіктері қатысады',
      ru: 'В электронном документообороте участвуют только официальные ящики, подтверждённые ЭЦП',
      en: 'Only official (EDS-confirmed) mailboxes take part in electronic document flow',
    },
  },
  DOCFLOW_WRONG_STATE: {
    status: 409,
    message: {
      kk: 'Құжаттың қазіргі күйінде бұл әрекет мүмкін емес',
      ru: 'В текущем состоянии документа это действие невозможно',
      en: 'This action is not possible in the document\'s current state',
    },
  },
  DOCFLOW_SIGNER_NOT_AUTHORISED: {
    status: 422,
    message: {
      kk: 'Қол қоюшының өкілеттігі жоқ',
      ru: 'У подписанта нет полномочий',
      en: 'The signer has no authority for this',
    },
  },
  // Hybrid mail (issue 8)
  HYBRID_NOT_PRINTABLE: {
    status: 422,
    message: {
      kk: 'Хатты басып шығаруға болмайды: көрсетілген кемшіліктерді түзетіңіз',
      ru: 'Письмо нельзя напечатать: исправьте указанные недостатки',
      en: 'The letter cannot be printed: fix the problems listed',
    },
  },
  HYBRID_UNKNOWN_ITEM: {
    status: 404,
    message: { kk: 'Мұндай трек-нөмірі бар жөнелтілім жоқ', ru: 'Отправления с таким трек-номером нет', en: 'There is no item with this tracking number' },
  },
  HYBRID_EVENT_OUT_OF_ORDER: {
    status: 409,
    message: {
      kk: 'Бұл оқиға жөнелтілімнің қазіргі мәртебесінен кейін келе алмайды',
      ru: 'Это событие не может следовать за текущим статусом отправления',
      en: 'This event cannot follow the item\'s current status',
    },
  },
  HYBRID_SCAN_UNSUPPORTED: {
    status: 415,
    message: { kk: 'Скан PDF, TIFF немесе JPEG болуы керек', ru: 'Скан должен быть PDF, TIFF или JPEG', en: 'A scan must be a PDF, TIFF or JPEG' },
  },
  HYBRID_NO_POSTAL_ADDRESS: {
    status: 422,
    message: {
      kk: 'Алушының пошта мекенжайы белгісіз',
      ru: 'Почтовый адрес получателя неизвестен',
      en: 'The recipient\'s postal address is not known',
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
  /** When a refused request may be repeated (sent as Retry-After). */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, opts: { detail?: string; fields?: FieldError[]; cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(opts.detail ?? ERROR_CODES[code].message.en, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = opts.fields ?? [];
    this.detail = opts.detail;
    this.retryAfterSeconds = opts.retryAfterSeconds;
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

/** A module's `field(name, key)` over its table of kk/ru/en texts; the code defaults to the key. */
export function fieldsFrom<K extends string>(texts: Record<K, LocalisedText>): (name: string, key: K, code?: string) => FieldError {
  return (name, key, code = key) => fieldError(name, code, texts[key]);
}

/** An AppError carrying field errors; unless given, the detail (for logs) names the fields and codes. */
export function refuse(code: ErrorCode, fields: FieldError[], detail?: string): AppError {
  return new AppError(code, { fields, detail: detail ?? fields.map((f) => `${f.name}: ${f.code}`).join('; ') });
}
