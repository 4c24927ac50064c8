/** The user agreement (MB-3): the current version, in the user's language. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { call, errorText } from '../../api/client.ts';
import type { Answer } from '../../api/answers.ts';
import { OPS } from '../../api/operations.ts';
import { useOperation, useSession } from '../../app/session.tsx';
import { navigate, useRoute } from '../../app/router.tsx';
import { Busy, Notice, Placeholder } from '../../components/feedback.tsx';
import { useFormatters } from '../../i18n/format.ts';

type Agreement = Answer<'getAgreement'>;

function textIn(a: Agreement, lang: string): string {
  return lang === 'ru' || lang === 'en' ? a.texts[lang] : a.texts.kk;
}

export function AgreementScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const available = useOperation(OPS.agreement);
  const [agreement, setAgreement] = useState<Agreement | null>(null);
  const [error, setError] = useState<unknown>();
  const { query } = useRoute();
  const { account } = useSession();
  const [acceptError, setAcceptError] = useState<unknown>();
  async function accept(a: Agreement) {
    try {
      await call(OPS.acceptAgreement, { body: { version: a.version, sha256: a.sha256 } });
      navigate('/mail');
    } catch (err) {
      setAcceptError(err);
    }
  }
  useEffect(() => {
    if (!available) return;
    call<Agreement>(OPS.agreement)
      .then(setAgreement)
      .catch(setError);
  }, [available, i18n.language]);
  return (
    <Screen title={t('agreement.title')}>
      {available === false && <Placeholder what={t('agreement.title')} operations={[OPS.agreement]} />}
      {available && !agreement && !error && <Busy />}
      {Boolean(error) && <Notice kind="error">{errorText(error)}</Notice>}
      {agreement && (
        <article className="agreement">
          <p className="hint">
            {t('agreement.version', { version: agreement.version })}
            {' · '}{t('agreement.published', { date: fmt.date(agreement.publishedAt) })}
          </p>
          {textIn(agreement, i18n.language)
            .split(/\n{2,}/)
            .map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          {account && query.get('accept') === '1' && (
            <div className="panel">
              <Notice kind="warning">{t('agreement.acceptPrompt')}</Notice>
              {Boolean(acceptError) && <Notice kind="error">{errorText(acceptError)}</Notice>}
              <button type="button" className="primary" onClick={() => void accept(agreement)}>
                {t('agreement.accept')}
              </button>
            </div>
          )}
          <p className="hint">
            {t('agreement.hash')} <code>{agreement.sha256}</code>
          </p>
        </article>
      )}
    </Screen>
  );
}
