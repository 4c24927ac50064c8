/** The cabinet: chrome around the screen the address names. */
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner, Footer, Header, SkipLink } from './Chrome.tsx';
import { useRoute } from './router.tsx';
import { Screen } from './Screen.tsx';
import { useSession } from './session.tsx';
import { Busy, Notice } from '../components/feedback.tsx';
import { AboutScreen } from '../screens/public/AboutScreen.tsx';
import { AgreementScreen } from '../screens/public/AgreementScreen.tsx';
import { RegisterScreen } from '../screens/public/RegisterScreen.tsx';
import { LoginScreen } from '../screens/public/LoginScreen.tsx';
import { ActivateScreen } from '../screens/public/ActivateScreen.tsx';
import { MailboxScreen } from '../screens/mail/MailboxScreen.tsx';
import { ComposeScreen } from '../screens/mail/ComposeScreen.tsx';
import { CabinetScreen } from '../screens/cabinet/CabinetScreen.tsx';
import { CounterScreen } from '../screens/counter/CounterScreen.tsx';
import { AdminScreen } from '../screens/admin/AdminScreen.tsx';
import { HybridListScreen } from '../screens/hybrid/HybridListScreen.tsx';
import { HybridSendScreen } from '../screens/hybrid/HybridSendScreen.tsx';
import { HybridItemScreen } from '../screens/hybrid/HybridItemScreen.tsx';
import { Link } from './router.tsx';

function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Screen title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Screen>
  );
}

function SignInRequired() {
  const { t } = useTranslation();
  return (
    <Screen title={t('auth.requiredTitle')}>
      <p>{t('auth.requiredBody')}</p>
      <p>
        <Link to="/login">{t('nav.login')}</Link>
      </p>
    </Screen>
  );
}

function screenFor(path: string, signedIn: boolean, loading: boolean) {
  const privateScreen = (el: ReactElement) => (loading ? <Busy /> : signedIn ? el : <SignInRequired />);
  switch (path) {
    case '/':
      return <AboutScreen />;
    case '/agreement':
      return <AgreementScreen />;
    case '/register':
      return <RegisterScreen />;
    case '/login':
      return <LoginScreen />;
    case '/activate':
      return <ActivateScreen />;
    case '/mail':
      return privateScreen(<MailboxScreen />);
    case '/mail/compose':
      return privateScreen(<ComposeScreen />);
    case '/cabinet':
      return privateScreen(<CabinetScreen />);
    case '/hybrid':
      return privateScreen(<HybridListScreen />);
    case '/hybrid/send':
      return privateScreen(<HybridSendScreen />);
    case '/hybrid/item':
      return privateScreen(<HybridItemScreen />);
    case '/counter':
      return privateScreen(<CounterScreen />);
    case '/admin':
      return privateScreen(<AdminScreen />);
    default:
      return <NotFoundScreen />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { path } = useRoute();
  const { account, infoFailed, loading } = useSession();
  return (
    <>
      <SkipLink />
      <DemoBanner />
      <Header />
      <main id="main" tabIndex={-1}>
        {infoFailed && <Notice kind="error">{t('errors.serverUnreachable')}</Notice>}
        <div key={path}>{screenFor(path, Boolean(account), loading)}</div>
      </main>
      <Footer />
    </>
  );
}
