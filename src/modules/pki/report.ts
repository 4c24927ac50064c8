/**
 * The verification report: its shape (what `jashik verify --json` prints and services store
 * with a document) and the stable codes of the problems it lists, with messages in the three
 * languages. A check that fails is a report entry, not an exception: exceptions are kept for
 * input that cannot be read at all (PKI_* codes in shared/errors.ts).
 */
import type { LocalisedText } from '../../shared/errors.ts';
import type { CertificateSummary, KeyPurpose, NcaIdentity } from './certificate.ts';

export const REPORT_CODES = {
  NO_SIGNERS: { kk: 'Қолтаңба жоқ', ru: 'Подписи отсутствуют', en: 'The CMS has no signers' },
  CONTENT_TYPE_MISMATCH: { kk: 'Мазмұн түрі атрибуты сәйкес емес', ru: 'Атрибут типа содержимого не совпадает', en: 'The content-type attribute does not match the content' },
  MESSAGE_DIGEST_MISMATCH: { kk: 'Деректер қол қойылғаннан кейін өзгерген', ru: 'Данные изменены после подписания', en: 'The content was changed after signing (messageDigest mismatch)' },
  SIGNED_ATTRIBUTES_INVALID: { kk: 'Қол қойылған атрибуттар қате', ru: 'Подписанные атрибуты неверны', en: 'The signed attributes are missing or malformed' },
  SIGNATURE_INVALID: { kk: 'Қолтаңба жарамсыз', ru: 'Подпись неверна', en: 'The signature value does not verify' },
  ALGORITHM_UNSUPPORTED: { kk: 'Алгоритмге қолдау жоқ', ru: 'Алгоритм не поддерживается', en: 'An algorithm is not supported' },
  SIGNER_CERTIFICATE_NOT_FOUND: { kk: 'Қол қоюшының сертификаты табылмады', ru: 'Сертификат подписанта не найден', en: "The signer's certificate is not in the CMS" },
  SIGNING_CERTIFICATE_MISMATCH: { kk: 'Қол қоюшы сертификатының хэші сәйкес емес', ru: 'Хэш сертификата подписанта не совпадает', en: 'The signing-certificate attribute names another certificate' },
  CHAIN_UNTRUSTED: { kk: 'Сенімді куәландырушы орталыққа тізбек жоқ', ru: 'Нет цепочки до доверенного УЦ', en: 'No chain to a trusted certification authority' },
  CHAIN_LOOP: { kk: 'Сертификаттар тізбегі тұйықталған', ru: 'Цепочка сертификатов зациклена', en: 'The certificate chain loops' },
  CHAIN_TOO_LONG: { kk: 'Сертификаттар тізбегі тым ұзын', ru: 'Цепочка сертификатов слишком длинная', en: 'The certificate chain is too long' },
  CERT_SIGNATURE_INVALID: { kk: 'Сертификат қолтаңбасы жарамсыз', ru: 'Подпись сертификата неверна', en: "A certificate's signature does not verify" },
  CERT_EXPIRED: { kk: 'Сертификат мерзімі өткен', ru: 'Срок действия сертификата истёк', en: 'A certificate had expired at the trusted time' },
  CERT_NOT_YET_VALID: { kk: 'Сертификат әлі жарамды емес', ru: 'Сертификат ещё не действует', en: 'A certificate was not yet valid at the trusted time' },
  CA_NOT_AUTHORISED: { kk: 'Шығарушы куәландырушы орталық емес', ru: 'Издатель не является УЦ', en: 'An issuer is not a CA allowed to sign certificates' },
  KEY_USAGE_MISMATCH: { kk: 'Кілт бұл мақсатқа арналмаған', ru: 'Ключ не предназначен для этой цели', en: 'The key is not meant for this purpose (signing vs authentication)' },
  REVOKED: { kk: 'Сертификат кері қайтарылған', ru: 'Сертификат отозван', en: 'A certificate was revoked at the trusted time' },
  REVOCATION_UNKNOWN: { kk: 'Кері қайтарылу мәртебесі белгісіз', ru: 'Статус отзыва неизвестен', en: 'The revocation status could not be established' },
  TIMESTAMP_INVALID: { kk: 'Уақыт белгісі жарамсыз', ru: 'Метка времени недействительна', en: 'The signature timestamp is not valid' },
  TIME_IN_FUTURE: { kk: 'Уақыт тексеру уақытынан кейін', ru: 'Время позже момента проверки', en: 'A time lies after the verification time' },
} as const satisfies Record<string, LocalisedText>;

export type ReportCode = keyof typeof REPORT_CODES;

export interface ReportError {
  code: ReportCode;
  /** English detail (which certificate, which OID); localised text comes from REPORT_CODES. */
  message: string;
}

export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'not-checked';

export interface RevocationReport {
  subject: string;
  serialNumber: string;
  status: RevocationStatus;
  /** "crl" or "ocsp", with where it came from (file, URL, stored response, the CMS). */
  source?: 'crl' | 'ocsp';
  location?: string;
  /** thisUpdate of the CRL / OCSP answer used. */
  checkedAt?: string;
  /** The answer was fetched from `location` earlier and reused from this process's cache (as the policy allows), not fetched for this verification. */
  cached?: boolean;
  revokedAt?: string;
  reason?: string;
  /** Why the status is unknown (no source, fetch failed, stale, bad signature…). */
  unknownReasons?: string[];
}

export interface TimestampReport {
  valid: boolean;
  genTime?: string;
  tsa?: string;
  serialNumber?: string;
  policy?: string;
  errors: ReportError[];
}

export interface ChainEntry {
  subject: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  trustAnchor: boolean;
}

export interface SignerReport {
  index: number;
  valid: boolean;
  certificate?: CertificateSummary;
  identity?: NcaIdentity;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  signatureValid: boolean;
  /** Reported only: the signer's own clock, never used for validity. */
  signingTime?: string;
  /** The time validity and revocation were judged at, and where it came from. */
  trustedTime: string;
  trustedTimeSource: 'timestamp' | 'received' | 'verification-time';
  timestamp?: TimestampReport;
  chain: ChainEntry[];
  chainValid: boolean;
  keyPurpose?: KeyPurpose;
  keyUsageFit: boolean;
  revocation: RevocationReport[];
  errors: ReportError[];
}

export interface VerificationReport {
  valid: boolean;
  /** The moment the verification is made as of (now, or --at for archives). */
  verificationTime: string;
  detached: boolean;
  contentType: string;
  contentLength?: number;
  signers: SignerReport[];
  errors: ReportError[];
}

export function reportError(code: ReportCode, message: string = REPORT_CODES[code].en): ReportError {
  return { code, message };
}
