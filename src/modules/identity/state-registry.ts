/**
 * The state registry (MB-13): the state databases of individuals (GBD FL) and legal entities
 * (GBD UL) that confirm an applicant's data. Two adapters behind this interface: the demo
 * registry file (demo mode) and the e-government gateway client (production).
 */
import { AppError } from '../../shared/errors.ts';

/**
 * The registered postal address as the registry states it (registration address of a person,
 * legal address of an organisation). Parts the registry leaves out are absent; the region is the
 * registry's own text (a name or a code), mapped by whoever prints it.
 */
export interface RegisteredAddress {
  region?: string;
  locality?: string;
  street?: string;
  house?: string;
  apartment?: string;
  postcode?: string;
}

export interface PersonRecord {
  iin: string;
  surname: string;
  name: string;
  patronymic?: string;
  birthDate?: string;
  /** `deceased` persons cannot apply. */
  status: 'active' | 'deceased';
  /** Registered (propiska) address, where the registry states one. */
  postalAddress?: RegisteredAddress;
}

export interface OrganisationRecord {
  bin: string;
  name: string;
  /** State-registration certificate number, issuer and date, where the registry states them. */
  registrationNumber?: string;
  registrationIssuer?: string;
  registrationDate?: string;
  /** IIN of the first head, where stated. */
  headIin?: string;
  status: 'active' | 'liquidated';
  /** Legal address, where the registry states one. */
  postalAddress?: RegisteredAddress;
}

export interface StateRegistry {
  readonly kind: 'demo-file' | 'egov-gateway' | 'memory';
  /** null when the registry has no such person; throws REGISTRY_UNAVAILABLE when it cannot answer. */
  findPerson(iin: string): Promise<PersonRecord | null>;
  findOrganisation(bin: string): Promise<OrganisationRecord | null>;
}

export function registryUnavailable(detail: string, cause?: unknown): AppError {
  return new AppError('REGISTRY_UNAVAILABLE', { detail, cause });
}

/** A registry held in memory (tests, and the base of the demo file adapter). */
export function memoryRegistry(persons: PersonRecord[], organisations: OrganisationRecord[], kind: StateRegistry['kind'] = 'memory'): StateRegistry {
  const p = new Map(persons.map((x) => [x.iin, x]));
  const o = new Map(organisations.map((x) => [x.bin, x]));
  return {
    kind,
    findPerson: async (iin) => p.get(iin) ?? null,
    findOrganisation: async (bin) => o.get(bin) ?? null,
  };
}
