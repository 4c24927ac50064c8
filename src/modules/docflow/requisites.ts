/**
 * The requisites of an e-document, exactly as DF-3 (content part, Rules §8 ¶3) and DF-4 (the
 * registration-control card, Rules §8 ¶4) list them, as typed shapes. Which of them a document
 * must carry depends on its type (reference data, DF-5); the ones the system itself fills in
 * (document type name, date, registration number, software, EDS) are never asked of the user.
 */
import { fieldError, type FieldError } from '../../shared/errors.ts';

/** DF-3: content requisites. The text itself and the EDS are the content files and their signatures. */
export interface ContentRequisites {
  /** Sender organisation's official name. */
  senderName?: string;
  /** Its reference data: legal address, phone, fax, e-mail. */
  senderReference?: { legalAddress?: string; phone?: string; fax?: string; email?: string };
  /** Reference to the incoming document's registration number and date (not for initiative documents). */
  incomingReference?: { number: string; date: string };
  placeOfCreation?: string;
  addressee?: string;
  approvalMark?: string;
  title?: string;
  attachmentMark?: string;
  /** Executor mark: surname, phone, e-mail. */
  executorMark?: { surname: string; phone?: string; email?: string };
}

/** DF-4: RCC requisites entered by people; date, number, software and EDS are filled by the system. */
export interface CardRequisites {
  nomenclatureIndex?: string;
  questionNature?: string;
  subject?: string;
  sheets?: { main: number; attachments: number };
  addresseeOrganisation?: string;
  addresseePosition?: string;
  addresseeSurname?: string;
  executorSurname?: string;
  executorPhone?: string;
  controlMark?: boolean;
  executionMark?: string;
  reference?: { number: string; date: string };
  /** Presence or absence of a paper original or a paper copy. */
  paperOriginal?: 'none' | 'paper_original' | 'paper_copy';
}

export const CONTENT_KEYS = ['senderName', 'senderReference', 'incomingReference', 'placeOfCreation', 'addressee', 'approvalMark', 'title', 'attachmentMark', 'executorMark'] as const;
export const CARD_KEYS = ['nomenclatureIndex', 'questionNature', 'subject', 'sheets', 'addresseeOrganisation', 'addresseePosition', 'addresseeSurname', 'executorSurname', 'executorPhone', 'controlMark', 'executionMark', 'reference', 'paperOriginal'] as const;
export type ContentKey = (typeof CONTENT_KEYS)[number];
export type CardKey = (typeof CARD_KEYS)[number];
/** A mandatory requisite is named `requisites.<key>` or `card.<key>`. */
export type RequisiteName = `requisites.${ContentKey}` | `card.${CardKey}`;

export const ALL_REQUISITE_NAMES: RequisiteName[] = [...CONTENT_KEYS.map((k) => `requisites.${k}` as const), ...CARD_KEYS.map((k) => `card.${k}` as const)];

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 4000;

const missing = (name: string) => fieldError(name, 'required', { kk: 'Міндетті деректеме толтырылмаған', ru: 'Обязательный реквизит не заполнен', en: 'This requisite is mandatory for the document type' });
const malformed = (name: string, what: { kk: string; ru: string; en: string }) => fieldError(name, 'malformed', what);
const TEXT = { kk: 'Мәтін бос емес және 4000 таңбадан аспауы керек', ru: 'Текст не пустой и не длиннее 4000 символов', en: 'Text, not empty, at most 4000 characters' };
const DATE = { kk: 'Күн ЖЖЖЖ-АА-КК пішімінде', ru: 'Дата в формате ГГГГ-ММ-ДД', en: 'A date as YYYY-MM-DD' };

// A non-white-space character (\s is exactly the white space String.prototype.trim removes):
// tested without making a trimmed copy of every requisite of every document checked.
const NOT_BLANK = /\S/;

function isText(v: unknown): boolean {
  return typeof v === 'string' && v.length <= MAX_TEXT && NOT_BLANK.test(v);
}

const sheetCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 100_000;

/** Checks the requisite `name` (`<prefix>.<key>`) whose value is `v`. */
function checkValue(name: string, key: string, v: unknown, out: FieldError[]): void {
  switch (key) {
    case 'senderReference':
      if (typeof v !== 'object' || v === null || !isText((v as { legalAddress?: unknown }).legalAddress)) out.push(malformed(`${name}.legalAddress`, TEXT));
      return;
    case 'incomingReference':
    case 'reference': {
      const r = v as { number?: unknown; date?: unknown } | null;
      if (typeof r !== 'object' || r === null || !isText(r.number)) out.push(malformed(`${name}.number`, TEXT));
      if (typeof r !== 'object' || r === null || typeof r.date !== 'string' || !DATE_RE.test(r.date)) out.push(malformed(`${name}.date`, DATE));
      return;
    }
    case 'executorMark': {
      const e = v as { surname?: unknown } | null;
      if (typeof e !== 'object' || e === null || !isText(e.surname)) out.push(malformed(`${name}.surname`, TEXT));
      return;
    }
    case 'sheets': {
      const s = v as { main?: unknown; attachments?: unknown } | null;
      if (typeof s !== 'object' || s === null || !sheetCount(s.main) || !sheetCount(s.attachments)) {
        out.push(malformed(name, { kk: 'Парақтар саны — теріс емес бүтін сандар', ru: 'Число листов — целые неотрицательные числа', en: 'Sheet counts are whole non-negative numbers' }));
      }
      return;
    }
    case 'controlMark':
      if (typeof v !== 'boolean') out.push(malformed(name, { kk: 'Иә немесе жоқ', ru: 'Да или нет', en: 'true or false' }));
      return;
    case 'paperOriginal':
      if (v !== 'none' && v !== 'paper_original' && v !== 'paper_copy') out.push(malformed(name, { kk: 'none, paper_original немесе paper_copy', ru: 'none, paper_original или paper_copy', en: 'none, paper_original or paper_copy' }));
      return;
    default:
      if (!isText(v)) out.push(malformed(name, TEXT));
  }
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && !NOT_BLANK.test(v));
}

const CONTENT_KEY_SET = new Set<string>(CONTENT_KEYS);
const CARD_KEY_SET = new Set<string>(CARD_KEYS);
const SECTIONS = [['requisites', CONTENT_KEY_SET], ['card', CARD_KEY_SET]] as const;

/**
 * Checks the requisites: every mandatory one present, every given one well-formed, no unknown
 * keys. Returns the field errors (empty when all is well).
 */
export function checkRequisites(requisites: Record<string, unknown>, card: Record<string, unknown>, mandatory: readonly string[]): FieldError[] {
  const out: FieldError[] = [];
  for (const [prefix, keys] of SECTIONS) {
    const obj = prefix === 'requisites' ? requisites : card;
    for (const k in obj) {
      if (!Object.hasOwn(obj, k)) continue;
      if (!keys.has(k)) out.push(fieldError(`${prefix}.${k}`, 'unknown', { kk: 'Белгісіз деректеме', ru: 'Неизвестный реквизит', en: 'Unknown requisite' }));
      else if (present(obj[k])) checkValue(`${prefix}.${k}`, k, obj[k], out);
    }
  }
  for (const name of mandatory) {
    // `<prefix>.<key>` (as name.split('.') reads it, without making the array)
    const dot = name.indexOf('.');
    const end = dot < 0 ? -1 : name.indexOf('.', dot + 1);
    const obj = (dot < 0 ? name : name.slice(0, dot)) === 'requisites' ? requisites : card;
    if (dot < 0 || !present(obj[name.slice(dot + 1, end < 0 ? undefined : end)])) out.push(missing(name));
  }
  return out;
}
