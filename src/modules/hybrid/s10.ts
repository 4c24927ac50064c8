/**
 * UPU S10 item identifiers: two-letter service indicator, 8-digit serial number, a check digit
 * and the ISO country code of the issuing operator, e.g. `RR473124829KZ`.
 *
 * The check digit (S10 §5.2): weights 8 6 4 2 3 5 9 7 over the serial, sum mod 11, subtracted from
 * 11; 10 becomes 0 and 11 becomes 5. The UPU's own example: serial 47312482 → 9.
 */
const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

export const S10_RE = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;
export const SERVICE_CODE_RE = /^[A-Z]{2}$/;

export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError('an S10 serial number is exactly 8 digits');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 0 : c === 11 ? 5 : c;
}

export function formatS10(serviceCode: string, serial: number, country = 'KZ'): string {
  if (!SERVICE_CODE_RE.test(serviceCode)) throw new RangeError('an S10 service indicator is two capital letters');
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError('an S10 country code is two capital letters');
  if (!Number.isInteger(serial) || serial < 0 || serial > 99_999_999) throw new RangeError('an S10 serial is 0..99999999');
  const digits = String(serial).padStart(8, '0');
  return `${serviceCode}${digits}${s10CheckDigit(digits)}${country}`;
}

export type S10Problem = 'format' | 'check_digit';

/** Parses an S10 string (upper-cased, spaces removed); null check digit problems are reported. */
export function parseS10(input: string): { ok: true; serviceCode: string; serial: string; checkDigit: number; country: string; value: string } | { ok: false; problem: S10Problem } {
  const value = input.replace(/\s+/g, '').toUpperCase();
  const m = S10_RE.exec(value);
  if (!m) return { ok: false, problem: 'format' };
  const [, serviceCode, serial, check, country] = m;
  if (s10CheckDigit(serial) !== Number(check)) return { ok: false, problem: 'check_digit' };
  return { ok: true, serviceCode, serial, checkDigit: Number(check), country, value };
}

export function isValidS10(input: string): boolean {
  return parseS10(input).ok;
}

/** Human-readable grouping as printed under the barcode: `RR 4731 2482 9 KZ`. */
export function spacedS10(s10: string): string {
  return `${s10.slice(0, 2)} ${s10.slice(2, 6)} ${s10.slice(6, 10)} ${s10.slice(10, 11)} ${s10.slice(11)}`;
}
