/** The list of problems at the top of a form, each linking to its field; takes focus when shown. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId, type Errors } from '../screens/shared/form-state.ts';

export function ErrorSummary({ errors, general, labels }: { errors: Errors; general?: string; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors).filter(([, v]) => v);
  const show = entries.length > 0 || Boolean(general);
  useEffect(() => {
    if (show) ref.current?.focus();
  }, [show, general, entries.length]);
  if (!show) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      {general && <p>{general}</p>}
      {entries.length > 0 && (
        <ul>
          {entries.map(([name, message]) => (
            <li key={name || 'general'}>
              {name && labels[name] ? (
                <a href={`#${fieldId(name)}`}>
                  {labels[name]}: {message}
                </a>
              ) : (
                message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
