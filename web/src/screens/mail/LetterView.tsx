/**
 * One letter: sender (with the verified-sender mark only jashik sets), recipients, time, the
 * body (sanitised HTML shown in a sandboxed frame with no scripts), attachments, and for
 * registered letters the evidence chain with its verification status.
 *
 * On the sender's copy the status line is read from the evidence (the latest record per
 * recipient), and while it can still change the chain is looked at again every few seconds, so
 * a letter left open learns of its delivery and first opening without a reload.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText, hasOperation } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { useOperation } from '../../app/session.tsx';
import { Busy, EmptyState, Notice } from '../../components/feedback.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { getLetter, listEvidence, saveBlob, verifyChain, type Checked, type Evidence, type OpenedLetter } from './mail-api.ts';
import { deliveryStatus, STATUS_EVENTS, statusSettled, type RecipientStatus } from './delivery-status.ts';

const EVENTS: readonly string[] = STATUS_EVENTS;

/** How often an open sender's copy looks for new evidence while its status can still change. */
const EVIDENCE_POLL_MS = 4000;

export function LetterView({ id, onChanged }: { id: string; onChanged?(): void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const [letter, setLetter] = useState<OpenedLetter | null>(null);
  const [error, setError] = useState<unknown>();
  const [evidence, setEvidence] = useState<Evidence[] | null>(null);
  const [evidenceError, setEvidenceError] = useState<unknown>();
  const hasEvidence = useOperation(OPS.listEvidence);
  const hasRaw = useOperation(OPS.getLetterRaw);

  useEffect(() => {
    setLetter(null);
    setError(undefined);
    getLetter(id)
      .then((l) => {
        setLetter(l);
        onChanged?.();
      })
      .catch(setError);
  }, [id, onChanged]);

  const senderCopy = letter?.direction === 'out';
  // A string key: the letter is fetched again after it is marked read, with the same recipients.
  const recipientKey = letter ? [...letter.to, ...letter.cc].join('\n') : '';
  const recipients = useMemo(() => (recipientKey ? recipientKey.split('\n') : []), [recipientKey]);

  useEffect(() => {
    setEvidence(null);
    setEvidenceError(undefined);
    if (!letter?.registered || !hasEvidence) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Verification results by record id (the meaning is in the current language: a new language starts afresh).
    const checked = new Map<string, Checked>();
    let looks = 0;
    const look = async () => {
      const thisLook = ++looks;
      let list: Evidence[];
      try {
        list = await listEvidence(id);
      } catch (err) {
        if (!stopped) setEvidenceError(err);
        return;
      }
      if (stopped) return;
      // Records checked on an earlier look keep their result while the new ones are checked.
      setEvidence(list.map((e) => {
        const c = checked.get(e.id);
        return c ? { ...e, verified: c.verified, meaning: c.meaning } : e;
      }));
      if (senderCopy && !statusSettled(deliveryStatus(list, recipients))) timer = setTimeout(() => void look(), EVIDENCE_POLL_MS);
      // A verification that fails (busy, offline) leaves the records shown as signed; the next look tries again.
      if (await hasOperation(OPS.verifyEvidence)) {
        const verified = await verifyChain(list, checked).catch(() => null);
        // A later look may have shown a longer chain meanwhile: only the latest look's result is shown.
        if (!stopped && verified && thisLook === looks) setEvidence(verified);
      }
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id, letter?.registered, hasEvidence, i18n.language, senderCopy, recipients]);

  async function download(op: string, params: Record<string, string>, filename: string, query?: Record<string, string>) {
    try {
      const blob = await call<Blob>(op, { params, query });
      saveBlob(blob instanceof Blob ? blob : new Blob([JSON.stringify(blob, null, 2)], { type: 'application/json' }), filename);
    } catch (err) {
      setError(err);
    }
  }

  if (error) return <Notice kind="error">{errorText(error)}</Notice>;
  if (!letter) return <Busy />;
  const { html, text } = letter;
  const eventName = (e: string) => (EVENTS.includes(e) ? t(`evidence.events.${e}`) : e);
  const statusText = (s: RecipientStatus) =>
    s.event === null ? t('mail.status.none') : EVENTS.includes(s.event) ? t(`mail.status.${s.event}`, { date: s.at ? fmt.dateTime(s.at) : '' }) : s.event;
  const statuses = senderCopy && evidence ? deliveryStatus(evidence, recipients) : null;

  return (
    <article className="letter" aria-labelledby="letter-subject">
      <h2 id="letter-subject">{letter.subject || t('mail.noSubject')}</h2>
      <dl className="letter-head">
        <dt>{t('mail.from')}</dt>
        <dd>
          {letter.from.name ? `${letter.from.name} <${letter.from.address}>` : letter.from.address}{' '}
          {letter.verifiedSender && <span className="badge badge-ok">{t('mail.verifiedSender')}</span>}
        </dd>
        <dt>{t('mail.to')}</dt>
        <dd>{letter.to.join(', ')}</dd>
        {letter.cc.length > 0 && (
          <>
            <dt>{t('mail.cc')}</dt>
            <dd>{letter.cc.join(', ')}</dd>
          </>
        )}
        <dt>{t('mail.date')}</dt>
        <dd>
          <time dateTime={letter.sentAt ?? letter.receivedAt}>{fmt.dateTime(letter.sentAt ?? letter.receivedAt)}</time>
        </dd>
        {letter.registered && (
          <>
            <dt>{t('mail.registered')}</dt>
            <dd id="letter-status" aria-live="polite">
              {!senderCopy || !hasEvidence ? (
                letter.handedOverAt ? t('mail.handedOver', { date: fmt.dateTime(letter.handedOverAt) }) : t('mail.notHandedOver')
              ) : !statuses ? (
                <span className="hint">{t('mail.status.checking')}</span>
              ) : statuses.length === 1 ? (
                <span data-event={statuses[0].event ?? ''}>{statusText(statuses[0])}</span>
              ) : (
                <ul>
                  {statuses.map((st) => (
                    <li key={st.recipient} data-event={st.event ?? ''}>
                      {st.recipient}: {statusText(st)}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
      </dl>
      {html ? (
        <iframe className="letter-body" title={t('mail.bodyFrame')} sandbox="" srcDoc={html} />
      ) : (
        <div className="letter-body text">{text}</div>
      )}
      {letter.attachments.length > 0 && (
        <section aria-labelledby="attachments-title">
          <h3 id="attachments-title">{t('mail.attachments')}</h3>
          <ul>
            {letter.attachments.map((a) => (
              <li key={a.sha256 + a.filename}>
                {a.filename} <span className="hint">({fmt.bytes(a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {hasRaw && (
        <p>
          <button type="button" onClick={() => void download(OPS.getLetterRaw, { id }, `${letter.subject || 'letter'}.eml`)}>
            {t('mail.downloadOriginal')}
          </button>
        </p>
      )}
      {letter.registered && (
        <section className="evidence" aria-labelledby="evidence-title">
          <h3 id="evidence-title">{t('evidence.title')}</h3>
          {!hasEvidence && <p className="hint">{t('placeholder.notYet')}</p>}
          {Boolean(evidenceError) && <Notice kind="error">{errorText(evidenceError)}</Notice>}
          {hasEvidence && !evidence && !evidenceError && <Busy />}
          {evidence && evidence.length === 0 && <EmptyState title={t('evidence.none')} />}
          {evidence && evidence.length > 0 && (
            <table>
              <caption className="visually-hidden">{t('evidence.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('evidence.event')}</th>
                  <th scope="col">{t('evidence.time')}</th>
                  <th scope="col">{t('evidence.status')}</th>
                  <th scope="col">{t('evidence.download')}</th>
                </tr>
              </thead>
              <tbody>
                {evidence.map((e) => {
                  const ok = e.verified;
                  return (
                    <tr key={e.id}>
                      <td>
                        <span className="event-name" data-event={e.event}>
                          {eventName(e.event)}
                        </span>
                        {e.recipient && <span className="hint"> — {e.recipient}</span>}
                        {e.meaning && <p className="hint">{e.meaning}</p>}
                      </td>
                      <td>{fmt.dateTime(e.createdAt)}</td>
                      <td>{ok === undefined ? t('evidence.signed') : ok ? <span className="badge badge-ok">{t('evidence.valid')}</span> : <span className="badge badge-bad">{t('evidence.invalid')}</span>}</td>
                      <td>
                        <button type="button" onClick={() => void download(OPS.getEvidence, { id: e.id }, `${e.event}-${e.id}.p7s`, { format: 'p7s' })}>
                          {t('evidence.downloadP7s')}
                          <span className="visually-hidden"> — {eventName(e.event)}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
      )}
    </article>
  );
}
