/** First sign-in after a counter registration: the activation code from the slip and a new password. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useOperation, useSession, type Account } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Busy, Notice, Placeholder } from '../../components/feedback.tsx';
import { serverFieldErrors, useForm, type Errors } from '../shared/form-state.ts';

export function ActivateScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const form = useForm({});
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const available = useOperation(OPS.activateAccount);
  const labels = { login: t('activate.login'), code: t('activate.code'), password: t('activate.password'), passwordConfirm: t('activate.passwordConfirm') };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const v = form.values;
    const errors: Errors = {};
    for (const k of ['login', 'code', 'password']) if (!v[k]?.trim()) errors[k] = t('errors.fields.required');
    if (v.password && v.password.length < 12) errors.password = t('errors.fields.password_short');
    if (v.password && v.password !== v.passwordConfirm) errors.passwordConfirm = t('errors.fields.password_mismatch');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    try {
      setBusy(true);
      if (!available) throw new Error('unavailable');
      const result = await call<Account>(OPS.activateAccount, { body: { login: v.login.trim(), code: v.code.trim(), password: v.password } });
      session.signedIn(result);
      await session.refresh();
      setDone(true);
    } catch (err) {
      const { '': other, ...named } = serverFieldErrors(err, Object.keys(labels));
      form.setErrors(named);
      setGeneral((err as Error).message === 'unavailable' ? t('placeholder.notYet') : [errorText(err), other].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Screen title={t('activate.title')}>
        <Notice kind="success">{t('activate.done')}</Notice>
        <p>
          <Link to={session.account?.staffRole ? '/cabinet' : '/mail'}>{t(session.account?.staffRole ? 'nav.cabinet' : 'nav.mailbox')}</Link>
        </p>
      </Screen>
    );
  }
  return (
    <Screen title={t('activate.title')}>
      <p>{t('activate.intro')}</p>
      {available === false && <Placeholder what={t('activate.title')} operations={[OPS.activateAccount]} />}
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={form.errors} general={general} labels={labels} />
        <TextField {...form.bind('login')} label={labels.login} required autoComplete="username" />
        <TextField {...form.bind('code')} label={labels.code} required autoComplete="one-time-code" hint={t('activate.codeHint')} />
        <TextField {...form.bind('password')} label={labels.password} type="password" required autoComplete="new-password" hint={t('register.passwordHint')} />
        <TextField {...form.bind('passwordConfirm')} label={labels.passwordConfirm} type="password" required autoComplete="new-password" />
        {busy && <Busy />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('activate.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
