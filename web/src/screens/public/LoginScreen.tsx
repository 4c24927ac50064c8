/** Sign-in (MB-10): by user name and password, or with EDS (an authentication key signs a server nonce). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { useOperation, useSession, type Account } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import { OPS, firstAvailable } from '../../api/operations.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Busy, Placeholder } from '../../components/feedback.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { SignerPicker, signerErrorText, useSignerChoice } from '../../signing/SignerPicker.tsx';
import { serverFieldErrors, useForm, type Errors } from '../shared/form-state.ts';

function landing(acc: Account | null | undefined): string {
  return acc?.staffRole === 'clerk' ? '/counter' : acc?.staffRole === 'operator_admin' ? '/admin' : acc?.staffRole ? '/cabinet' : '/mail';
}

export function LoginScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const [method, setMethod] = useState<'password' | 'eds'>('password');
  const form = useForm({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const signing = useSignerChoice();
  const hasLogin = useOperation(OPS.login);
  const hasEds = useOperation(OPS.loginWithSignature);
  const labels = { login: t('login.login'), password: t('login.password') };

  async function finish(result: Account & { agreementAcceptanceRequired?: boolean }) {
    session.signedIn(result);
    const acc = await session.refresh();
    navigate(result.agreementAcceptanceRequired ? '/agreement?accept=1' : landing(acc ?? result));
  }

  function fail(err: unknown) {
    const { '': other, ...named } = serverFieldErrors(err, ['login', 'password']);
    form.setErrors(named);
    setGeneral(signerErrorText(t, err) ?? ((err as Error).message === 'unavailable' ? t('placeholder.notYet') : [errorText(err), other].filter(Boolean).join(' ')));
  }

  async function submitPassword(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const errors: Errors = {};
    if (!form.values.login?.trim()) errors.login = t('errors.fields.required');
    if (!form.values.password) errors.password = t('errors.fields.required');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    try {
      setBusy(t('login.signingIn'));
      if (!hasLogin) throw new Error('unavailable');
      await finish(await call<Account>(OPS.login, { body: { login: form.values.login.trim(), password: form.values.password } }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(undefined);
    }
  }

  async function submitEds(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    form.setErrors({});
    try {
      setBusy(t('login.preparing'));
      const prepareOp = await firstAvailable(OPS.prepareSignatureLogin);
      if (!prepareOp || !hasEds) throw new Error('unavailable');
      const { document } = await call<{ document: string }>(prepareOp, { body: {} });
      setBusy(t('login.signing'));
      const signer = await signing.signer();
      const signature = await signer.sign({ data: new TextEncoder().encode(document), purpose: 'auth', locale: currentLanguage() });
      setBusy(t('login.signingIn'));
      const login = form.values.login?.trim();
      await finish(await call<Account>(OPS.loginWithSignature, { body: { signature, ...(login ? { login } : {}) } }));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Screen title={t('login.title')}>
      {hasLogin === false && <Placeholder what={t('login.title')} operations={[OPS.login, OPS.loginWithSignature]} />}
      <fieldset className="form-section kind">
        <legend>{t('login.methodLegend')}</legend>
        <div className="radio">
          <input type="radio" id="method-password" name="method" checked={method === 'password'} onChange={() => setMethod('password')} />
          <label htmlFor="method-password">{t('login.byPassword')}</label>
        </div>
        <div className="radio">
          <input type="radio" id="method-eds" name="method" checked={method === 'eds'} onChange={() => setMethod('eds')} />
          <label htmlFor="method-eds">{t('login.byEds')}</label>
        </div>
      </fieldset>
      <ErrorSummary errors={form.errors} general={general} labels={labels} />
      {method === 'password' ? (
        <form noValidate onSubmit={submitPassword}>
          <TextField {...form.bind('login')} label={t('login.login')} required autoComplete="username" />
          <TextField {...form.bind('password')} label={t('login.password')} type="password" required autoComplete="current-password" />
          {busy && <Busy label={busy} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={Boolean(busy)}>
              {t('login.submit')}
            </button>
          </div>
        </form>
      ) : (
        <form noValidate onSubmit={submitEds}>
          <TextField {...form.bind('login')} label={t('login.loginOptional')} autoComplete="username" hint={t('login.loginOptionalHint')} />
          <SignerPicker choice={signing} purpose="auth" />
          {busy && <Busy label={busy} />}
          <div className="actions">
            <button type="submit" className="primary" disabled={Boolean(busy)}>
              {t('login.submitEds')}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/activate">{t('login.firstLogin')}</Link>
      </p>
      <p>
        <Link to="/register">{t('login.noMailbox')}</Link>
      </p>
    </Screen>
  );
}
