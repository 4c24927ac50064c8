/** Compose: recipients, subject, text, attachments (with upload progress), the registered option and its handover deadline. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useOperation } from '../../app/session.tsx';
import { errorText, upload } from '../../api/client.ts';
import { toBase64 } from '../../signing/signer.ts';
import { OPS } from '../../api/operations.ts';
import { CheckboxField, FileField, TextArea, TextField } from '../../components/fields.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Notice, Placeholder, Progress } from '../../components/feedback.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { serverFieldErrors, useForm, type Errors } from '../shared/form-state.ts';

const ADDRESS_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const split = (s: string | undefined) => (s ?? '').split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);

export function ComposeScreen() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const available = useOperation(OPS.sendLetter);
  const form = useForm({});
  const [registered, setRegistered] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | undefined>();
  const [general, setGeneral] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  // One key per letter: a repeated click or a retried request sends it once.
  const [idempotencyKey] = useState(() => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`));
  const labels = { to: t('compose.to'), cc: t('compose.cc'), subject: t('compose.subject'), text: t('compose.text'), handoverDeadline: t('compose.deadline') };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setGeneral(undefined);
    const v = form.values;
    const to = split(v.to);
    const cc = split(v.cc);
    const errors: Errors = {};
    if (to.length === 0) errors.to = t('errors.fields.required');
    else if (to.some((a) => !ADDRESS_RE.test(a))) errors.to = t('errors.fields.address');
    if (cc.some((a) => !ADDRESS_RE.test(a))) errors.cc = t('errors.fields.address');
    if (!v.subject?.trim()) errors.subject = t('errors.fields.required');
    form.setErrors(errors);
    if (Object.keys(errors).length) return;
    const deadline = registered && v.handoverDeadline ? new Date(`${v.handoverDeadline}T23:59:59+05:00`).toISOString() : undefined;
    const letter = { to, cc, subject: v.subject.trim(), text: v.text ?? '', registered, ...(deadline ? { handoverDeadline: deadline } : {}) };
    try {
      setProgress(0);
      if (!available) throw new Error('unavailable');
      const attachments = await Promise.all(files.map(async (f) => ({ filename: f.name, contentType: f.type || 'application/octet-stream', contentBase64: toBase64(await f.arrayBuffer()) })));
      await upload(OPS.sendLetter, { ...letter, ...(attachments.length ? { attachments } : {}) }, setProgress, { headers: { 'idempotency-key': idempotencyKey } });
      setSent(true);
    } catch (err) {
      const { '': other, ...named } = serverFieldErrors(err, Object.keys(labels));
      form.setErrors(named);
      setGeneral((err as Error).message === 'unavailable' ? t('placeholder.notYet') : [errorText(err), other].filter(Boolean).join(' '));
    } finally {
      setProgress(undefined);
    }
  }

  if (sent) {
    return (
      <Screen title={t('compose.title')}>
        <Notice kind="success">{t(registered ? 'compose.sentRegistered' : 'compose.sent')}</Notice>
        <p>
          <Link to="/mail?folder=sent">{t('compose.toSent')}</Link>
        </p>
      </Screen>
    );
  }

  return (
    <Screen title={t('compose.title')}>
      {available === false && <Placeholder what={t('compose.title')} operations={[OPS.sendLetter]} />}
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={form.errors} general={general} labels={labels} />
        <TextField {...form.bind('to')} label={labels.to} required hint={t('compose.toHint')} autoComplete="email" />
        <TextField {...form.bind('cc')} label={labels.cc} />
        <TextField {...form.bind('subject')} label={labels.subject} required maxLength={998} />
        <TextArea {...form.bind('text')} label={labels.text} rows={10} />
        <FileField id="compose-files" multiple label={t('compose.attachments')} hint={t('compose.attachmentsHint')} onFiles={setFiles} />
        {files.length > 0 && (
          <ul className="chosen-files">
            {files.map((f) => (
              <li key={f.name}>
                {f.name} ({fmt.bytes(f.size)})
              </li>
            ))}
          </ul>
        )}
        <CheckboxField id="compose-registered" checked={registered} onChange={(e) => setRegistered(e.target.checked)} label={t('compose.registered')} />
        <p className="hint">{t('compose.registeredHint')}</p>
        {registered && <TextField {...form.bind('handoverDeadline')} type="date" label={labels.handoverDeadline} hint={t('compose.deadlineHint')} />}
        {progress !== undefined && <Progress label={t('compose.sending')} value={files.length ? progress : undefined} />}
        <div className="actions">
          <button type="submit" className="primary" disabled={progress !== undefined}>
            {t('compose.send')}
          </button>
        </div>
      </form>
    </Screen>
  );
}
