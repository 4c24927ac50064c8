/** Password reset by EDS, mailbox export, the notice address, and closing the mailbox (with confirmation). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import { OPS, firstAvailable } from '../../api/operations.ts';
import { TextField } from '../../components/fields.tsx';
import { Busy, ConfirmDialog, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { SignerPicker, signerErrorText, useSignerChoice } from '../../signing/SignerPicker.tsx';
import { saveBlob } from '../mail/mail-api.ts';
import { NoticeAddress } from './NoticeAddress.tsx';

type Msg = { kind: 'success' | 'error'; text: string } | undefined;

function ResetPassword() {
  const { t } = useTranslation();
  const signing = useSignerChoice();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [msg, setMsg] = useState<Msg>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setMsg(undefined);
    setError(password.length < 12 ? t('errors.fields.password_short') : undefined);
    if (password.length < 12) return;
    try {
      setBusy(true);
      const prepareOp = await firstAvailable(OPS.prepareReset);
      if (!prepareOp) throw new Error('unavailable');
      const { document } = await call<{ document: string }>(prepareOp, { body: {} });
      const signature = await (await signing.signer()).sign({ data: new TextEncoder().encode(document), purpose: 'sign', locale: currentLanguage() });
      await call(OPS.resetPassword, { body: { signature, password } });
      setMsg({ kind: 'success', text: t('cabinet.passwordChanged') });
    } catch (err) {
      setMsg({ kind: 'error', text: signerErrorText(t, err) ?? ((err as Error).message === 'unavailable' ? t('placeholder.notYet') : errorText(err)) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <OperationSection id="reset" title={t('cabinet.resetTitle')} operation={OPS.resetPassword}>
      <form noValidate onSubmit={submit}>
        <TextField id="reset-password" label={t('cabinet.newPassword')} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={error} hint={t('register.passwordHint')} />
        <SignerPicker choice={signing} purpose="sign" id="reset-signer" />
        {busy && <Busy />}
        {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
        <button type="submit" disabled={busy}>
          {t('cabinet.resetSubmit')}
        </button>
      </form>
    </OperationSection>
  );
}

function Export() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Msg>();
  async function run() {
    try {
      setBusy(true);
      saveBlob(await call<Blob>(OPS.exportMailbox), 'mailbox.zip');
      setMsg({ kind: 'success', text: t('cabinet.exported') });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <OperationSection id="export" title={t('cabinet.exportTitle')} operation={OPS.exportMailbox}>
      <p className="hint">{t('cabinet.exportHint')}</p>
      {busy && <Busy label={t('cabinet.exporting')} />}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <button type="button" onClick={() => void run()} disabled={busy}>
        {t('cabinet.exportButton')}
      </button>
    </OperationSection>
  );
}

function CloseMailbox() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const [asking, setAsking] = useState(false);
  const [msg, setMsg] = useState<Msg>();
  async function close() {
    setAsking(false);
    try {
      await call(OPS.closeMailbox, { body: {} });
      await signOut();
      navigate('/');
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <OperationSection id="close" title={t('cabinet.closeTitle')} operation={OPS.closeMailbox}>
      <p>{t('cabinet.closeHint')}</p>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <button type="button" className="danger" onClick={() => setAsking(true)}>
        {t('cabinet.closeButton')}
      </button>
      <ConfirmDialog open={asking} title={t('cabinet.closeConfirmTitle')} body={t('cabinet.closeConfirmBody')} confirmLabel={t('cabinet.closeButton')} onConfirm={() => void close()} onCancel={() => setAsking(false)} />
    </OperationSection>
  );
}

export function AccountLife() {
  return (
    <>
      <ResetPassword />
      <Export />
      <NoticeAddress />
      <CloseMailbox />
    </>
  );
}
