/**
 * User names (MB-10): chosen by the user, unique case-insensitively (stored lower-case),
 * never reused (MB-2). 3–64 characters of a-z 0-9 . _ -, no leading or trailing dot, no two
 * dots in a row (they would make an odd address); names the system or its staff need are reserved.
 */
import type { FieldError } from '../../shared/errors.ts';
import { field } from './field-errors.ts';

const LOGIN_RE = /^[a-z0-9._-]{3,64}$/;

export const RESERVED_LOGINS: ReadonlySet<string> = new Set([
  'postmaster', 'abuse', 'admin', 'administrator', 'root', 'noreply', 'no-reply', 'no_reply', 'security', 'hostmaster',
  'webmaster', 'mailer-daemon', 'mailerdaemon', 'daemon', 'support', 'help', 'info', 'operator', 'system', 'sysadmin',
  'staff', 'clerk', 'print', 'print_centre', 'print-centre', 'post', 'pochta', 'kazpost', 'qazpost', 'official', 'dpo',
  'privacy', 'legal', 'registry', 'directory', 'api', 'www', 'mail', 'smtp', 'imap', 'pop', 'pop3', 'ftp', 'test',
  'demo', 'null', 'nobody', 'anonymous', 'bounce', 'bounces', 'notifications', 'notification', 'receipts', 'evidence',
  'hybrid', 'gov', 'egov', 'nca', 'pki', 'ca', 'ocsp', 'tsa', 'dmarc', 'dkim', 'spf',
]);

/** The stored form: trimmed, lower-case (logins are case-insensitive). */
export function normaliseLogin(raw: string): string {
  return raw.trim().toLowerCase();
}

/** null when acceptable; else the field error for `fieldName`. */
export function checkLogin(login: string, fieldName = 'login'): FieldError | null {
  if (!LOGIN_RE.test(login) || login.startsWith('.') || login.endsWith('.') || login.includes('..')) return field(fieldName, 'login_format', 'format');
  if (RESERVED_LOGINS.has(login)) return field(fieldName, 'login_reserved', 'reserved');
  return null;
}
