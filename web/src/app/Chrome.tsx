/** The parts around every screen: skip link, DEMO banner, header with navigation and language. */
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n/index.ts';
import { Link, navigate } from './router.tsx';
import { useSession } from './session.tsx';

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="skip-link" href="#main">
      {t('a11y.skipToContent')}
    </a>
  );
}

/** Conventions: demo mode shows a DEMO banner on every screen. */
export function DemoBanner() {
  const { t } = useTranslation();
  const { info } = useSession();
  if (!info?.demo) return null;
  return (
    <div className="demo-banner" role="note" aria-label={t('demo.label')}>
      <strong>{t('demo.badge')}</strong> {t('demo.text')}
    </div>
  );
}

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const names: Record<Language, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };
  return (
    <nav className="languages" aria-label={t('lang.label')}>
      <ul>
        {LANGUAGES.map((l) => (
          <li key={l}>
            <button type="button" lang={l} aria-pressed={i18n.language === l} onClick={() => setLanguage(l)}>
              {names[l]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Header() {
  const { t } = useTranslation();
  const { account, signOut } = useSession();
  const staff = account?.staffRole;
  return (
    <header className="site-header">
      <div className="brand">
        <Link to="/" className="brand-link">
          <span className="logo" aria-hidden="true">✉</span>
          <span>
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </Link>
      </div>
      <nav className="main-nav" aria-label={t('nav.label')}>
        <ul>
          {!account && (
            <>
              <li>
                <Link to="/">{t('nav.about')}</Link>
              </li>
              <li>
                <Link to="/agreement">{t('nav.agreement')}</Link>
              </li>
              <li>
                <Link to="/register">{t('nav.register')}</Link>
              </li>
              <li>
                <Link to="/login">{t('nav.login')}</Link>
              </li>
            </>
          )}
          {account && (
            <>
              {!staff && (
                <>
                  <li>
                    <Link to="/mail">{t('nav.mailbox')}</Link>
                  </li>
                  <li>
                    <Link to="/mail/compose">{t('nav.compose')}</Link>
                  </li>
                  <li>
                    <Link to="/hybrid">{t('nav.hybrid')}</Link>
                  </li>
                </>
              )}
              <li>
                <Link to="/cabinet">{t('nav.cabinet')}</Link>
              </li>
              {staff === 'clerk' && (
                <li>
                  <Link to="/counter">{t('nav.counter')}</Link>
                </li>
              )}
              {staff === 'operator_admin' && (
                <li>
                  <Link to="/admin">{t('nav.admin')}</Link>
                </li>
              )}
              <li>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    void signOut().then(() => navigate('/login'));
                  }}
                >
                  {t('nav.logout')}
                </button>
              </li>
            </>
          )}
        </ul>
      </nav>
      <LanguageSwitcher />
    </header>
  );
}

export function Footer() {
  const { t } = useTranslation();
  const { info } = useSession();
  return (
    <footer className="site-footer">
      <p>{t('app.footer')}</p>
      {info && <p className="hint">{t('app.version', { software: info.software, version: info.version })}</p>}
    </footer>
  );
}
