/** Dates, numbers and sizes in the user's language; times shown in Asia/Almaty (Conventions: Time). */
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from './index.ts';

const LOCALES: Record<Language, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
export const TIME_ZONE = 'Asia/Almaty';

export function localeOf(lang: Language = currentLanguage()): string {
  return LOCALES[lang];
}

export function formatDateTime(iso: string | Date, lang: Language = currentLanguage()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(d);
}

export function formatDate(iso: string | Date, lang: Language = currentLanguage()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: TIME_ZONE }).format(d);
}

export function formatNumber(n: number, lang: Language = currentLanguage()): string {
  return new Intl.NumberFormat(LOCALES[lang]).format(n);
}

const UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** Sizes in binary units ("MB" = 2^20 bytes, Conventions: Sizes), units translated. */
export function useFormatters() {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language as Language) || 'kk';
  return {
    dateTime: (iso: string | Date) => formatDateTime(iso, lang),
    date: (iso: string | Date) => formatDate(iso, lang),
    number: (n: number) => formatNumber(n, lang),
    bytes: (n: number) => {
      let i = 0;
      let v = n;
      while (v >= 1024 && i < UNITS.length - 1) {
        v /= 1024;
        i++;
      }
      const num = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
      return t(`units.${UNITS[i]}`, { value: num });
    },
  };
}
