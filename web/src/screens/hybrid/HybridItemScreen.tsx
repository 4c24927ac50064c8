/**
 * One paper letter's tracking (MB-7): its details and the full status history with time, place
 * and the signed evidence of each event, downloadable as a .p7s file.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link, useRoute } from '../../app/router.tsx';
import { errorText } from '../../api/client.ts';
import { Busy, Notice } from '../../components/feedback.tsx';
import { localeOf, useFormatters } from '../../i18n/format.ts';
import type { Language } from '../../i18n/index.ts';
import { downloadHybridEvidence, hybridStatus, tenge, type HybridStatus } from './hybrid-api.ts';
import { useHybridStatusText } from './HybridListScreen.tsx';

export function HybridItemScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const statusText = useHybridStatusText();
  const { query } = useRoute();
  const id = query.get('id') ?? '';
  const [item, setItem] = useState<HybridStatus | null>(null);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    hybridStatus(id).then(setItem).catch(setError);
  }, [id]);

  const locale = localeOf(i18n.language as Language);
  const title = item?.s10 ? `${t('hybrid.item.title')} ${item.s10}` : t('hybrid.item.title');
  return (
    <Screen title={title} wide>
      <p>
        <Link to="/hybrid">{t('hybrid.item.back')}</Link>
      </p>
      {Boolean(error) && <Notice kind="error">{errorText(error)}</Notice>}
      {!item && !error && <Busy />}
      {item && (
        <>
          <section className="panel" aria-labelledby="hybrid-details-title">
            <h2 id="hybrid-details-title">{t('hybrid.item.details')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('hybrid.s10')}</dt>
                <dd>{item.s10 ?? t('hybrid.noS10')}</dd>
              </div>
              <div>
                <dt>{t('hybrid.statusLabel')}</dt>
                <dd data-status={item.status}>{statusText(item.status)}</dd>
              </div>
              <div>
                <dt>{t('hybrid.recipient')}</dt>
                <dd>{[item.recipient.name, item.recipient.address?.locality, item.recipient.mailbox].filter(Boolean).join(', ')}</dd>
              </div>
              {item.subject && (
                <div>
                  <dt>{t('hybrid.item.subject')}</dt>
                  <dd>{item.subject}</dd>
                </div>
              )}
              <div>
                <dt>{t('hybrid.item.created')}</dt>
                <dd>{fmt.dateTime(item.createdAt)}</dd>
              </div>
              <div>
                <dt>{t('hybrid.item.pages')}</dt>
                <dd>{fmt.number(item.pages)}</dd>
              </div>
              <div>
                <dt>{t('hybrid.item.registered')}</dt>
                <dd>{item.registered ? t('common.yes') : t('common.no')}</dd>
              </div>
              <div>
                <dt>{t('hybrid.item.returnPolicy')}</dt>
                <dd>{item.returnPolicy === 'shred' ? t('hybrid.returnPolicies.shred') : t('hybrid.returnPolicies.return_to_sender')}</dd>
              </div>
              <div>
                <dt>{t('hybrid.price')}</dt>
                <dd>{item.priceTiyn === null ? t('hybrid.notPriced') : tenge(item.priceTiyn, locale)}</dd>
              </div>
            </dl>
          </section>
          <section className="panel" aria-labelledby="hybrid-history-title">
            <h2 id="hybrid-history-title">{t('hybrid.item.history')}</h2>
            <table className="data-table hybrid-history">
              <caption className="visually-hidden">{t('hybrid.item.historyCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('hybrid.item.event')}</th>
                  <th scope="col">{t('hybrid.item.time')}</th>
                  <th scope="col">{t('hybrid.item.place')}</th>
                  <th scope="col">{t('hybrid.item.evidence')}</th>
                </tr>
              </thead>
              <tbody>
                {item.events.map((e) => (
                  <tr key={e.event} data-event={e.event}>
                    <th scope="row">{statusText(e.event)}</th>
                    <td>{fmt.dateTime(e.occurredAt)}</td>
                    <td>{e.place ?? t('hybrid.item.noPlace')}</td>
                    <td>
                      {e.evidenceId ? (
                        <button type="button" onClick={() => void downloadHybridEvidence(e.evidenceId!, `${item.s10 ?? item.itemId}-${e.event}.p7s`).catch(setError)}>
                          {t('hybrid.item.download')} <span className="visually-hidden">{statusText(e.event)}</span>
                        </button>
                      ) : (
                        t('hybrid.item.noEvidence')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </Screen>
  );
}
