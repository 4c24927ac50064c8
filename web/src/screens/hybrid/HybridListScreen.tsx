/**
 * The sender's paper letters (MB-7, issue 8 item 3): tracking number, recipient, status, the last
 * event with its time and place, and the cost; older letters page by page (the API's cursor).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link } from '../../app/router.tsx';
import { useOperation } from '../../app/session.tsx';
import { errorText } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { Busy, EmptyState, Notice, Placeholder } from '../../components/feedback.tsx';
import { localeOf, useFormatters } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { HYBRID_STATUSES, listHybrid, tenge, type HybridListItem } from './hybrid-api.ts';

export function useHybridStatusText() {
  const { t } = useTranslation();
  return (s: string) => (HYBRID_STATUSES.includes(s) ? t(`hybrid.statuses.${s}`) : s);
}

export function HybridListScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const statusText = useHybridStatusText();
  const available = useOperation(OPS.listHybridLetters);
  const [items, setItems] = useState<HybridListItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    if (!available) return;
    listHybrid()
      .then((p) => {
        setItems(p.items);
        setNext(p.nextCursor);
      })
      .catch(setError);
  }, [available]);

  async function more() {
    if (!next) return;
    setLoadingMore(true);
    try {
      const p = await listHybrid(next);
      setItems((cur) => [...(cur ?? []), ...p.items]);
      setNext(p.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  const locale = localeOf(i18n.language as Language);
  return (
    <Screen title={t('hybrid.title')} wide>
      <p>{t('hybrid.intro')}</p>
      <div className="actions">
        <Link to="/hybrid/send" className="button primary">
          {t('hybrid.send')}
        </Link>
      </div>
      {available === false && <Placeholder what={t('hybrid.title')} operations={[OPS.listHybridLetters]} />}
      {Boolean(error) && <Notice kind="error">{errorText(error)}</Notice>}
      {available && !items && !error && <Busy />}
      {items && items.length === 0 && <EmptyState title={t('hybrid.empty')} />}
      {items && items.length > 0 && (
        <table className="data-table hybrid-list">
          <caption className="visually-hidden">{t('hybrid.listCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hybrid.s10')}</th>
              <th scope="col">{t('hybrid.recipient')}</th>
              <th scope="col">{t('hybrid.statusLabel')}</th>
              <th scope="col">{t('hybrid.lastEvent')}</th>
              <th scope="col">{t('hybrid.price')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.itemId} data-item={i.itemId}>
                <th scope="row">
                  <Link to={`/hybrid/item?id=${encodeURIComponent(i.itemId)}`}>
                    {i.s10 ?? t('hybrid.noS10')}
                    {!i.s10 && <span className="visually-hidden"> {i.subject}</span>}
                  </Link>
                </th>
                <td>
                  {i.recipient.name ?? i.recipient.mailbox}
                  {i.recipient.locality && <span className="hint"> {i.recipient.locality}</span>}
                </td>
                <td data-status={i.status}>{statusText(i.status)}</td>
                <td>
                  {i.lastEvent ? t('hybrid.eventAt', { time: fmt.dateTime(i.lastEvent.occurredAt), place: i.lastEvent.place ?? t('hybrid.item.noPlace') }) : fmt.dateTime(i.statusAt)}
                </td>
                <td>{i.priceTiyn === null ? t('hybrid.notPriced') : tenge(i.priceTiyn, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <div className="actions">
          <button type="button" onClick={() => void more()} disabled={loadingMore}>
            {t('hybrid.more')}
          </button>
        </div>
      )}
    </Screen>
  );
}
