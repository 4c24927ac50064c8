/** Operator administration: agreement versions, account lookup by login (no content access), post offices and staff. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { useSession } from '../../app/session.tsx';
import { ApiError, call, errorText } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { SelectField, TextArea, TextField } from '../../components/fields.tsx';
import { Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { useFormatters } from '../../i18n/format.ts';

type Msg = { kind: 'success' | 'error'; text: string } | undefined;

function useSubmit(op: string, okText: string) {
  const [msg, setMsg] = useState<Msg>();
  const [result, setResult] = useState<unknown>();
  const run = async (body: unknown) => {
    setMsg(undefined);
    try {
      setResult(await call(op, { body }));
      setMsg({ kind: 'success', text: okText });
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  };
  return { msg, result, run };
}

function PublishAgreement() {
  const { t } = useTranslation();
  const [v, setV] = useState({ version: '', kk: '', ru: '', en: '' });
  const s = useSubmit(OPS.publishAgreement, t('admin.published'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run({ version: v.version.trim(), kk: v.kk, ru: v.ru, en: v.en });
  };
  return (
    <OperationSection id="agreements" title={t('admin.agreementsTitle')} operation={OPS.publishAgreement}>
      <form noValidate onSubmit={submit}>
        <TextField id="agr-version" label={t('admin.agreementVersion')} value={v.version} onChange={(e) => setV({ ...v, version: e.target.value })} />
        <TextArea id="agr-kk" label={t('admin.textKk')} lang="kk" rows={5} value={v.kk} onChange={(e) => setV({ ...v, kk: e.target.value })} />
        <TextArea id="agr-ru" label={t('admin.textRu')} lang="ru" rows={5} value={v.ru} onChange={(e) => setV({ ...v, ru: e.target.value })} />
        <TextArea id="agr-en" label={t('admin.textEn')} lang="en" rows={5} value={v.en} onChange={(e) => setV({ ...v, en: e.target.value })} />
        {s.msg && <Notice kind={s.msg.kind}>{s.msg.text}</Notice>}
        <button type="submit">{t('admin.publish')}</button>
      </form>
    </OperationSection>
  );
}

type FoundAccount = Answer<'findAccountByLogin'>;

/** Users lookup by login or address (audited on the server): the account only, never letters. */
function LookupAccount() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [login, setLogin] = useState('');
  const [loginError, setLoginError] = useState<string>();
  const [found, setFound] = useState<FoundAccount | null>(null);
  const [msg, setMsg] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(undefined);
    setFound(null);
    setLoginError(login.trim() ? undefined : t('errors.fields.required'));
    if (!login.trim()) return;
    try {
      setFound(await call<FoundAccount>(OPS.findAccountByLogin, { query: { login: login.trim() } }));
    } catch (err) {
      setMsg(err instanceof ApiError && err.code === 'NOT_FOUND' ? t('admin.notFound') : errorText(err));
    }
  };
  const facts: [string, string][] = found
    ? [
        ['admin.found.login', found.login],
        ['admin.found.address', found.address ?? '—'],
        ['admin.found.kind', t(`admin.kinds.${found.kind}`, { defaultValue: found.kind })],
        ['admin.found.official', t(found.official ? 'common.yes' : 'common.no')],
        ['admin.found.status', t(`admin.statuses.${found.status}`, { defaultValue: found.status })],
        ['admin.found.createdAt', fmt.dateTime(found.createdAt)],
      ]
    : [];
  return (
    <OperationSection id="lookup" title={t('admin.lookupTitle')} operation={OPS.findAccountByLogin}>
      <p className="hint">{t('admin.lookupHint')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} role="search">
        <TextField id="lookup-login" label={t('admin.lookupLogin')} value={login} error={loginError} onChange={(e) => setLogin(e.target.value)} />
        <button type="submit">{t('admin.lookup')}</button>
      </form>
      {msg && <Notice kind="error">{msg}</Notice>}
      {found && (
        <dl className="facts" id="lookup-result">
          {facts.map(([k, v]) => (
            <div key={k}>
              <dt>{t(k)}</dt>
              <dd data-fact={k.split('.').pop()}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </OperationSection>
  );
}

function PostOffices() {
  const { t } = useTranslation();
  const [v, setV] = useState({ code: '', name: '', address: '' });
  const s = useSubmit(OPS.createPostOffice, t('admin.officeCreated'));
  const created = s.result as { id?: string } | undefined;
  return (
    <OperationSection id="offices" title={t('admin.officesTitle')} operation={OPS.createPostOffice}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void s.run(v);
        }}
      >
        <TextField id="office-code" label={t('admin.officeCode')} value={v.code} onChange={(e) => setV({ ...v, code: e.target.value })} />
        <TextField id="office-name" label={t('admin.officeName')} value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />
        <TextField id="office-address" label={t('admin.officeAddress')} value={v.address} onChange={(e) => setV({ ...v, address: e.target.value })} />
        {s.msg && <Notice kind={s.msg.kind}>{s.msg.text}</Notice>}
        {created?.id && (
          <p>
            {t('admin.officeId')}: <code>{created.id}</code>
          </p>
        )}
        <button type="submit">{t('admin.createOffice')}</button>
      </form>
    </OperationSection>
  );
}

function Staff() {
  const { t } = useTranslation();
  const [v, setV] = useState({ login: '', fullName: '', role: 'clerk', postOfficeId: '' });
  const s = useSubmit(OPS.createStaffAccount, t('admin.staffCreated'));
  const code = (s.result as { activationCode?: string; code?: string } | undefined)?.activationCode ?? (s.result as { code?: string } | undefined)?.code;
  return (
    <OperationSection id="staff" title={t('admin.staffTitle')} operation={OPS.createStaffAccount}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void s.run({ login: v.login.trim(), fullName: v.fullName.trim(), role: v.role, ...(v.role === 'clerk' ? { postOfficeId: v.postOfficeId.trim() } : {}) });
        }}
      >
        <TextField id="staff-login" label={t('admin.login')} value={v.login} onChange={(e) => setV({ ...v, login: e.target.value })} />
        <TextField id="staff-name" label={t('admin.fullName')} value={v.fullName} onChange={(e) => setV({ ...v, fullName: e.target.value })} />
        <SelectField id="staff-role" label={t('admin.role')} value={v.role} onChange={(e) => setV({ ...v, role: e.target.value })}>
          <option value="clerk">{t('admin.roles.clerk')}</option>
          <option value="print_centre">{t('admin.roles.print_centre')}</option>
          <option value="operator_admin">{t('admin.roles.operator_admin')}</option>
        </SelectField>
        {v.role === 'clerk' && <TextField id="staff-office" label={t('admin.officeId')} hint={t('admin.officeIdHint')} value={v.postOfficeId} onChange={(e) => setV({ ...v, postOfficeId: e.target.value })} />}
        {s.msg && <Notice kind={s.msg.kind}>{s.msg.text}</Notice>}
        {code && (
          <p>
            {t('admin.activationCode')} <code className="code">{code}</code>
          </p>
        )}
        <button type="submit">{t('admin.createStaff')}</button>
      </form>
    </OperationSection>
  );
}

export function AdminScreen() {
  const { t } = useTranslation();
  const { account } = useSession();
  if (account?.staffRole !== 'operator_admin') {
    return (
      <Screen title={t('admin.title')}>
        <Notice kind="error">{t('admin.adminsOnly')}</Notice>
      </Screen>
    );
  }
  return (
    <Screen title={t('admin.title')} wide>
      <PublishAgreement />
      <LookupAccount />
      <PostOffices />
      <Staff />
    </Screen>
  );
}
