/**
 * Confirms an application's data against the state registry (MB-13). A mismatch is a
 * motivated refusal naming the field (REGISTRY_MISMATCH); a registry that cannot answer is
 * REGISTRY_UNAVAILABLE ("try later"), thrown by the adapter.
 */
import type { FieldError } from '../../shared/errors.ts';
import type { StateRegistry } from '../identity/state-registry.ts';
import type { Applicant } from './application-form.ts';
import { field, refuse } from './field-errors.ts';

/** Upper case, ё→е, quotes and repeated spaces dropped: how names are compared. */
export function normaliseName(s: string): string {
  return s
    .toUpperCase()
    .replace(/Ё/g, 'Е')
    .replace(/["'«»“”„`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export async function confirmWithRegistry(registry: StateRegistry, applicant: Applicant): Promise<void> {
  const fields: FieldError[] = [];
  if (applicant.kind === 'individual') {
    const person = await registry.findPerson(applicant.iin);
    if (!person) throw refuse('REGISTRY_MISMATCH', [field('applicant.iin', 'registry_not_found', 'not_found')]);
    if (person.status !== 'active') throw refuse('REGISTRY_MISMATCH', [field('applicant.iin', 'registry_inactive', 'inactive')]);
    const registered = normaliseName([person.surname, person.name, person.patronymic ?? ''].join(' '));
    if (normaliseName(applicant.fullName) !== registered) fields.push(field('applicant.fullName', 'registry_mismatch', 'mismatch'));
  } else {
    const org = await registry.findOrganisation(applicant.bin);
    if (!org) throw refuse('REGISTRY_MISMATCH', [field('applicant.bin', 'registry_not_found', 'not_found')]);
    if (org.status !== 'active') throw refuse('REGISTRY_MISMATCH', [field('applicant.bin', 'registry_inactive', 'inactive')]);
    if (normaliseName(applicant.fullName) !== normaliseName(org.name)) fields.push(field('applicant.fullName', 'registry_mismatch', 'mismatch'));
    const reg = applicant.stateRegistration;
    if (org.registrationNumber && normaliseName(org.registrationNumber) !== normaliseName(reg.number)) fields.push(field('applicant.stateRegistration.number', 'registry_mismatch', 'mismatch'));
    if (org.registrationDate && org.registrationDate.slice(0, 10) !== reg.date) fields.push(field('applicant.stateRegistration.date', 'registry_mismatch', 'mismatch'));
  }
  if (fields.length > 0) throw refuse('REGISTRY_MISMATCH', fields);
}
