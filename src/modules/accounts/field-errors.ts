/**
 * Field-level refusals of the accounts module, each with its text in kk/ru/en. One place, so
 * the same refusal reads the same on the web, in the API and at the counter.
 */
import { fieldsFrom, refuse, type LocalisedText } from '../../shared/errors.ts';

export const FIELD_TEXTS = {
  required: { kk: 'Міндетті өріс толтырылмаған', ru: 'Обязательное поле не заполнено', en: 'This field is required' },
  login_format: {
    kk: 'Пайдаланушы аты 3–64 таңбадан тұрады: a-z, 0-9, нүкте, сызықша, астын сызу; нүктеден басталмайды және аяқталмайды',
    ru: 'Имя пользователя: 3–64 символа a-z, 0-9, точка, дефис, подчёркивание; не начинается и не заканчивается точкой',
    en: 'A user name is 3–64 characters of a-z, 0-9, dot, hyphen, underscore, not starting or ending with a dot',
  },
  login_reserved: { kk: 'Бұл пайдаланушы аты жүйеге арналған', ru: 'Это имя пользователя зарезервировано', en: 'This user name is reserved' },
  login_taken: { kk: 'Бұл пайдаланушы аты бос емес', ru: 'Это имя пользователя уже занято', en: 'This user name is already taken' },
  password_short: { kk: 'Құпиясөз кемінде 12 таңба болуы керек', ru: 'Пароль должен быть не короче 12 символов', en: 'The password must be at least 12 characters' },
  password_long: { kk: 'Құпиясөз 256 таңбадан аспауы керек', ru: 'Пароль не должен быть длиннее 256 символов', en: 'The password must be at most 256 characters' },
  password_common: {
    kk: 'Бұл құпиясөз тым кең таралған немесе оңай табылады',
    ru: 'Этот пароль слишком распространён или легко угадывается',
    en: 'This password is too common or too easy to guess',
  },
  password_contains_login: {
    kk: 'Құпиясөзде пайдаланушы аты болмауы керек',
    ru: 'Пароль не должен содержать имя пользователя',
    en: 'The password must not contain the user name',
  },
  iin_mismatch: {
    kk: 'ЖСН қолтаңба сертификатындағы ЖСН-ге сәйкес келмейді',
    ru: 'ИИН не совпадает с ИИН в сертификате подписи',
    en: 'The IIN does not match the IIN in the signing certificate',
  },
  bin_mismatch: {
    kk: 'БСН қолтаңба сертификатындағы БСН-ге сәйкес келмейді',
    ru: 'БИН не совпадает с БИН в сертификате подписи',
    en: 'The BIN does not match the BIN in the signing certificate',
  },
  not_head: {
    kk: 'Қол қоюшы ұйымның басшысы немесе қол қою құқығы бар тұлға емес',
    ru: 'Подписант не является руководителем или лицом с правом подписи организации',
    en: 'The signer is neither the head of the organisation nor authorised to sign for it',
  },
  registry_not_found: {
    kk: 'Мемлекеттік дерекқорда табылмады',
    ru: 'Не найдено в государственной базе данных',
    en: 'Not found in the state database',
  },
  registry_mismatch: {
    kk: 'Мемлекеттік дерекқордағы мәнге сәйкес келмейді',
    ru: 'Не совпадает со значением в государственной базе данных',
    en: 'Does not match the value in the state database',
  },
  registry_inactive: {
    kk: 'Мемлекеттік дерекқор бойынша белсенді емес (таратылған немесе қайтыс болған)',
    ru: 'По государственной базе данных не действует (ликвидировано или умер)',
    en: 'Not active according to the state database (liquidated or deceased)',
  },
  agreement_not_current: {
    kk: 'Пайдаланушы келісімінің ағымдағы нұсқасын көрсетіңіз',
    ru: 'Укажите текущую версию пользовательского соглашения',
    en: 'Give the current version of the user agreement',
  },
  document_not_canonical: {
    kk: 'Құжат RFC 8785 канондық JSON емес',
    ru: 'Документ не является каноническим JSON по RFC 8785',
    en: 'The document is not canonical JSON (RFC 8785)',
  },
  document_type: { kk: 'Құжат түрі қате', ru: 'Неверный тип документа', en: 'Wrong document type' },
  document_differs: {
    kk: 'Қолтаңба басқа құжатқа қойылған',
    ru: 'Подпись поставлена под другим документом',
    en: 'The signature covers a different document',
  },
  nonce_invalid: {
    kk: 'Бір реттік сұраныс коды жарамсыз, мерзімі өткен немесе пайдаланылған',
    ru: 'Одноразовый код запроса неверен, просрочен или уже использован',
    en: 'The one-time nonce is unknown, expired or already used',
  },
  already_registered: {
    kk: 'Бұл нөмір үшін пошта жәшігі бұрыннан бар',
    ru: 'Для этого номера почтовый ящик уже существует',
    en: 'A mailbox already exists for this number',
  },
  code_invalid: {
    kk: 'Код қате, мерзімі өткен немесе пайдаланылған',
    ru: 'Код неверен, просрочен или уже использован',
    en: 'The code is wrong, expired or already used',
  },
  scan_type: {
    kk: 'Скан PDF, JPEG немесе TIFF болуы керек',
    ru: 'Скан должен быть в формате PDF, JPEG или TIFF',
    en: 'The scan must be a PDF, JPEG or TIFF file',
  },
  other_post_office: {
    kk: 'Қызметкер тек өз пошта бөлімшесінде әрекет ете алады',
    ru: 'Работник может действовать только в своём почтовом отделении',
    en: 'A clerk may act only at their own post office',
  },
  not_editable: {
    kk: 'Бұл өрісті өзгертуге болмайды (ЖСН/БСН мен атау тіркелгендей қалады)',
    ru: 'Это поле нельзя изменить (ИИН/БИН и наименование остаются как при регистрации)',
    en: 'This field cannot be changed (the IIN/BIN and name stay as registered)',
  },
  signature_malformed: {
    kk: 'Қолтаңба оқылмады (base64 DER CMS күтіледі)',
    ru: 'Подпись не читается (ожидается CMS в DER, base64)',
    en: 'The signature cannot be read (expected base64 of a DER CMS)',
  },
  signature_invalid: { kk: 'Қолтаңба жарамсыз', ru: 'Подпись недействительна', en: 'The signature is not valid' },
  signature_key_usage: {
    kk: 'Бұл кілт осы мақсатқа арналмаған (қол қою / аутентификация)',
    ru: 'Этот ключ не предназначен для этой цели (подпись / аутентификация)',
    en: 'This key is not meant for this purpose (signing vs authentication)',
  },
} as const satisfies Record<string, LocalisedText>;

export type FieldTextKey = keyof typeof FIELD_TEXTS;

export const field = fieldsFrom(FIELD_TEXTS);
export { refuse };
