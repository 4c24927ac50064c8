/**
 * Coded reasons why an incoming document is not accepted (DF-7 … DF-9, DF-20), with their texts;
 * a "not accepted" notification-receipt lists them. Stable codes: senders switch on them.
 */
import type { LocalisedText } from '../../shared/errors.ts';
import { REPORT_CODES, type ReportCode } from '../pki/report.ts';

export const REASONS = {
  SIGNATURE_INVALID: { kk: 'Электрондық цифрлық қолтаңба тексеруден өтпеді', ru: 'Электронная цифровая подпись не прошла проверку', en: 'An electronic digital signature failed verification' },
  CONTENT_DIGEST_MISMATCH: { kk: 'Файл тіркеу карточкасындағы хэшке сәйкес емес', ru: 'Файл не совпадает с хэшем в регистрационной карточке', en: 'A file does not match its digest in the registration card' },
  RCC_INVALID: { kk: 'Тіркеу-бақылау карточкасы жоқ немесе бүлінген', ru: 'Регистрационно-контрольная карточка отсутствует или повреждена', en: 'The registration-control card is missing or damaged' },
  REVOCATION_UNKNOWN: { kk: 'Бір жұмыс күні ішінде сертификаттың кері қайтарылу мәртебесін анықтау мүмкін болмады', ru: 'В течение рабочего дня не удалось установить статус отзыва сертификата', en: 'The certificate revocation status could not be established within one working day' },
  REQUISITES_MISSING: { kk: 'Міндетті деректемелер жоқ немесе қате', ru: 'Обязательные реквизиты отсутствуют или неверны', en: 'Mandatory requisites are missing or malformed' },
  SIGNER_FOREIGN: { kk: 'Қол қоюшы жіберуші ұйымға тиесілі емес', ru: 'Подписант не принадлежит организации-отправителю', en: 'A signer does not belong to the sending organisation' },
  HEAD_SIGNATURE_MISSING: { kk: 'Басшының қолтаңбасы жоқ', ru: 'Отсутствует подпись руководителя', en: "The head's signature is missing" },
  STATE_SECRET: { kk: 'Құжатта мемлекеттік құпиялар бар деп белгіленген', ru: 'Документ помечен как содержащий государственные секреты', en: 'The document is marked as containing state secrets' },
  OFFICER_DECISION: { kk: 'Құжаттамалық қамтамасыз ету қызметкерінің шешімі', ru: 'Решение сотрудника службы документационного обеспечения', en: "The records officer's decision" },
} as const satisfies Record<string, LocalisedText>;

export type ReasonCode = keyof typeof REASONS;

export interface Reason {
  code: ReasonCode;
  text: LocalisedText;
  /** Which file or signer, and the verification codes behind it. */
  detail?: string;
  checks?: { code: string; text: LocalisedText }[];
}

export function reason(code: ReasonCode, detail?: string, pkiCodes: string[] = []): Reason {
  const r: Reason = { code, text: REASONS[code] };
  if (detail) r.detail = detail;
  if (pkiCodes.length) r.checks = pkiCodes.map((c) => ({ code: c, text: REPORT_CODES[c as ReportCode] ?? { kk: c, ru: c, en: c } }));
  return r;
}
