/** What the service is (public home). */
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';

export function AboutScreen() {
  const { t } = useTranslation();
  const { info, account } = useSession();
  return (
    <Screen title={t('about.title')}>
      <p className="lead">{t('about.lead', { domain: info?.domain ?? '' })}</p>
      <h2>{t('about.featuresTitle')}</h2>
      <ul className="features">
        <li>{t('about.featureFree')}</li>
        <li>{t('about.featureAddress')}</li>
        <li>{t('about.featureEds')}</li>
        <li>{t('about.featureEvidence')}</li>
        <li>{t('about.featureHybrid')}</li>
        <li>{t('about.featureCounter')}</li>
      </ul>
      <h2>{t('about.howTitle')}</h2>
      <ol>
        <li>{t('about.howOnline')}</li>
        <li>{t('about.howCounter')}</li>
        <li>{t('about.howOfficial')}</li>
      </ol>
      {!account && (
        <p className="cta">
          <Link to="/register" className="button primary">
            {t('nav.register')}
          </Link>{' '}
          <Link to="/login" className="button">
            {t('nav.login')}
          </Link>
        </p>
      )}
    </Screen>
  );
}
