/** The mailbox: folders with counts and quota, the list with paging and search, and the reading view. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../app/Screen.tsx';
import { Link, navigate, useRoute } from '../../app/router.tsx';
import { useOperation } from '../../app/session.tsx';
import { errorText } from '../../api/client.ts';
import { OPS } from '../../api/operations.ts';
import { Busy, EmptyState, Notice, Placeholder } from '../../components/feedback.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { listFolders, listLetters, type Folder, type Letter } from './mail-api.ts';
import { LetterView } from './LetterView.tsx';

const SYSTEM_FOLDERS = ['inbox', 'sent', 'drafts', 'archive', 'junk', 'trash'];

function href(folder: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ folder, ...extra });
  return `/mail?${q.toString()}`;
}

export function MailboxScreen() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const { query } = useRoute();
  const folder = query.get('folder') ?? 'inbox';
  const open = query.get('letter');
  const q = query.get('q') ?? '';
  const hasList = useOperation(OPS.listLetters);
  const [folders, setFolders] = useState<Folder[] | null>(null);
  const [usage, setUsage] = useState<{ used?: number; quota?: number }>({});
  const [letters, setLetters] = useState<Letter[] | null>(null);
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState(q);

  const folderName = (name: string) => (SYSTEM_FOLDERS.includes(name.toLowerCase()) ? t(`mail.folders.${name.toLowerCase()}`) : name);

  const loadFolders = useCallback(() => {
    listFolders()
      .then((r) => {
        setFolders(r.folders);
        setUsage({ used: r.usedBytes, quota: r.quotaBytes });
      })
      .catch(() => setFolders(SYSTEM_FOLDERS.map((name) => ({ id: name, name, system: true, total: 0, unread: 0 }))));
  }, []);

  useEffect(() => {
    if (hasList) loadFolders();
  }, [hasList, loadFolders]);

  useEffect(() => {
    if (!hasList) return;
    setLetters(null);
    setError(undefined);
    listLetters(folder, undefined, q || undefined)
      .then((r) => {
        setLetters(r.items);
        setNext(r.next);
      })
      .catch(setError);
  }, [hasList, folder, q]);

  async function more() {
    const r = await listLetters(folder, next, q || undefined);
    setLetters((l) => [...(l ?? []), ...r.items]);
    setNext(r.next);
  }

  function submitSearch(e: FormEvent) {
    e.preventDefault();
    navigate(href(folder, search.trim() ? { q: search.trim() } : {}));
  }

  if (hasList === false) {
    return (
      <Screen title={t('mail.title')} wide>
        <Placeholder what={t('mail.title')} operations={[OPS.listFolders, OPS.listLetters, OPS.getLetter]} />
      </Screen>
    );
  }

  return (
    <Screen title={t('mail.title')} wide>
      <div className="mailbox" lang={i18n.language}>
        <nav className="folders" aria-label={t('mail.foldersLabel')}>
          <p>
            <Link to="/mail/compose" className="button primary">
              {t('nav.compose')}
            </Link>
          </p>
          {!folders ? (
            <Busy />
          ) : (
            <ul>
              {folders.map((f) => (
                <li key={f.id}>
                  <Link to={href(f.name)} aria-current={f.name === folder ? 'page' : undefined}>
                    {folderName(f.name)}
                    {f.unread > 0 && <span className="count">{t('mail.unreadCount', { n: fmt.number(f.unread) })}</span>}
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {usage.quota ? (
            <div className="quota">
              <label htmlFor="quota-meter">{t('mail.quota', { used: fmt.bytes(usage.used ?? 0), quota: fmt.bytes(usage.quota) })}</label>
              <meter id="quota-meter" min={0} max={usage.quota} value={usage.used ?? 0} />
            </div>
          ) : null}
        </nav>
        <div className="letters">
          <form role="search" className="search" onSubmit={submitSearch}>
            <label htmlFor="mail-search">{t('mail.search')}</label>
            <input id="mail-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
            <button type="submit">{t('mail.searchButton')}</button>
          </form>
          <h2>{q ? t('mail.searchResults', { q }) : folderName(folder)}</h2>
          {Boolean(error) && <Notice kind="error">{errorText(error)}</Notice>}
          {!letters && !error && <Busy />}
          {letters && letters.length === 0 && <EmptyState title={q ? t('mail.noResults') : t('mail.empty')} />}
          {letters && letters.length > 0 && (
            <ul className="letter-list">
              {letters.map((l) => (
                <li key={l.id} className={l.seen ? '' : 'unread'}>
                  <Link to={href(folder, { letter: l.id, ...(q ? { q } : {}) })} aria-current={l.id === open ? 'true' : undefined}>
                    <span className="from">{l.direction === 'out' ? t('mail.toPrefix', { to: l.to.join(', ') }) : l.from.name || l.from.address}</span>
                    <span className="subject">
                      {!l.seen && <span className="visually-hidden">{t('mail.unread')} </span>}
                      {l.subject || t('mail.noSubject')}
                    </span>
                    <span className="meta">
                      {l.registered && <span className="badge">{t('mail.registered')}</span>}
                      {l.verifiedSender && <span className="badge badge-ok">{t('mail.verifiedSender')}</span>}
                      {l.hasAttachments && <span className="badge">{t('mail.hasAttachments')}</span>}
                      <time dateTime={l.receivedAt}>{fmt.dateTime(l.sentAt ?? l.receivedAt)}</time>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          {next && (
            <button type="button" onClick={() => void more()}>
              {t('mail.more')}
            </button>
          )}
        </div>
        <div className="reading">{open ? <LetterView id={open} onChanged={loadFolders} /> : <EmptyState title={t('mail.selectLetter')} />}</div>
      </div>
    </Screen>
  );
}
