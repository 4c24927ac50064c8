/** The organisation's API tokens for integrators: create with scopes (the secret is shown once), list, revoke (with confirmation). */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText, hasOperation } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { TextField } from '../../components/fields.tsx';
import { ConfirmDialog, EmptyState, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { useFormatters } from '../../i18n/format.ts';

const SCOPES = ['send', 'read', 'directory', 'hybrid'] as const;

type Token = Answer<'listApiTokens'>['tokens'][number];
type Msg = { kind: 'success' | 'error'; text: string } | undefined;

export function OrgTokens() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string>();
  const [scopes, setScopes] = useState<string[]>(['send']);
  const [created, setCreated] = useState<Answer<'createApiToken', 201> | null>(null);
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [msg, setMsg] = useState<Msg>();
  const load = () =>
    call<Answer<'listApiTokens'>>(OPS.listApiTokens)
      .then((r) => setTokens(r.tokens))
      .catch((err) => setMsg({ kind: 'error', text: errorText(err) }));
  useEffect(() => {
    void hasOperation(OPS.listApiTokens).then((ok) => ok && void load());
  }, []);
  async function create(e: FormEvent) {
    e.preventDefault();
    setMsg(undefined);
    setNameError(name.trim() ? undefined : t('errors.fields.required'));
    if (!name.trim()) return;
    if (scopes.length === 0) return setMsg({ kind: 'error', text: t('org.scopesRequired') });
    try {
      setCreated(await call<Answer<'createApiToken', 201>>(OPS.createApiToken, { body: { name: name.trim(), scopes } }));
      setName('');
      void load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }
  async function revoke(tk: Token) {
    setRevoking(null);
    try {
      await call(OPS.revokeApiToken, { params: { tokenId: tk.id } });
      setMsg({ kind: 'success', text: t('org.tokenRevoked') });
      void load();
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <OperationSection id="tokens" title={t('org.tokensTitle')} operation={OPS.createApiToken}>
      {tokens && tokens.length === 0 && <EmptyState title={t('org.noTokens')} />}
      {tokens && tokens.length > 0 && (
        <ul className="tokens">
          {tokens.map((tk) => (
            <li key={tk.id} data-token={tk.name}>
              <strong>{tk.name}</strong> — {tk.scopes.map((s) => t(`org.scopeNames.${s}`, { defaultValue: s })).join(', ')}{' '}
              {tk.revoked ? (
                <span className="badge">{t('org.tokenRevokedBadge')}</span>
              ) : (
                <>
                  <span className="hint">{t('org.expires', { date: fmt.date(tk.expiresAt) })}</span>{' '}
                  <button type="button" className="danger" onClick={() => setRevoking(tk)}>
                    {t('org.revoke')} <span className="visually-hidden">{t('org.revokeToken', { name: tk.name })}</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={(e) => void create(e)}>
        <TextField id="token-name" label={t('org.tokenName')} value={name} error={nameError} maxLength={100} onChange={(e) => setName(e.target.value)} />
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
      {created && (
        <Notice kind="success">
          <p>{t('org.tokenShownOnce')}</p>
          <code className="token">{created.token}</code>
        </Notice>
      )}
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <ConfirmDialog open={Boolean(revoking)} title={t('org.revokeTokenTitle')} body={t('org.revokeTokenBody', { name: revoking?.name ?? '' })} confirmLabel={t('org.revoke')} onConfirm={() => revoking && void revoke(revoking)} onCancel={() => setRevoking(null)} />
    </OperationSection>
  );
}
