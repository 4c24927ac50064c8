/**
 * Online application for a mailbox (MB-4, MB-5.1): the appendix's fields for an individual or a
 * legal entity, a user name and password, acceptance of the user agreement; the server returns
 * the canonical application document, the applicant signs it with EDS, the mailbox exists at once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useOperation, useSession } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS, firstAvailable } from '../../api/operations.ts';
import { CheckboxField, TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Busy, Notice, Placeholder } from '../../components/feedback.tsx';
import { SignerPicker, signerErrorText, useSignerChoice } from '../../signing/SignerPicker.tsx';
import { ApplicantFields, applicantFields, validateApplicant, type ApplicantKind } from '../shared/ApplicantFields.tsx';
import { serverFieldErrors, toNested, useForm, type Errors } from '../shared/form-state.ts';
import { useRoute } from '../../app/router.tsx';
import { currentLanguage } from '../../i18n/index.ts';

const LOGIN_RE = /^[a-z0-9._-]{3,64}$/;

export function RegisterScreen() {
  const { t } = useTranslation();
  const { query } = useRoute();
  const { info } = useSession();
  const [kind, setKind] = useState<ApplicantKind>(query.get('kind') === 'legal' ? 'legal_entity' : 'individual');
  const form = useForm({});
  const [agreed, setAgreed] = useState(false);
  const [general, setGeneral] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [created, setCreated] = useState<Answer<'submitApplication', 201> | null>(null);
  const signing = useSignerChoice();
  const available = useOperation(OPS.submitApplication);

  const own = ['login', 'password', 'passwordConfirm', 'agreement'];
  const labels: Record<string, string> = {
    ...Object.fromEntries(applicantFields(kind, t).map((f) => [f.name, f.label])),
    login: t('register.login'),
    password: t('register.password'),
    passwordConfirm: t('register.passwordConfirm'),
    agreement: t('register.agreementField'),
  };

  function validate(): Errors {
    const v = form.values;
    const errors = validateApplicant(kind, v, t);
    const login = (v.login ?? '').trim().toLowerCase();
    if (!login) errors.login = t('errors.fields.required');
    else if (!LOGIN_RE.test(login) || login.startsWith('.') || login.endsWith('.')) errors.login = t('errors.fields.login_format');
    if (!v.password) errors.password = t('errors.fields.required');
    else if (v.password.length < 12) errors.password = t('errors.fields.password_short');
    if (v.password && v.passwordConfirm !== v.password) errors.passwordConfirm = t('errors.fields.password_mismatch');
    if (!agreed) errors.agreement = t('errors.fields.agreement_required');
    return errors;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const errors = validate();
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body: Record<string, unknown> = { ...toNested(form.values, 'applicant.'), login: form.values.login.trim().toLowerCase() };
    (body.applicant as Record<string, unknown>).kind = kind;
    try {
      setBusy(t('register.preparing'));
      const prepareOp = await firstAvailable(OPS.prepareApplication);
      if (!prepareOp || !available) throw new Error('unavailable');
      const prepared = await call<{ document: string }>(prepareOp, { body });
      setBusy(t('register.signing'));
      const signer = await signing.signer();
      const signature = await signer.sign({ data: new TextEncoder().encode(prepared.document), purpose: 'sign', locale: currentLanguage() });
      setBusy(t('register.submitting'));
      setCreated(await call<Answer<'submitApplication', 201>>(OPS.submitApplication, { body: { signature, password: form.values.password } }));
    } catch (err) {
      const fields = serverFieldErrors(err, [...applicantFields(kind, t).map((f) => f.name), ...own]);
      const { '': other, ...named } = fields;
      form.setErrors(named);
      setGeneral(signerErrorText(t, err) ?? ((err as Error).message === 'unavailable' ? t('placeholder.notYet') : [errorText(err), other].filter(Boolean).join(' ')));
    } finally {
      setBusy(undefined);
    }
  }

  if (created) {
    return (
      <Screen title={t('register.doneTitle')}>
        <Notice kind="success">
          <p>{t('register.doneBody', { address: created.address })}</p>
        </Notice>
        <p>
          <Link to="/login">{t('nav.login')}</Link>
        </p>
      </Screen>
    );
  }

  return (
    <Screen title={t('register.title')} wide>
      <p>{t('register.intro')}</p>
      {available === false && <Placeholder what={t('register.title')} operations={[OPS.submitApplication]} />}
      <form noValidate onSubmit={submit} aria-describedby="register-required">
        <p id="register-required" className="hint">
          {t('form.requiredNote')}
        </p>
        <ErrorSummary errors={form.errors} general={general} labels={labels} />
        <fieldset className="form-section kind">
          <legend>{t('register.kindLegend')}</legend>
          <div className="radio">
            <input type="radio" id="kind-individual" name="kind" checked={kind === 'individual'} onChange={() => setKind('individual')} />
            <label htmlFor="kind-individual">{t('register.kindIndividual')}</label>
          </div>
          <div className="radio">
            <input type="radio" id="kind-legal" name="kind" checked={kind === 'legal_entity'} onChange={() => setKind('legal_entity')} />
            <label htmlFor="kind-legal">{t('register.kindLegal')}</label>
          </div>
        </fieldset>
        <ApplicantFields kind={kind} bind={form.bind} errors={form.errors} />
        <fieldset className="form-section">
          <legend>{t('register.accountLegend')}</legend>
          <div className="grid">
            <TextField {...form.bind('login')} label={t('register.login')} required autoComplete="username" hint={t('register.loginHint', { domain: info?.domain ?? '' })} />
            <TextField {...form.bind('password')} label={t('register.password')} type="password" required autoComplete="new-password" hint={t('register.passwordHint')} />
            <TextField {...form.bind('passwordConfirm')} label={t('register.passwordConfirm')} type="password" required autoComplete="new-password" />
          </div>
          <CheckboxField id="f-agreement" name="agreement" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} label={t('register.agreementCheckbox')} error={form.errors.agreement} />
          <p>
            <Link to="/agreement">{t('register.readAgreement')}</Link>
          </p>
        </fieldset>
        <SignerPicker choice={signing} purpose="sign" />
        {busy && <Busy label={busy} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={Boolean(busy)}>
            {t('register.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
