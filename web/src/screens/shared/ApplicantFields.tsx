/**
 * The application form of the regulation's appendix (MB-4): the individual's and the legal
 * entity's fields, used online (registration) and at the counter.
 */
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/fields.tsx';
import type { Errors, Values } from './form-state.ts';

export type ApplicantKind = 'individual' | 'legal_entity';

interface FieldSpec {
  name: string;
  label: string;
  required?: boolean;
  type?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'text';
  hint?: string;
  maxLength?: number;
}

export function applicantFields(kind: ApplicantKind, t: (k: string) => string): FieldSpec[] {
  if (kind === 'individual') {
    return [
      { name: 'applicant.fullName', label: t('applicant.fullName'), required: true, autoComplete: 'name' },
      { name: 'applicant.iin', label: t('applicant.iin'), required: true, inputMode: 'numeric', maxLength: 12, hint: t('applicant.iinHint') },
      { name: 'applicant.identityDocument.number', label: t('applicant.idNumber'), required: true },
      { name: 'applicant.identityDocument.issuedBy', label: t('applicant.idIssuedBy') },
      { name: 'applicant.identityDocument.issuedOn', label: t('applicant.idIssuedOn'), type: 'date' },
      { name: 'applicant.residentialAddress', label: t('applicant.residentialAddress'), required: true, autoComplete: 'street-address' },
      { name: 'applicant.homePhone', label: t('applicant.homePhone'), type: 'tel', autoComplete: 'tel' },
      { name: 'applicant.mobilePhone', label: t('applicant.mobilePhone'), required: true, type: 'tel', autoComplete: 'tel', hint: t('applicant.phoneHint') },
    ];
  }
  return [
    { name: 'applicant.fullName', label: t('applicant.orgName'), required: true, autoComplete: 'organization' },
    { name: 'applicant.bin', label: t('applicant.bin'), required: true, inputMode: 'numeric', maxLength: 12, hint: t('applicant.binHint') },
    { name: 'applicant.stateRegistration.number', label: t('applicant.regNumber'), required: true },
    { name: 'applicant.stateRegistration.issuedBy', label: t('applicant.regIssuedBy'), required: true },
    { name: 'applicant.stateRegistration.date', label: t('applicant.regDate'), required: true, type: 'date' },
    { name: 'applicant.legalAddress', label: t('applicant.legalAddress'), required: true },
    { name: 'applicant.actualAddress', label: t('applicant.actualAddress'), required: true },
    { name: 'applicant.workPhone', label: t('applicant.workPhone'), required: true, type: 'tel', hint: t('applicant.phoneHint') },
    { name: 'applicant.mobilePhone', label: t('applicant.mobilePhone'), type: 'tel' },
  ];
}

const PHONE_RE = /^\+?[0-9][0-9 ()-]{5,19}$/;

/** The checks the browser can make before anything is sent (the server checks everything again). */
export function validateApplicant(kind: ApplicantKind, values: Values, t: (k: string) => string): Errors {
  const errors: Errors = {};
  for (const f of applicantFields(kind, t)) {
    const v = (values[f.name] ?? '').trim();
    if (!v) {
      if (f.required) errors[f.name] = t('errors.fields.required');
      continue;
    }
    if ((f.name === 'applicant.iin' || f.name === 'applicant.bin') && !/^\d{12}$/.test(v)) errors[f.name] = t('errors.fields.twelve_digits');
    if (f.type === 'tel' && !PHONE_RE.test(v)) errors[f.name] = t('errors.fields.phone');
  }
  return errors;
}

export function ApplicantFields({ kind, bind, errors }: { kind: ApplicantKind; bind: (n: string) => { id: string; name: string; value: string; onChange(e: { target: { value: string } }): void }; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend>{t(kind === 'individual' ? 'applicant.individualLegend' : 'applicant.legalLegend')}</legend>
      <div className="grid">
        {applicantFields(kind, t).map((f) => (
          <TextField
            key={f.name}
            {...bind(f.name)}
            error={errors[f.name]}
            label={f.label}
            required={f.required}
            type={f.type ?? 'text'}
            autoComplete={f.autoComplete}
            inputMode={f.inputMode}
            maxLength={f.maxLength}
            hint={f.hint}
          />
        ))}
      </div>
    </fieldset>
  );
}
