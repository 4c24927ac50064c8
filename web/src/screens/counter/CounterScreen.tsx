/**
 * The counter desk (MB-5.2, clerk role): register a paper application — the appendix's fields,
 * the identity document checked at the counter, the scan of the signed paper form (with upload
 * progress) — then print the activation slip with the address and the one-time code.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { useOperation, useSession } from '../../app/session.tsx';
import { call, errorText, upload } from '../../api/client.ts';
import { toBase64 } from '../../signing/signer.ts';
import { saveBlob } from '../mail/mail-api.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { FileField, TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Notice, Placeholder, Progress } from '../../components/feedback.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { ApplicantFields, applicantFields, validateApplicant, type ApplicantKind } from '../shared/ApplicantFields.tsx';
import { serverFieldErrors, toNested, useForm, type Errors } from '../shared/form-state.ts';

type Registered = Answer<'registerCounterApplication', 201>;

export function CounterScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { account, info } = useSession();
  const available = useOperation(OPS.registerCounterApplication);
  const [kind, setKind] = useState<ApplicantKind>('individual');
  const form = useForm({});
  const [scan, setScan] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [done, setDone] = useState<Registered | null>(null);
  const labels: Record<string, string> = { ...Object.fromEntries(applicantFields(kind, t).map((f) => [f.name, f.label])), login: t('register.login'), identityDocumentChecked: t('counter.idChecked'), scan: t('counter.scan') };

  if (account?.staffRole !== 'clerk') {
    return (
      <Screen title={t('counter.title')}>
        <Notice kind="error">{t('counter.clerksOnly')}</Notice>
      </Screen>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const errors: Errors = validateApplicant(kind, form.values, t);
    if (!form.values.login?.trim()) errors.login = t('errors.fields.required');
    if (!form.values.identityDocumentChecked?.trim()) errors.identityDocumentChecked = t('errors.fields.required');
    if (!scan) errors.scan = t('errors.fields.required');
    else if (!/^(application\/pdf|image\/jpeg|image\/tiff)$/.test(scan.type)) errors.scan = t('errors.fields.scan_type');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    const application: Record<string, unknown> = { ...toNested(form.values, 'applicant.'), login: form.values.login.trim().toLowerCase(), identityDocumentChecked: form.values.identityDocumentChecked.trim() };
    (application.applicant as Record<string, unknown>).kind = kind;
    try {
      setProgress(0);
      if (!available) throw new Error('unavailable');
      // The applicant accepted the current agreement by signing the paper form.
      const agreement = await call<Answer<'getAgreement'>>(OPS.agreement);
      application.agreementVersion = agreement.version;
      application.postOfficeId = account?.postOfficeId;
      application.scan = { contentType: scan!.type, base64: toBase64(await scan!.arrayBuffer()) };
      setDone(await upload<Registered>(OPS.registerCounterApplication, application, setProgress));
    } catch (err) {
      const { '': other, ...named } = serverFieldErrors(err, Object.keys(labels));
      form.setErrors(named);
      setGeneral((err as Error).message === 'unavailable' ? t('placeholder.notYet') : [errorText(err), other].filter(Boolean).join(' '));
    } finally {
      setProgress(undefined);
    }
  }

  async function slip(r: Registered) {
    try {
      const pdf = await call<Blob>(OPS.getActivationSlip, { params: { applicationId: r.applicationId }, body: { activationCode: r.activationCode } });
      saveBlob(pdf, 'activation-slip.pdf');
    } catch (err) {
      setGeneral(errorText(err));
    }
  }

  if (done) {
    const code = done.activationCode;
    return (
      <Screen title={t('counter.slipTitle')}>
        <div className="slip" aria-describedby="slip-note">
          <dl className="facts">
            <dt>{t('counter.slipAddress')}</dt>
            <dd>{done.address}</dd>
            <dt>{t('counter.slipCode')}</dt>
            <dd>
              <code className="code">{code}</code>
            </dd>
            <dt>{t('counter.slipExpires')}</dt>
            <dd>{fmt.dateTime(done.activationExpiresAt)}</dd>
          </dl>
          <p id="slip-note">{t('counter.slipNote')}</p>
        </div>
        {general && <Notice kind="error">{general}</Notice>}
        <div className="actions no-print">
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('counter.print')}
          </button>
          <button type="button" onClick={() => void slip(done)}>
            {t('counter.slipPdf')}
          </button>
          <button type="button" onClick={() => setDone(null)}>
            {t('counter.next')}
          </button>
        </div>
      </Screen>
    );
  }

  return (
    <Screen title={t('counter.title')} wide>
      <p>{t('counter.intro')}</p>
      {available === false && <Placeholder what={t('counter.title')} operations={[OPS.registerCounterApplication]} />}
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={form.errors} general={general} labels={labels} />
        <fieldset className="form-section kind">
          <legend>{t('register.kindLegend')}</legend>
          <div className="radio">
            <input type="radio" id="c-kind-individual" name="c-kind" checked={kind === 'individual'} onChange={() => setKind('individual')} />
            <label htmlFor="c-kind-individual">{t('register.kindIndividual')}</label>
          </div>
          <div className="radio">
            <input type="radio" id="c-kind-legal" name="c-kind" checked={kind === 'legal_entity'} onChange={() => setKind('legal_entity')} />
            <label htmlFor="c-kind-legal">{t('register.kindLegal')}</label>
          </div>
        </fieldset>
        <ApplicantFields kind={kind} bind={form.bind} errors={form.errors} />
        <fieldset className="form-section">
          <legend>{t('counter.checksLegend')}</legend>
          <TextField {...form.bind('login')} label={labels.login} required hint={t('register.loginHint', { domain: info?.domain ?? '' })} />
          <TextField {...form.bind('identityDocumentChecked')} label={labels.identityDocumentChecked} required hint={t('counter.idCheckedHint')} />
          <FileField id="f-scan" label={labels.scan} required hint={t('counter.scanHint')} error={form.errors.scan} accept="application/pdf,image/jpeg,image/tiff" onFiles={(files) => setScan(files[0] ?? null)} />
        </fieldset>
        {progress !== undefined && <Progress label={t('counter.uploading')} value={progress} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={progress !== undefined}>
            {t('counter.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
