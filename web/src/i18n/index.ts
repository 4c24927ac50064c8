/**
 * Languages: Kazakh first by default, Russian, English. The chosen language is kept in
 * localStorage and sent to the server with every request (Accept-Language), so server
 * messages arrive in it too.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { kk } from './kk.ts';
import { ru } from './ru.ts';
import { en } from './en.ts';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'jashik.language';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

function initialLanguage(): Language {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromQuery)) {
    // A link that names a language chooses it (and the choice is remembered like a click).
    try {
      window.localStorage.setItem(STORAGE_KEY, fromQuery);
    } catch {
      /* storage disabled */
    }
    return fromQuery;
  }
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    /* storage disabled */
  }
  return 'kk';
}

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage disabled: the choice lasts for this page */
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'kk';
}

export function initI18n(): typeof i18n {
  const lng = initialLanguage();
  void i18n.use(initReactI18next).init({
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    lng,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (l) => {
    document.documentElement.lang = l;
    document.title = i18n.t('app.title');
  });
  document.title = i18n.t('app.title');
  return i18n;
}
