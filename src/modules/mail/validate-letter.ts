/**
 * Input checks of a composed letter, each failure naming its field in kk/ru/en. Header
 * injection (CR/LF in a subject, name or address) is refused, never "cleaned".
 */
import { AppError, fieldError, type FieldError } from '../../shared/errors.ts';
import type { MailLimits } from './types.ts';
import { declaredTypeLies } from './sniff-type.ts';

const ADDRESS_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function normaliseAddress(a: string): string {
  return a.trim().toLowerCase();
}

export function isAddress(a: string): boolean {
  return a.length <= 254 && ADDRESS_RE.test(a);
}

export interface LetterFields {
  to: string[];
  cc?: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments?: { filename: string; contentType?: string; content?: unknown }[];
  handoverDeadline?: Date;
  registered?: boolean;
}

const msg = {
  required: { kk: 'Кемінде бір алушыны көрсетіңіз', ru: 'Укажите хотя бы одного получателя', en: 'Name at least one recipient' },
  address: { kk: 'Электрондық пошта мекенжайы қате', ru: 'Неверный адрес электронной почты', en: 'Not a valid e-mail address' },
  newline: { kk: 'Жол ауыстыру таңбасына рұқсат жоқ', ru: 'Перевод строки недопустим', en: 'Line breaks are not allowed here' },
  long: { kk: 'Мән тым ұзын', ru: 'Значение слишком длинное', en: 'The value is too long' },
  many: { kk: 'Алушылар тым көп', ru: 'Слишком много получателей', en: 'Too many recipients' },
  deadline: { kk: 'Мерзім болашақта болуы керек', ru: 'Срок должен быть в будущем', en: 'The deadline must be in the future' },
  typeLies: { kk: 'Файлдың мазмұны көрсетілген түрге сәйкес емес', ru: 'Содержимое файла не соответствует указанному типу', en: 'The file content does not match its declared type' },
  deadlineReg: { kk: 'Мерзім тек тапсырыс хатқа қойылады', ru: 'Срок указывается только для заказного письма', en: 'A deadline applies to registered letters only' },
};

export function validateLetter(input: LetterFields, limits: MailLimits, now = new Date()): { to: string[]; cc: string[] } {
  const fields: FieldError[] = [];
  const to = input.to.map(normaliseAddress);
  const cc = (input.cc ?? []).map(normaliseAddress);
  if (to.length === 0) fields.push(fieldError('to', 'required', msg.required));
  for (const [name, list] of [['to', to], ['cc', cc]] as const) {
    list.forEach((a, i) => {
      if (/[\r\n]/.test(a)) fields.push(fieldError(`${name}[${i}]`, 'header_injection', msg.newline));
      else if (!isAddress(a)) fields.push(fieldError(`${name}[${i}]`, 'invalid_address', msg.address));
    });
  }
  if (to.length + cc.length > limits.recipientsPerLetter) fields.push(fieldError('to', 'too_many', msg.many));
  if (/[\r\n]/.test(input.subject)) fields.push(fieldError('subject', 'header_injection', msg.newline));
  if (input.subject.length > 998) fields.push(fieldError('subject', 'too_long', msg.long));
  (input.attachments ?? []).forEach((a, i) => {
    if (/[\r\n]/.test(a.filename)) fields.push(fieldError(`attachments[${i}].filename`, 'header_injection', msg.newline));
    if (a.filename.length > 255) fields.push(fieldError(`attachments[${i}].filename`, 'too_long', msg.long));
    if (a.content instanceof Uint8Array && declaredTypeLies(a.contentType, a.content)) fields.push(fieldError(`attachments[${i}].contentType`, 'type_mismatch', msg.typeLies));
    if (a.contentType && /[\r\n]/.test(a.contentType)) fields.push(fieldError(`attachments[${i}].contentType`, 'header_injection', msg.newline));
  });
  if (input.handoverDeadline) {
    if (!input.registered) fields.push(fieldError('handoverDeadline', 'registered_only', msg.deadlineReg));
    else if (input.handoverDeadline.getTime() <= now.getTime()) fields.push(fieldError('handoverDeadline', 'in_past', msg.deadline));
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { detail: 'letter input refused', fields });
  return { to: [...new Set(to)], cc: [...new Set(cc)] };
}
