/** Messages, progress, empty states, placeholders and confirmation before destructive actions. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'error' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Progress({ label, value }: { label: string; value?: number }) {
  return (
    <div className="progress">
      <span>{label}</span>
      <progress aria-label={label} max={1} value={value} />
    </div>
  );
}

export function Busy({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="busy" role="status" aria-live="polite">
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** Shown where the server does not offer an operation yet: says so, in the user's language. */
export function Placeholder({ what, operations }: { what: string; operations?: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="placeholder" role="note">
      <p className="placeholder-title">{t('placeholder.title')}</p>
      <p>{t('placeholder.body', { what })}</p>
      {operations && operations.length > 0 && (
        <p className="hint">
          {t('placeholder.operations')} <code>{operations.join(', ')}</code>
        </p>
      )}
    </div>
  );
}

/** A modal confirmation (native <dialog>: focus stays inside, Escape cancels). */
export function ConfirmDialog({ open, title, body, confirmLabel, onConfirm, onCancel }: { open: boolean; title: string; body: string; confirmLabel: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onCancel={onCancel} className="dialog">
      <h2 id="confirm-title">{title}</h2>
      <p>{body}</p>
      <div className="actions">
        <button type="button" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
