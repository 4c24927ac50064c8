/** An organisation's mailbox: members and their roles, and API tokens for integrators (shown once). */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText, hasOperation } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { ConfirmDialog, EmptyState, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { useFormatters } from '../../i18n/format.ts';

const ROLES = ['head', 'signatory', 'records_officer', 'executor', 'reader'] as const;
const SCOPES = ['send', 'read', 'directory', 'hybrid'] as const;

interface Member {
  id: string;
  iin: string;
  role: string;
  grantedAt?: string;
}
interface Token {
  id: string;
  name: string;
  scopes: string[];
  expiresAt?: string;
  token?: string;
}

function list<T>(r: unknown, key: string): T[] {
  return Array.isArray(r) ? (r as T[]) : (((r as Record<string, unknown>)[key] ?? []) as T[]);
}

function Members() {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [iin, setIin] = useState('');
  const [role, setRole] = useState<string>('reader');
  const [msg, setMsg] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [revoking, setRevoking] = useState<Member | null>(null);
  const load = () => call(OPS.listMembers).then((r) => setMembers(list<Member>(r, 'members'))).catch(() => setMembers([]));
  useEffect(() => {
    void hasOperation(OPS.listMembers).then((ok) => {
      if (ok) void load();
    });
  }, []);
  async function grant(e: FormEvent) {
    e.preventDefault();
    try {
      await call(OPS.grantMember, { body: { iin: iin.trim(), role } });
      setMsg({ kind: 'success', text: t('org.granted') });
      void load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }
  async function revoke(m: Member) {
    setRevoking(null);
    try {
      await call(OPS.revokeMember, { params: { id: m.id } });
      void load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <OperationSection id="members" title={t('org.membersTitle')} operation={OPS.grantMember}>
      {members && members.length === 0 && <EmptyState title={t('org.noMembers')} />}
      {members && members.length > 0 && (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              {m.iin} — {t(`org.roles.${m.role}`, { defaultValue: m.role })}{' '}
              <button type="button" className="danger" onClick={() => setRevoking(m)}>
                {t('org.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={grant} className="inline-form">
        <TextField id="member-iin" label={t('applicant.iin')} inputMode="numeric" maxLength={12} value={iin} onChange={(e) => setIin(e.target.value)} />
        <SelectField id="member-role" label={t('org.role')} value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`org.roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit">{t('org.grant')}</button>
      </form>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <ConfirmDialog open={Boolean(revoking)} title={t('org.revokeConfirmTitle')} body={t('org.revokeConfirmBody', { iin: revoking?.iin ?? '' })} confirmLabel={t('org.revoke')} onConfirm={() => revoking && void revoke(revoking)} onCancel={() => setRevoking(null)} />
    </OperationSection>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['send']);
  const [created, setCreated] = useState<Token | null>(null);
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [msg, setMsg] = useState<string>();
  useEffect(() => {
    void hasOperation(OPS.listApiTokens).then((ok) => {
      if (ok) void call(OPS.listApiTokens).then((r) => setTokens(list<Token>(r, 'tokens')));
    });
  }, [created]);
  async function create(e: FormEvent) {
    e.preventDefault();
    try {
      setCreated(await call<Token>(OPS.createApiToken, { body: { name: name.trim(), scopes } }));
    } catch (err) {
      setMsg(errorText(err));
    }
  }
  return (
    <OperationSection id="tokens" title={t('org.tokensTitle')} operation={OPS.createApiToken}>
      {tokens && tokens.length === 0 && <EmptyState title={t('org.noTokens')} />}
      {tokens && tokens.length > 0 && (
        <ul>
          {tokens.map((tk) => (
            <li key={tk.id}>
              {tk.name} — {tk.scopes.join(', ')} {tk.expiresAt && <span className="hint">{t('org.expires', { date: fmt.date(tk.expiresAt) })}</span>}
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={create}>
        <TextField id="token-name" label={t('org.tokenName')} value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset>
          <legend>{t('org.scopes')}</legend>
          {SCOPES.map((s) => (
            <div className="checkbox" key={s}>
              <input type="checkbox" id={`scope-${s}`} checked={scopes.includes(s)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))} />
              <label htmlFor={`scope-${s}`}>{t(`org.scopeNames.${s}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{t('org.createToken')}</button>
      </form>
      {created?.token && (
        <Notice kind="success">
          <p>{t('org.tokenShownOnce')}</p>
          <code className="token">{created.token}</code>
        </Notice>
      )}
      {msg && <Notice kind="error">{msg}</Notice>}
    </OperationSection>
  );
}

export function OrganisationPanel() {
  return (
    <>
      <Members />
      <Tokens />
    </>
  );
}
