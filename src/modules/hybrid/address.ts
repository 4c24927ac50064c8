/**
 * Structured Kazakhstan postal addresses: what the cover page prints in the envelope window.
 * Every problem is reported per field (`<prefix>.locality` …) in kk/ru/en; nothing is guessed.
 */
import { fieldError, type FieldError, type LocalisedText } from '../../shared/errors.ts';
import { isKzRegion, KZ_REGIONS, type KzRegion } from './regions.ts';

export interface KzAddress {
  recipientName: string;
  region: KzRegion;
  locality: string;
  street: string;
  house: string;
  apartment?: string;
  postcode: string;
}

const LIMITS: Record<keyof KzAddress, number> = { recipientName: 80, region: 40, locality: 60, street: 80, house: 16, apartment: 16, postcode: 10 };
const REQUIRED: (keyof KzAddress)[] = ['recipientName', 'region', 'locality', 'street', 'house', 'postcode'];
const NAMES: Record<keyof KzAddress, LocalisedText> = {
  recipientName: { kk: 'алушының аты', ru: 'имя получателя', en: 'recipient name' },
  region: { kk: 'облыс', ru: 'область', en: 'region' },
  locality: { kk: 'елді мекен', ru: 'населённый пункт', en: 'locality' },
  street: { kk: 'көше', ru: 'улица', en: 'street' },
  house: { kk: 'үй', ru: 'дом', en: 'house' },
  apartment: { kk: 'пәтер', ru: 'квартира', en: 'apartment' },
  postcode: { kk: 'пошта индексі', ru: 'почтовый индекс', en: 'postcode' },
};
// Control characters, and the line/paragraph separators that would break the window layout.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function compilePostcodePatterns(patterns: string[]): RegExp[] {
  return patterns.map((p) => new RegExp(`^(?:${p})$`));
}

/** Validates and normalises (trims, upper-cases the postcode). Returns the address or the field errors. */
export function validateKzAddress(input: unknown, postcodes: RegExp[], prefix = 'address'): { ok: true; address: KzAddress } | { ok: false; fields: FieldError[] } {
  const fields: FieldError[] = [];
  const src = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of Object.keys(LIMITS) as (keyof KzAddress)[]) {
    const raw = src[key];
    const name = `${prefix}.${key}`;
    const n = NAMES[key];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (REQUIRED.includes(key)) fields.push(fieldError(name, 'required', { kk: `${n.kk}: толтыру міндетті`, ru: `${n.ru}: обязательное поле`, en: `${n.en} is required` }));
      continue;
    }
    if (typeof raw !== 'string') {
      fields.push(fieldError(name, 'type', { kk: `${n.kk}: мәтін болуы керек`, ru: `${n.ru}: должно быть строкой`, en: `${n.en} must be text` }));
      continue;
    }
    const v = raw.trim().replace(/\s+/g, ' ');
    if (CONTROL.test(raw.replace(/[\t ]/g, ''))) {
      fields.push(fieldError(name, 'control_characters', { kk: `${n.kk}: басқару таңбалары мен жол ауыстыру рұқсат етілмейді`, ru: `${n.ru}: управляющие символы и переводы строк недопустимы`, en: `${n.en} must not contain control characters or line breaks` }));
      continue;
    }
    if ([...v].length > LIMITS[key]) {
      fields.push(fieldError(name, 'too_long', { kk: `${n.kk}: ${LIMITS[key]} таңбадан аспауы керек`, ru: `${n.ru}: не более ${LIMITS[key]} символов`, en: `${n.en}: at most ${LIMITS[key]} characters` }));
      continue;
    }
    out[key] = v;
  }
  if (out.region !== undefined && !isKzRegion(out.region)) {
    fields.push(fieldError(`${prefix}.region`, 'unknown_region', { kk: 'Мұндай облыс коды жоқ', ru: 'Неизвестный код области', en: `Unknown region code; one of: ${Object.keys(KZ_REGIONS).join(', ')}` }));
  }
  if (out.postcode !== undefined) {
    out.postcode = out.postcode.replace(/\s+/g, '').toUpperCase();
    if (!postcodes.some((re) => re.test(out.postcode))) {
      fields.push(fieldError(`${prefix}.postcode`, 'invalid_postcode', {
        kk: 'Пошта индексі қате: 6 сан (мысалы 050000) немесе A00A0A0 үлгісі (мысалы Z05H9E8)',
        ru: 'Неверный почтовый индекс: 6 цифр (например 050000) или формат A00A0A0 (например Z05H9E8)',
        en: 'Invalid postcode: 6 digits (e.g. 050000) or the A00A0A0 form (e.g. Z05H9E8)',
      }));
    }
  }
  if (fields.length > 0) return { ok: false, fields };
  return { ok: true, address: out as unknown as KzAddress };
}

/** The lines printed in the envelope window, in the Kazakhstan order (name, street, locality, region, postcode). */
export function addressLines(a: KzAddress): string[] {
  const street = `${a.street}, ${a.house}${a.apartment ? `, ${a.apartment}` : ''}`;
  return [a.recipientName, street, a.locality, KZ_REGIONS[a.region].kk, a.postcode];
}
