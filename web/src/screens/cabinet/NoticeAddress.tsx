/**
 * The notice address: an outside e-mail address told (without content) when a registered or
 * official letter arrives. Naming it sends a confirmation code there; the code confirms it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText, hasOperation } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { TextField } from '../../components/fields.tsx';
import { ConfirmDialog, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';

type NotifyAddress = Answer<'getNotifyAddress'>;
type Msg = { kind: 'success' | 'error'; text: string } | undefined;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function NoticeAddress() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<NotifyAddress | null>(null);
  const [address, setAddress] = useState('');
  const [addressError, setAddressError] = useState<string>();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [removing, setRemoving] = useState(false);
  const [msg, setMsg] = useState<Msg>();
  useEffect(() => {
    void hasOperation(OPS.getNotifyAddress).then((ok) => ok && void call<NotifyAddress>(OPS.getNotifyAddress).then(setCurrent).catch(() => setCurrent(null)));
  }, []);

  async function run(op: string, body: object, ok: (r: NotifyAddress) => string) {
    setMsg(undefined);
    try {
      const r = await call<NotifyAddress>(op, { body });
      setCurrent(r);
      setMsg({ kind: 'success', text: ok(r) });
      return true;
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
      return false;
    }
  }
  async function save(e: FormEvent) {
    e.preventDefault();
    const v = address.trim();
    setAddressError(EMAIL.test(v) ? undefined : t('errors.fields.email'));
    if (!EMAIL.test(v)) return;
    if (await run(OPS.setNotifyAddress, { address: v }, () => t('cabinet.noticeCodeSent', { address: v }))) setAddress('');
  }
  async function confirm(e: FormEvent) {
    e.preventDefault();
    const v = code.trim();
    setCodeError(v ? undefined : t('errors.fields.required'));
    if (!v) return;
    if (await run(OPS.confirmNotifyAddress, { code: v }, () => t('cabinet.noticeConfirmed'))) setCode('');
  }
  function remove() {
    setRemoving(false);
    void run(OPS.setNotifyAddress, { address: null }, () => t('cabinet.noticeRemoved'));
  }

  return (
    <OperationSection id="notice" title={t('cabinet.noticeTitle')} operation={OPS.setNotifyAddress}>
      <p className="hint">{t('cabinet.noticeHint')}</p>
      {current?.address ? (
        <p className="notice-current">
          {t('cabinet.noticeCurrent')} <strong>{current.address}</strong>{' '}
          <span className={current.verified ? 'badge badge-ok' : 'badge'}>{t(current.verified ? 'cabinet.noticeVerified' : 'cabinet.noticeUnverified')}</span>{' '}
          <button type="button" className="danger" onClick={() => setRemoving(true)}>
            {t('cabinet.noticeRemove')}
          </button>
        </p>
      ) : (
        current && <p>{t('cabinet.noticeNone')}</p>
      )}
      <form noValidate onSubmit={(e) => void save(e)}>
        <TextField id="notice-address" type="email" label={t('cabinet.noticeAddress')} value={address} error={addressError} onChange={(e) => setAddress(e.target.value)} autoComplete="email" />
        <button type="submit">{t('cabinet.noticeSend')}</button>
      </form>
      {current?.address && !current.verified && (
        <form noValidate onSubmit={(e) => void confirm(e)}>
          <TextField id="notice-code" label={t('cabinet.noticeCode')} hint={t('cabinet.noticeCodeHint')} inputMode="numeric" autoComplete="one-time-code" maxLength={12} value={code} error={codeError} onChange={(e) => setCode(e.target.value)} />
          <button type="submit">{t('cabinet.noticeConfirm')}</button>
        </form>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <ConfirmDialog open={removing} title={t('cabinet.noticeRemoveTitle')} body={t('cabinet.noticeRemoveBody')} confirmLabel={t('cabinet.noticeRemove')} onConfirm={remove} onCancel={() => setRemoving(false)} />
    </OperationSection>
  );
}
