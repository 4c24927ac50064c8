/**
 * IIN / BIN — Kazakhstan's 12-digit identification numbers for people and organisations (MB-13).
 * Written by hand: no maintained library implements the Kazakh rules (Government decree No. 406
 * of 22 May 2007, "Rules for forming the identification number").
 *
 * IIN (individual):  YYMMDD C SSSS K   — birth date, century/sex digit, serial, check digit
 * BIN (organisation): YYMM T A SSSSS K — registration year/month, entity type, attribute, serial, check
 *
 * Checks run in this order: format → checksum → structure. The checksum comes first on purpose: it is
 * the one property every genuine number has, so a mistyped number is reported as such rather than
 * as a strange birth date (the NCA test-PKI numbers 123456789011 / 123456789021 fail here).
 *
 * This is a syntactic check only. Whether the number exists is the state registry's answer (MB-13).
 */
import type { LocalisedText } from '../shared/errors.ts';
import { almatyDateOf } from './working-days.ts';

export type IinRule = 'format' | 'checksum' | 'century_digit' | 'birth_date' | 'birth_date_future';
export type BinRule = 'format' | 'checksum' | 'registration_month' | 'entity_type' | 'entity_attribute';

export interface IdFailure<R extends string> {
  ok: false;
  rule: R;
  message: LocalisedText;
}

export type Sex = 'male' | 'female';

export interface IinOk {
  ok: true;
  kind: 'iin';
  value: string;
  /** Calendar date of birth, `YYYY-MM-DD` (a civil date, so no time zone). */
  birthDate: string;
  sex: Sex;
}

/** Fifth digit of a BIN. */
export const BIN_ENTITY_TYPES = {
  4: 'resident_legal_entity',
  5: 'non_resident_legal_entity',
  6: 'joint_individual_entrepreneur', // individual entrepreneur in joint entrepreneurship
} as const;
export type BinEntityTypeDigit = keyof typeof BIN_ENTITY_TYPES;
export type BinEntityType = (typeof BIN_ENTITY_TYPES)[BinEntityTypeDigit];

/** Sixth digit of a BIN. */
export const BIN_ATTRIBUTES = {
  0: 'head_office',
  1: 'branch',
  2: 'representative_office',
  3: 'joint_peasant_farm', // peasant (farm) household working as joint entrepreneurship
} as const;
export type BinAttributeDigit = keyof typeof BIN_ATTRIBUTES;
export type BinAttribute = (typeof BIN_ATTRIBUTES)[BinAttributeDigit];

export interface BinOk {
  ok: true;
  kind: 'bin';
  value: string;
  /** Two-digit year and month of (re-)registration; the century is not encoded, so it is not guessed. */
  registered: { yy: number; month: number };
  entityType: BinEntityType;
  attribute: BinAttribute;
}

export type IinResult = IinOk | IdFailure<IinRule>;
export type BinResult = BinOk | IdFailure<BinRule>;
export type IinOrBinResult = IinOk | BinOk | IdFailure<IinRule | BinRule>;

export interface IinOptions {
  /** "Today" for the birth-date-not-in-future rule (compared as an Asia/Almaty date). */
  now?: Date;
}

const MESSAGES = {
  iin: {
    format: { kk: 'ЖСН 12 цифрдан тұруы керек', ru: 'ИИН должен состоять из 12 цифр', en: 'An IIN must be exactly 12 digits' },
    checksum: { kk: 'ЖСН-нің бақылау разряды дұрыс емес', ru: 'Неверный контрольный разряд ИИН', en: 'The IIN check digit is wrong' },
    century_digit: {
      kk: 'ЖСН-нің жетінші цифры (ғасыр мен жыныс) 1-ден 6-ға дейін болуы керек',
      ru: 'Седьмая цифра ИИН (век и пол) должна быть от 1 до 6',
      en: "The IIN's seventh digit (century and sex) must be 1 to 6",
    },
    birth_date: { kk: 'ЖСН-дегі туған күн жарамсыз', ru: 'Дата рождения в ИИН недействительна', en: 'The birth date in the IIN is not a valid date' },
    birth_date_future: { kk: 'ЖСН-дегі туған күн әлі келмеген', ru: 'Дата рождения в ИИН ещё не наступила', en: 'The birth date in the IIN is in the future' },
  },
  bin: {
    format: { kk: 'БСН 12 цифрдан тұруы керек', ru: 'БИН должен состоять из 12 цифр', en: 'A BIN must be exactly 12 digits' },
    checksum: { kk: 'БСН-нің бақылау разряды дұрыс емес', ru: 'Неверный контрольный разряд БИН', en: 'The BIN check digit is wrong' },
    registration_month: {
      kk: 'БСН-дегі тіркеу айы 01-ден 12-ге дейін болуы керек',
      ru: 'Месяц регистрации в БИН должен быть от 01 до 12',
      en: 'The registration month in the BIN must be 01 to 12',
    },
    entity_type: {
      kk: 'БСН-нің бесінші цифры (тұлға түрі) 4, 5 немесе 6 болуы керек',
      ru: 'Пятая цифра БИН (тип лица) должна быть 4, 5 или 6',
      en: "The BIN's fifth digit (entity type) must be 4, 5 or 6",
    },
    entity_attribute: {
      kk: 'БСН-нің алтыншы цифры (бөлімше белгісі) 0-ден 3-ке дейін болуы керек',
      ru: 'Шестая цифра БИН (признак подразделения) должна быть от 0 до 3',
      en: "The BIN's sixth digit (head office, branch, representative office or farm) must be 0 to 3",
    },
  },
  either: {
    format: { kk: 'ЖСН/БСН 12 цифрдан тұруы керек', ru: 'ИИН/БИН должен состоять из 12 цифр', en: 'An IIN or BIN must be exactly 12 digits' },
    checksum: { kk: 'ЖСН/БСН бақылау разряды дұрыс емес', ru: 'Неверный контрольный разряд ИИН/БИН', en: 'The IIN/BIN check digit is wrong' },
  },
} as const satisfies Record<string, Record<string, LocalisedText>>;

const WEIGHTS_PASS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_PASS_2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/**
 * The check digit for the first 11 digits, or null when both passes give 10: such a prefix is never
 * issued, so no 12th digit makes it valid.
 */
export function checkDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) throw new TypeError('checkDigit expects exactly 11 digits');
  const weighted = (weights: number[]) =>
    weights.reduce((sum, w, i) => sum + w * (first11.charCodeAt(i) - 48), 0) % 11;
  const first = weighted(WEIGHTS_PASS_1);
  if (first !== 10) return first;
  const second = weighted(WEIGHTS_PASS_2);
  return second === 10 ? null : second;
}

function hasValidCheckDigit(s: string): boolean {
  return checkDigit(s.slice(0, 11)) === Number(s[11]);
}

function isTwelveDigits(s: unknown): s is string {
  return typeof s === 'string' && /^\d{12}$/.test(s);
}

function fail<R extends string>(rule: R, message: LocalisedText): IdFailure<R> {
  return { ok: false, rule, message };
}

/** Century/sex digit → (first year of the century, sex). 0 and 7–9 are not issued. */
const CENTURY_DIGITS: Record<string, { century: number; sex: Sex }> = {
  '1': { century: 1800, sex: 'male' },
  '2': { century: 1800, sex: 'female' },
  '3': { century: 1900, sex: 'male' },
  '4': { century: 1900, sex: 'female' },
  '5': { century: 2000, sex: 'male' },
  '6': { century: 2000, sex: 'female' },
};

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Validate an IIN. Decision on the 7th digit: only 1–6 are accepted. Some secondary sources mention 0
 * for foreigners, but the formation rules define only 1–6 (foreigners get the same scheme), so 0 and
 * 7–9 are refused with rule "century_digit"; the registry check (MB-13) stays the final word.
 */
export function validateIin(s: string, options: IinOptions = {}): IinResult {
  const m = MESSAGES.iin;
  if (!isTwelveDigits(s)) return fail('format', m.format);
  if (!hasValidCheckDigit(s)) return fail('checksum', m.checksum);
  const centuryDigit = CENTURY_DIGITS[s[6]];
  if (!centuryDigit) return fail('century_digit', m.century_digit);
  const year = centuryDigit.century + Number(s.slice(0, 2));
  const month = Number(s.slice(2, 4));
  const day = Number(s.slice(4, 6));
  if (!isCalendarDate(year, month, day)) return fail('birth_date', m.birth_date);
  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  // ISO dates compare correctly as strings.
  if (birthDate > almatyDateOf(options.now ?? new Date())) return fail('birth_date_future', m.birth_date_future);
  return { ok: true, kind: 'iin', value: s, birthDate, sex: centuryDigit.sex };
}

/** Validate a BIN. The two-digit year is any 00–99 (BINs were issued retroactively to old entities). */
export function validateBin(s: string): BinResult {
  const m = MESSAGES.bin;
  if (!isTwelveDigits(s)) return fail('format', m.format);
  if (!hasValidCheckDigit(s)) return fail('checksum', m.checksum);
  const month = Number(s.slice(2, 4));
  if (month < 1 || month > 12) return fail('registration_month', m.registration_month);
  const entityType = BIN_ENTITY_TYPES[Number(s[4]) as BinEntityTypeDigit];
  if (!entityType) return fail('entity_type', m.entity_type);
  const attribute = BIN_ATTRIBUTES[Number(s[5]) as BinAttributeDigit];
  if (!attribute) return fail('entity_attribute', m.entity_attribute);
  return { ok: true, kind: 'bin', value: s, registered: { yy: Number(s.slice(0, 2)), month }, entityType, attribute };
}

/**
 * Validate a number that may be either. The 5th digit tells them apart without guessing: in an IIN it
 * is the tens of the birth day (0–3), in a BIN the entity type (4–6).
 */
export function validateIinOrBin(s: string, options: IinOptions = {}): IinOrBinResult {
  if (!isTwelveDigits(s)) return fail('format', MESSAGES.either.format);
  // With a wrong check digit we cannot tell which one was meant, so the message names both.
  if (!hasValidCheckDigit(s)) return fail('checksum', MESSAGES.either.checksum);
  return '456'.includes(s[4]) ? validateBin(s) : validateIin(s, options);
}

function withCheckDigit(first11: string, what: string): string {
  const k = checkDigit(first11);
  if (k === null) throw new RangeError(`No check digit exists for ${what} ${first11}; use another serial`);
  return first11 + k;
}

function assertInt(n: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name} must be an integer ${min}..${max}`);
}

/**
 * A checksum-valid IIN (for the demo CA and tests). birthDate is `YYYY-MM-DD` within 1800–2099.
 * About 1 prefix in 121 has no valid check digit; then this throws and the caller tries the next serial.
 */
export function makeIin(birthDate: string, sex: Sex, serial: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) throw new RangeError('birthDate must be YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1800 || year > 2099 || !isCalendarDate(year, month, day)) throw new RangeError(`Not a usable birth date: ${birthDate}`);
  assertInt(serial, 0, 9999, 'serial');
  const centuryIndex = Math.floor((year - 1800) / 100); // 0, 1, 2
  const centuryDigit = 1 + centuryIndex * 2 + (sex === 'female' ? 1 : 0);
  const first11 = `${pad(year % 100, 2)}${pad(month, 2)}${pad(day, 2)}${centuryDigit}${pad(serial, 4)}`;
  return withCheckDigit(first11, 'IIN prefix');
}

/** A checksum-valid BIN. year is the calendar year (only its last two digits are encoded). */
export function makeBin(
  year: number,
  month: number,
  type: BinEntityTypeDigit,
  attr: BinAttributeDigit,
  serial: number,
): string {
  assertInt(year, 0, 9999, 'year');
  assertInt(month, 1, 12, 'month');
  if (!(type in BIN_ENTITY_TYPES)) throw new RangeError('type must be 4, 5 or 6');
  if (!(attr in BIN_ATTRIBUTES)) throw new RangeError('attr must be 0, 1, 2 or 3');
  assertInt(serial, 0, 99999, 'serial');
  const first11 = `${pad(year % 100, 2)}${pad(month, 2)}${type}${attr}${pad(serial, 5)}`;
  return withCheckDigit(first11, 'BIN prefix');
}
