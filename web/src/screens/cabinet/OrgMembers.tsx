/**
 * The organisation's members and their roles. Granting or revoking is a signed act (MB-7): the
 * server prepares the canonical grant/revocation document, the head (or right-to-sign holder)
 * signs it with NCALayer or, in demo mode, the test signer, and the signature is sent.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText, hasOperation } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Busy, ConfirmDialog, EmptyState, Notice } from '../../components/feedback.tsx';
import { OperationSection } from '../../components/OperationSection.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { SignerPicker, signerErrorText, useSignerChoice } from '../../signing/SignerPicker.tsx';

const ROLES = ['head', 'signatory', 'records_officer', 'executor', 'reader'] as const;

type Member = Answer<'listMembers'>[number];
type Msg = { kind: 'success' | 'error'; text: string } | undefined;

export function OrgMembers() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const signing = useSignerChoice();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [iin, setIin] = useState('');
  const [iinError, setIinError] = useState<string>();
  const [role, setRole] = useState<string>('reader');
  const [msg, setMsg] = useState<Msg>();
  const [busy, setBusy] = useState(false);
  const [revoking, setRevoking] = useState<Member | null>(null);
  const load = () =>
    call<Answer<'listMembers'>>(OPS.listMembers)
      .then(setMembers)
      .catch((err) => {
        setMembers([]);
        setMsg({ kind: 'error', text: errorText(err) });
      });
  useEffect(() => {
    void hasOperation(OPS.listMembers).then((ok) => ok && void load());
  }, []);

  /** prepare → sign the exact canonical bytes → send the signature. */
  async function signed(prepare: object, op: string, okText: string) {
    setMsg(undefined);
    setBusy(true);
    try {
      const { document } = await call<Answer<'prepareMemberChange'>>(OPS.prepareMemberChange, { body: prepare });
      const signature = await (await signing.signer()).sign({ data: new TextEncoder().encode(document), purpose: 'sign', locale: currentLanguage() });
      await call(op, { body: { signature } });
      setMsg({ kind: 'success', text: okText });
      void load();
      return true;
    } catch (err) {
      setMsg({ kind: 'error', text: signerErrorText(t, err) ?? errorText(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function grant(e: FormEvent) {
    e.preventDefault();
    const v = iin.trim();
    setIinError(/^\d{12}$/.test(v) ? undefined : t('errors.fields.twelve_digits'));
    if (!/^\d{12}$/.test(v)) return;
    if (await signed({ action: 'grant', iin: v, role }, OPS.grantMember, t('org.granted'))) setIin('');
  }

  function revoke(m: Member) {
    setRevoking(null);
    void signed({ action: 'revoke', memberId: m.id }, OPS.revokeMember, t('org.revoked'));
  }

  return (
    <OperationSection id="members" title={t('org.membersTitle')} operation={OPS.grantMember}>
      {members && members.length === 0 && <EmptyState title={t('org.noMembers')} />}
      {members && members.length > 0 && (
        <table className="members">
          <caption className="visually-hidden">{t('org.membersTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('applicant.iin')}</th>
              <th scope="col">{t('org.role')}</th>
              <th scope="col">{t('org.grantedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('org.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} data-member={m.iin}>
                <td>{m.iin}</td>
                <td>{t(`org.roles.${m.role}`, { defaultValue: m.role })}</td>
                <td>{fmt.date(m.grantedAt)}</td>
                <td>
                  <button type="button" className="danger" disabled={busy} onClick={() => setRevoking(m)}>
                    {t('org.revoke')} <span className="visually-hidden">{t('org.revokeWho', { iin: m.iin })}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form noValidate onSubmit={(e) => void grant(e)}>
        <TextField id="member-iin" label={t('applicant.iin')} inputMode="numeric" maxLength={12} value={iin} error={iinError} onChange={(e) => setIin(e.target.value)} />
        <SelectField id="member-role" label={t('org.role')} value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`org.roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <p className="hint">{t('org.signedHint')}</p>
        <SignerPicker choice={signing} purpose="sign" id="member-signer" />
        {busy && <Busy label={t('org.signing')} />}
        <button type="submit" disabled={busy}>
          {t('org.grant')}
        </button>
      </form>
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
      <ConfirmDialog open={Boolean(revoking)} title={t('org.revokeConfirmTitle')} body={t('org.revokeConfirmBody', { iin: revoking?.iin ?? '' })} confirmLabel={t('org.revoke')} onConfirm={() => revoking && revoke(revoking)} onCancel={() => setRevoking(null)} />
    </OperationSection>
  );
}
