/** Form controls with their labels, hints and errors wired for screen readers. */
import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

interface Common {
  label: string;
  error?: string;
  hint?: string;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Extras({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function TextField({ label, error, hint, id: given, className, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {input.required && <span aria-hidden="true"> *</span>}
      </label>
      {input.type === 'date' ? (
        <DateInput id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      ) : (
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      )}
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * The native date input (keyboard, screen readers and the calendar stay the browser's), but its
 * empty "mm/dd/yyyy" text — in the browser's language, not the user's — is covered by the date
 * format in the chosen language.
 */
function DateInput(input: InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useTranslation();
  const empty = !input.value;
  return (
    <span className="date-input">
      <input {...input} data-empty={empty ? 'true' : 'false'} />
      {empty && (
        <span className="date-format" aria-hidden="true">
          {t('fields.dateFormat')}
        </span>
      )}
    </span>
  );
}

/**
 * A file chooser whose visible text is ours ("Choose a file", the chosen names or "No file
 * chosen", in the user's language) instead of the browser's. The native input stays in the page
 * (visually hidden, focusable, named by the field's label) and the styled label opens it.
 */
export function FileField({ label, error, hint, id, required, onFiles, multiple, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> & { id: string; onFiles(files: File[]): void }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[]>([]);
  return (
    <div className={`field file-field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id} id={`${id}-label`}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <span className="file-picker">
        <input
          id={id}
          type="file"
          className="visually-hidden file-native"
          multiple={multiple}
          aria-labelledby={`${id}-label ${id}-chosen`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            setNames(files.map((f) => f.name));
            onFiles(files);
          }}
          {...input}
        />
        <label htmlFor={id} className="button secondary file-button" aria-hidden="true">
          {t(multiple ? 'fields.chooseFiles' : 'fields.chooseFile')}
        </label>
        <span className="file-chosen" id={`${id}-chosen`}>
          {names.length === 0 ? t('fields.noFile') : names.length === 1 ? names[0] : t('fields.filesChosen', { count: names.length })}
        </span>
      </span>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextArea({ label, error, hint, id: given, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {input.required && <span aria-hidden="true"> *</span>}
      </label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...input} />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({ label, error, hint, id: given, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {children}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckboxField({ label, error, id: given, ...input }: Omit<Common, 'hint'> & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field checkbox ${error ? 'has-error' : ''}`}>
      <input type="checkbox" id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
