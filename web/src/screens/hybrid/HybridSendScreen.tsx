/**
 * Send a letter on paper (MB-7, issue 8 item 1): the recipient's structured Kazakhstan postal
 * address and the letter's text. Required fields are checked here; everything else (postcode
 * pattern, lines too wide for the envelope window, unprintable characters) by the server, whose
 * per-field messages arrive in the user's language and sit under their fields.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useOperation } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { CheckboxField, SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Notice, Placeholder, Progress } from '../../components/feedback.tsx';
import { serverFieldErrors, useForm, type Errors } from '../shared/form-state.ts';

const REGIONS = [
  'astana', 'almaty', 'shymkent', 'abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'east_kazakhstan', 'zhambyl', 'zhetysu',
  'west_kazakhstan', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'pavlodar', 'north_kazakhstan', 'turkistan', 'ulytau',
] as const;
const A = 'recipient.address.';
const ADDRESS_FIELDS = ['recipientName', 'region', 'locality', 'street', 'house', 'apartment', 'postcode'] as const;
const REQUIRED = ['recipientName', 'region', 'locality', 'street', 'house', 'postcode'];

export function HybridSendScreen() {
  const { t } = useTranslation();
  const available = useOperation(OPS.submitHybridLetter);
  const form = useForm({ returnPolicy: 'return_to_sender' });
  const [registered, setRegistered] = useState(true);
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | undefined>();
  const [accepted, setAccepted] = useState<Answer<'submitHybridLetter', 201> | null>(null);
  // One key per letter: a repeated click or a retried request submits it once.
  const [idempotencyKey] = useState(() => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`));
  const labels: Record<string, string> = {
    ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [`${A}${f}`, t(`hybrid.form.${f}`)])),
    subject: t('hybrid.form.subject'),
    'content.text': t('hybrid.form.text'),
    returnPolicy: t('hybrid.form.returnPolicy'),
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const v = form.values;
    const errors: Errors = {};
    for (const f of REQUIRED) if (!v[`${A}${f}`]?.trim()) errors[`${A}${f}`] = t('errors.fields.required');
    if (!v['content.text']?.trim()) errors['content.text'] = t('errors.fields.required');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    const address = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, v[`${A}${f}`]?.trim() ?? '']).filter(([, x]) => x !== ''));
    setBusy(true);
    try {
      const r = await call<Answer<'submitHybridLetter', 201>>(OPS.submitHybridLetter, {
        body: { recipient: { address }, subject: v.subject?.trim() ?? '', content: { text: v['content.text'] }, registered, returnPolicy: v.returnPolicy },
        headers: { 'idempotency-key': idempotencyKey },
      });
      setAccepted(r);
    } catch (err) {
      const { '': other, ...named } = serverFieldErrors(err, Object.keys(labels));
      form.setErrors(named);
      setGeneral([errorText(err), other].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  }

  if (accepted) {
    return (
      <Screen title={t('hybrid.form.title')}>
        <Notice kind="success">{t('hybrid.form.accepted', { s10: accepted.s10 ?? '' })}</Notice>
        <p>
          <Link to={`/hybrid/item?id=${encodeURIComponent(accepted.itemId)}`}>{t('hybrid.form.toItem')}</Link>
        </p>
        <p>
          <Link to="/hybrid">{t('hybrid.form.toList')}</Link>
        </p>
      </Screen>
    );
  }

  return (
    <Screen title={t('hybrid.form.title')}>
      {available === false && <Placeholder what={t('hybrid.form.title')} operations={[OPS.submitHybridLetter]} />}
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={form.errors} general={general} labels={labels} />
        <fieldset className="form-section">
          <legend>{t('hybrid.form.addressLegend')}</legend>
          <TextField {...form.bind(`${A}recipientName`)} label={labels[`${A}recipientName`]} required maxLength={200} autoComplete="name" />
          <SelectField {...form.bind(`${A}region`)} label={labels[`${A}region`]} required>
            <option value="">{t('hybrid.form.regionChoose')}</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {t(`hybrid.regions.${r}`)}
              </option>
            ))}
          </SelectField>
          <TextField {...form.bind(`${A}locality`)} label={labels[`${A}locality`]} required maxLength={200} />
          <TextField {...form.bind(`${A}street`)} label={labels[`${A}street`]} required maxLength={200} />
          <TextField {...form.bind(`${A}house`)} label={labels[`${A}house`]} required maxLength={50} />
          <TextField {...form.bind(`${A}apartment`)} label={labels[`${A}apartment`]} maxLength={50} />
          <TextField {...form.bind(`${A}postcode`)} label={labels[`${A}postcode`]} required maxLength={20} hint={t('hybrid.form.postcodeHint')} autoComplete="postal-code" />
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('hybrid.form.letterLegend')}</legend>
          <TextField {...form.bind('subject')} label={labels.subject} maxLength={200} />
          <TextArea {...form.bind('content.text')} label={labels['content.text']} required rows={10} hint={t('hybrid.form.textHint')} />
          <CheckboxField id="hybrid-registered" checked={registered} onChange={(e) => setRegistered(e.target.checked)} label={t('hybrid.form.registered')} />
          <SelectField {...form.bind('returnPolicy')} label={labels.returnPolicy}>
            <option value="return_to_sender">{t('hybrid.returnPolicies.return_to_sender')}</option>
            <option value="shred">{t('hybrid.returnPolicies.shred')}</option>
          </SelectField>
        </fieldset>
        {busy && <Progress label={t('hybrid.form.sending')} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('hybrid.form.submit')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
