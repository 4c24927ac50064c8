/**
 * The registry of postal addresses for letters addressed by IIN/BIN alone (MB-7): the state
 * registry's registered address of the person (GBD FL) or organisation (GBD UL), with the
 * registry's name of the recipient, as a KzAddress for the cover page. The registry states the
 * region as text ("Карагандинская область", "г. Астана", "Алматы облысы") or as our code; it is
 * mapped to the region code where it names one, else kept as given so that address validation
 * refuses it naming the field. Nothing is guessed: a missing part stays missing.
 */
import { validateIinOrBin } from '../../domain/iin-bin.ts';
import type { RegisteredAddress, StateRegistry } from '../identity/state-registry.ts';
import type { KzAddress } from './address.ts';
import type { AddressRegistry } from './ports.ts';
import { isKzRegion, KZ_REGIONS, type KzRegion } from './regions.ts';

/** Lower case, no punctuation, city markers dropped ("г. Алматы", "Алматы қ." → "алматы"); "обл." spelled out. */
function fold(s: string): string {
  return s.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/[.,«»"()]/g, ' ').split(/\s+/).filter(Boolean)
    .filter((w) => !['г', 'город', 'қ', 'қала', 'қаласы'].includes(w))
    .map((w) => (w === 'обл' ? 'область' : w))
    .join(' ');
}

const BY_NAME = new Map<string, KzRegion>();
for (const [code, names] of Object.entries(KZ_REGIONS) as [KzRegion, { kk: string; ru: string }][]) {
  BY_NAME.set(fold(names.kk), code);
  BY_NAME.set(fold(names.ru), code);
  BY_NAME.set(fold(names.ru.replace(/^область (.+)$/, '$1 область')), code); // "область Абай" also written "Абай область"
}

/** The region code for the registry's region text, if it names one. */
export function regionFromRegistry(text: string): KzRegion | undefined {
  const t = text.trim();
  if (isKzRegion(t)) return t;
  return BY_NAME.get(fold(t));
}

export function toKzAddress(recipientName: string, a: RegisteredAddress): KzAddress {
  const region = a.region === undefined ? undefined : (regionFromRegistry(a.region) ?? a.region);
  const out: Record<string, string> = { recipientName };
  for (const [k, v] of Object.entries({ region, locality: a.locality, street: a.street, house: a.house, apartment: a.apartment, postcode: a.postcode })) {
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as KzAddress;
}

export function stateRegistryAddresses(registry: () => StateRegistry): AddressRegistry {
  return {
    async postalAddressOf(idNumber) {
      const v = validateIinOrBin(idNumber);
      if (!v.ok) return null;
      if (v.kind === 'iin') {
        const p = await registry().findPerson(idNumber);
        if (!p?.postalAddress || p.status !== 'active') return null;
        return toKzAddress([p.surname, p.name, p.patronymic].filter(Boolean).join(' '), p.postalAddress);
      }
      const o = await registry().findOrganisation(idNumber);
      if (!o?.postalAddress || o.status !== 'active') return null;
      return toKzAddress(o.name, o.postalAddress);
    },
  };
}
