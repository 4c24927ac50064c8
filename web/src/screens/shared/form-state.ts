/** Flat form values keyed by the API's field paths ("applicant.iin"), and field errors by the same names. */
import { useState } from 'react';
import { ApiError, fieldText } from '../../api/client.ts';

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

export function toNested(values: Values, prefix?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, raw] of Object.entries(values)) {
    if (prefix && !path.startsWith(prefix)) continue;
    const v = raw.trim();
    if (v === '') continue;
    const parts = path.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]] = v;
  }
  return out;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;

/** Server field errors, translated, by field name (a name the form lacks goes under ""). */
export function serverFieldErrors(err: unknown, known: string[]): Errors {
  const out: Errors = {};
  if (!(err instanceof ApiError)) return out;
  for (const f of err.fields) {
    const name = f.name.replace(/^body\./, '');
    const key = known.includes(name) ? name : '';
    out[key] = out[key] ? `${out[key]} ${fieldText(f)}` : fieldText(f);
  }
  return out;
}

export function useForm(initial: Values) {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const bind = (name: string) => ({
    id: fieldId(name),
    name,
    value: values[name] ?? '',
    error: errors[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return { values, setValues, errors, setErrors, bind };
}
