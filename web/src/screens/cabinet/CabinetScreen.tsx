/** The personal cabinet: data, EDS confirmation (MB-11), sessions, and the account's life (reset, export, notices, closing). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { useSession } from '../../app/session.tsx';
import { call, errorText } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS, firstAvailable } from '../../api/operations.ts';
import { Busy, EmptyState, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useFormatters } from '../../i18n/format.ts';
import { SignerPicker, signerErrorText, useSignerChoice } from '../../signing/SignerPicker.tsx';
import { AccountLife } from './AccountLife.tsx';
import { OrganisationPanel } from './OrganisationPanel.tsx';

type SessionRow = Answer<'listSessions'>[number];

function EdsConfirmation() {
  const { t } = useTranslation();
  const { account, refresh } = useSession();
  const signing = useSignerChoice();
  const [busy, setBusy] = useState<string | undefined>();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  async function confirm() {
    setMessage(undefined);
    try {
      setBusy(t('cabinet.preparing'));
      const prepareOp = await firstAvailable(OPS.prepareConfirmation);
      if (!prepareOp) throw new Error('unavailable');
      const { document } = await call<{ document: string }>(prepareOp, { body: {} });
      setBusy(t('cabinet.signing'));
      const signature = await (await signing.signer()).sign({ data: new TextEncoder().encode(document), purpose: 'sign', locale: currentLanguage() });
      await call(OPS.confirmWithSignature, { body: { signature } });
      await refresh();
      setMessage({ kind: 'success', text: t('cabinet.confirmed') });
    } catch (err) {
      setMessage({ kind: 'error', text: signerErrorText(t, err) ?? ((err as Error).message === 'unavailable' ? t('placeholder.notYet') : errorText(err)) });
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <OperationSection id="eds" title={t('cabinet.edsTitle')} operation={OPS.confirmWithSignature}>
      <p>{account?.official ? <span className="badge badge-ok">{t('cabinet.official')}</span> : t('cabinet.notOfficial')}</p>
      <p className="hint">{t('cabinet.edsHint')}</p>
      <SignerPicker choice={signing} purpose="sign" id="eds-signer" />
      {busy && <Busy label={busy} />}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <button type="button" className="primary" onClick={() => void confirm()} disabled={Boolean(busy)}>
        {t('cabinet.confirm')}
      </button>
    </OperationSection>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [rows, setRows] = useState<SessionRow[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();
  const load = () =>
    call<Answer<'listSessions'>>(OPS.listSessions)
      .then(setRows)
      .catch((e) => setMessage({ kind: 'error', text: errorText(e) }));
  useEffect(() => {
    void firstAvailable([OPS.listSessions]).then((op) => {
      if (op) void load();
    });
  }, []);
  async function elsewhere() {
    try {
      for (const s of rows ?? []) if (!s.current) await call(OPS.revokeSession, { params: { sessionId: s.id } });
      setMessage({ kind: 'success', text: t('cabinet.loggedOutElsewhere') });
      void load();
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(err) });
    }
  }
  return (
    <OperationSection id="sessions" title={t('cabinet.sessionsTitle')} operation={OPS.listSessions}>
      {!rows && !message && <Busy />}
      {rows && rows.length === 0 && <EmptyState title={t('cabinet.noSessions')} />}
      {rows && rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('cabinet.sessionStarted')}</th>
              <th scope="col">{t('cabinet.sessionLastSeen')}</th>
              <th scope="col">{t('cabinet.sessionMethod')}</th>
              <th scope="col">{t('cabinet.sessionClient')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td>{fmt.dateTime(s.createdAt)}</td>
                <td>{fmt.dateTime(s.lastSeenAt)}</td>
                <td>{t(`cabinet.methods.${s.method}`, { defaultValue: s.method })}</td>
                <td>
                  {[s.ip, s.userAgent].filter(Boolean).join(' · ')} {s.current && <span className="badge">{t('cabinet.thisSession')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <button type="button" onClick={() => void elsewhere()}>
        {t('cabinet.logoutElsewhere')}
      </button>
    </OperationSection>
  );
}

export function CabinetScreen() {
  const { t } = useTranslation();
  const { account, info } = useSession();
  if (!account) return <Busy />;
  const profile = (account.profile ?? {}) as Record<string, unknown>;
  return (
    <Screen title={t('cabinet.title')} wide>
      <section className="panel" aria-labelledby="personal-title">
        <h2 id="personal-title">{t('cabinet.personalTitle')}</h2>
        <dl className="facts">
          <dt>{t('cabinet.login')}</dt>
          <dd>{account.login}</dd>
          <dt>{t('cabinet.address')}</dt>
          <dd>{account.address ?? `${account.login}@${info?.domain ?? ''}`}</dd>
          {account.displayName && (
            <>
              <dt>{t('cabinet.name')}</dt>
              <dd>{account.displayName}</dd>
            </>
          )}
          {account.kind && (
            <>
              <dt>{t('cabinet.kind')}</dt>
              <dd>{t(`cabinet.kinds.${account.kind}`)}</dd>
            </>
          )}
          {typeof profile.mobilePhone === 'string' && (
            <>
              <dt>{t('applicant.mobilePhone')}</dt>
              <dd>{profile.mobilePhone}</dd>
            </>
          )}
        </dl>
      </section>
      {!account.staffRole && <EdsConfirmation />}
      <Sessions />
      {account.kind === 'organisation' && <OrganisationPanel />}
      {!account.staffRole && <AccountLife />}
    </Screen>
  );
}
