/**
 * The application form of the regulation's appendix (MB-4), for the online document and the
 * counter alike. Individual: full name, IIN, identity document, residential address, home and
 * mobile phones, requested user name. Legal entity: full name, BIN, state-registration
 * certificate number/issuer/date, legal and actual address, work and mobile phones, requested
 * user name. Validation collects every field error at once, with the field's path as its name.
 */
import { fieldError, type FieldError } from '../../shared/errors.ts';
import { validateBin, validateIin } from '../../domain/iin-bin.ts';
import { field } from './field-errors.ts';
import { checkLogin, normaliseLogin } from './login-rules.ts';

export interface IdentityDocument {
  number: string;
  issuedBy?: string;
  issuedOn?: string;
}

export interface IndividualApplicant {
  kind: 'individual';
  fullName: string;
  iin: string;
  identityDocument: IdentityDocument;
  residentialAddress: string;
  homePhone?: string;
  mobilePhone: string;
}

export interface LegalEntityApplicant {
  kind: 'legal_entity';
  fullName: string;
  bin: string;
  stateRegistration: { number: string; issuedBy: string; date: string };
  legalAddress: string;
  actualAddress: string;
  workPhone: string;
  mobilePhone?: string;
}

export type Applicant = IndividualApplicant | LegalEntityApplicant;

export interface ApplicationForm {
  applicant: Applicant;
  login: string;
}

type Loose = Record<string, unknown>;
const PHONE_RE = /^\+?[0-9][0-9 ()-]{5,19}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const TEXTS = {
  text: { kk: 'Мәтін 1–300 таңба болуы керек', ru: 'Текст должен быть от 1 до 300 символов', en: 'Text of 1–300 characters is expected' },
  phone: { kk: 'Телефон нөмірі қате', ru: 'Неверный номер телефона', en: 'Not a telephone number' },
  date: { kk: 'Күн ЖЖЖЖ-АА-КК пішімінде болуы керек', ru: 'Дата должна быть в формате ГГГГ-ММ-ДД', en: 'A date YYYY-MM-DD is expected' },
  kind: { kk: 'Өтініш берушінің түрі: individual немесе legal_entity', ru: 'Тип заявителя: individual или legal_entity', en: 'Applicant kind: individual or legal_entity' },
};

class Collector {
  readonly errors: FieldError[] = [];
  text(o: Loose, key: string, path: string, required = true, max = 300): string | undefined {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) this.errors.push(field(path, 'required'));
      return undefined;
    }
    if (typeof v !== 'string' || v.trim().length === 0 || v.length > max) {
      this.errors.push(fieldError(path, 'invalid', TEXTS.text));
      return undefined;
    }
    return v.trim().replace(/\s+/g, ' ');
  }
  phone(o: Loose, key: string, path: string, required: boolean): string | undefined {
    const v = this.text(o, key, path, required, 32);
    if (v !== undefined && !PHONE_RE.test(v)) {
      this.errors.push(fieldError(path, 'format', TEXTS.phone));
      return undefined;
    }
    return v;
  }
  date(o: Loose, key: string, path: string, required: boolean): string | undefined {
    const v = this.text(o, key, path, required, 10);
    if (v !== undefined && (!DATE_RE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      this.errors.push(fieldError(path, 'format', TEXTS.date));
      return undefined;
    }
    return v;
  }
  obj(o: Loose, key: string, path: string): Loose {
    const v = o[key];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Loose;
    this.errors.push(field(path, 'required'));
    return {};
  }
}

/** Reads and checks the form; IIN/BIN must pass the checksum (MB-13). */
export function validateApplicationForm(input: Loose, now = new Date()): { form?: ApplicationForm; errors: FieldError[] } {
  const c = new Collector();
  const a = c.obj(input, 'applicant', 'applicant');
  const rawLogin = c.text(input, 'login', 'login', true, 128);
  const login = rawLogin === undefined ? undefined : normaliseLogin(rawLogin);
  if (login !== undefined) {
    const e = checkLogin(login);
    if (e) c.errors.push(e);
  }
  let applicant: Applicant | undefined;
  if (a.kind === 'individual') {
    const iin = c.text(a, 'iin', 'applicant.iin', true, 12);
    if (iin !== undefined) {
      const r = validateIin(iin, { now });
      if (!r.ok) c.errors.push(fieldError('applicant.iin', r.rule, r.message));
    }
    const doc = c.obj(a, 'identityDocument', 'applicant.identityDocument');
    applicant = {
      kind: 'individual',
      fullName: c.text(a, 'fullName', 'applicant.fullName') ?? '',
      iin: iin ?? '',
      identityDocument: {
        number: c.text(doc, 'number', 'applicant.identityDocument.number', true, 64) ?? '',
        issuedBy: c.text(doc, 'issuedBy', 'applicant.identityDocument.issuedBy', false),
        issuedOn: c.date(doc, 'issuedOn', 'applicant.identityDocument.issuedOn', false),
      },
      residentialAddress: c.text(a, 'residentialAddress', 'applicant.residentialAddress') ?? '',
      homePhone: c.phone(a, 'homePhone', 'applicant.homePhone', false),
      mobilePhone: c.phone(a, 'mobilePhone', 'applicant.mobilePhone', true) ?? '',
    };
  } else if (a.kind === 'legal_entity') {
    const bin = c.text(a, 'bin', 'applicant.bin', true, 12);
    if (bin !== undefined) {
      const r = validateBin(bin);
      if (!r.ok) c.errors.push(fieldError('applicant.bin', r.rule, r.message));
    }
    const reg = c.obj(a, 'stateRegistration', 'applicant.stateRegistration');
    applicant = {
      kind: 'legal_entity',
      fullName: c.text(a, 'fullName', 'applicant.fullName') ?? '',
      bin: bin ?? '',
      stateRegistration: {
        number: c.text(reg, 'number', 'applicant.stateRegistration.number', true, 64) ?? '',
        issuedBy: c.text(reg, 'issuedBy', 'applicant.stateRegistration.issuedBy') ?? '',
        date: c.date(reg, 'date', 'applicant.stateRegistration.date', true) ?? '',
      },
      legalAddress: c.text(a, 'legalAddress', 'applicant.legalAddress') ?? '',
      actualAddress: c.text(a, 'actualAddress', 'applicant.actualAddress') ?? '',
      workPhone: c.phone(a, 'workPhone', 'applicant.workPhone', true) ?? '',
      mobilePhone: c.phone(a, 'mobilePhone', 'applicant.mobilePhone', false),
    };
  } else {
    c.errors.push(fieldError('applicant.kind', 'invalid', TEXTS.kind));
  }
  if (c.errors.length > 0 || !applicant || login === undefined) return { errors: c.errors };
  return { form: { applicant: stripUndefined(applicant) as Applicant, login }, errors: [] };
}

function stripUndefined<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** JSON schema of the applicant object, for OpenAPI (the service re-checks everything). */
export const applicantJsonSchema = {
  type: 'object',
  required: ['kind', 'fullName'],
  properties: {
    kind: { type: 'string', enum: ['individual', 'legal_entity'] },
    fullName: { type: 'string', maxLength: 300 },
    iin: { type: 'string', pattern: '^[0-9]{12}$', description: 'individual' },
    identityDocument: {
      type: 'object',
      properties: { number: { type: 'string' }, issuedBy: { type: 'string' }, issuedOn: { type: 'string', format: 'date' } },
    },
    residentialAddress: { type: 'string' },
    homePhone: { type: 'string' },
    mobilePhone: { type: 'string' },
    bin: { type: 'string', pattern: '^[0-9]{12}$', description: 'legal entity' },
    stateRegistration: {
      type: 'object',
      properties: { number: { type: 'string' }, issuedBy: { type: 'string' }, date: { type: 'string', format: 'date' } },
    },
    legalAddress: { type: 'string' },
    actualAddress: { type: 'string' },
    workPhone: { type: 'string' },
  },
} as const;

export function displayNameOf(a: Applicant): string {
  return a.fullName;
}
