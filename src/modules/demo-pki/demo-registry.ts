/**
 * The demo state registry (demo mode only, MB-13): `<dataDir>/demo-registry.json`, holding the
 * demo persons and organisations that registration confirms applicants against. `jashik ca
 * init` seeds it; `jashik ca issue` adds each certificate's holder (and organisation, with the
 * holder's role), so a demo certificate can register at once.
 *
 * Shape (what src/modules/identity/demo-file-registry.ts reads):
 *   {"version":1,
 *    "persons":[{"iin","surname","name","patronymic"?,"birthDate"?,"status","postalAddress"?}],
 *    "organisations":[{"bin","name","registrationNumber"?,"registrationDate"?,"headIin"?,"status","postalAddress"?,
 *                      "members":[{"iin","role":"head"|"signatory"|"employee"}]}]}
 *   postalAddress: {"region" (a region code or name),"locality","street","house","apartment"?,"postcode"}
 *   — hybrid mail prints letters addressed by IIN/BIN there. One seed person (Жақсылықов) has
 *   none on purpose: letters to him by IIN need an explicit address.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeBin, makeIin, validateIin, type Sex } from '../../domain/iin-bin.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { writeFileAtomic } from './demo-files.ts';
import type { OrganisationRecord, PersonRecord, RegisteredAddress } from '../identity/state-registry.ts';

export const DEMO_REGISTRY_FILE = 'demo-registry.json';

export type DemoRole = 'head' | 'signatory' | 'employee';

/** A demo person holds what the state registry answers of a person. */
export type DemoPerson = PersonRecord;

/** A demo organisation: what the registry answers (no registration issuer), and its members with their roles. */
export interface DemoOrganisation extends Omit<OrganisationRecord, 'registrationIssuer'> {
  members: { iin: string; role: DemoRole }[];
}

export interface DemoRegistryData {
  version: 1;
  persons: DemoPerson[];
  organisations: DemoOrganisation[];
}

export interface DemoRegistry extends DemoRegistryData {
  lookupPerson(iin: string): DemoPerson | undefined;
  lookupOrganisation(bin: string): DemoOrganisation | undefined;
}

export const demoRegistryPath = (dataDir: string) => path.join(dataDir, DEMO_REGISTRY_FILE);

function withLookups(d: DemoRegistryData): DemoRegistry {
  return {
    ...d,
    lookupPerson: (iin) => d.persons.find((p) => p.iin === iin),
    lookupOrganisation: (bin) => d.organisations.find((o) => o.bin === bin),
  };
}

/** The demo registry; empty when the file does not exist yet (before `jashik ca init`). */
export async function readDemoRegistry(dataDir: string): Promise<DemoRegistry> {
  let text: string;
  try {
    text = await readFile(demoRegistryPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return withLookups({ version: 1, persons: [], organisations: [] });
    throw err;
  }
  const raw = JSON.parse(text) as Partial<DemoRegistryData>;
  return withLookups({
    version: 1,
    persons: raw.persons ?? [],
    organisations: (raw.organisations ?? []).map((o) => ({ ...o, members: o.members ?? [] })),
  });
}

async function writeDemoRegistry(dataDir: string, d: DemoRegistryData): Promise<void> {
  const data: DemoRegistryData = { version: 1, persons: d.persons, organisations: d.organisations };
  await writeFileAtomic(demoRegistryPath(dataDir), `${JSON.stringify(data, null, 2)}\n`);
}

/** The first checksum-valid IIN from `serial` on (about 1 prefix in 121 has no check digit). */
function iin(birthDate: string, sex: Sex, serial: number): string {
  for (let s = serial; ; s++) {
    try {
      return makeIin(birthDate, sex, s);
    } catch {
      // no check digit for this prefix: next serial
    }
  }
}

function bin(year: number, month: number, serial: number): string {
  for (let s = serial; ; s++) {
    try {
      return makeBin(year, month, 4, 0, s);
    } catch {
      // next serial
    }
  }
}

const person = (surname: string, name: string, patronymic: string | undefined, birthDate: string, sex: Sex, serial: number, postalAddress?: RegisteredAddress): DemoPerson => ({
  iin: iin(birthDate, sex, serial), surname, name, ...(patronymic ? { patronymic } : {}), birthDate, status: 'active', ...(postalAddress ? { postalAddress } : {}),
});

/** Seed persons and organisations: Kazakh and Russian names, checksum-valid numbers. */
export function demoSeed(): DemoRegistryData {
  const persons = [
    person('Нұрланов', 'Асқар', 'Ерланұлы', '1985-03-14', 'male', 1201, { region: 'astana', locality: 'Астана', street: 'Қабанбай батыр даңғылы', house: '11', apartment: '45', postcode: '010000' }),
    person('Сейітқалиева', 'Әйгерім', 'Нұрланқызы', '1992-07-01', 'female', 2302, { region: 'almaty', locality: 'Алматы', street: 'Абай даңғылы', house: '150', apartment: '7', postcode: '050046' }),
    person('Иванов', 'Иван', 'Иванович', '1978-11-23', 'male', 3403, { region: 'karaganda', locality: 'Қарағанды', street: 'Бұқар жырау даңғылы', house: '49', apartment: '12', postcode: '100012' }),
    person('Петрова', 'Анна', 'Сергеевна', '1990-02-05', 'female', 4504, { region: 'pavlodar', locality: 'Павлодар', street: 'Кривенко көшесі', house: '25', postcode: '140000' }),
    person('Жақсылықов', 'Дәурен', undefined, '2001-09-30', 'male', 5605),
  ];
  const [askar, aigerim, ivan, anna, dauren] = persons;
  const organisations: DemoOrganisation[] = [
    {
      bin: bin(2015, 4, 12345), name: '«Демо Сауда» ЖШС', registrationNumber: '1234-1910-02-ТОО', registrationDate: '2015-04-20', headIin: askar.iin, status: 'active',
      postalAddress: { region: 'almaty', locality: 'Алматы', street: 'Төле би көшесі', house: '59', apartment: '301', postcode: '050000' },
      members: [{ iin: askar.iin, role: 'head' }, { iin: aigerim.iin, role: 'signatory' }, { iin: dauren.iin, role: 'employee' }],
    },
    {
      bin: bin(2008, 11, 2345), name: 'АО «Тест Логистика»', registrationNumber: '5678-1900-АО', registrationDate: '2008-11-03', headIin: ivan.iin, status: 'active',
      postalAddress: { region: 'shymkent', locality: 'Шымкент', street: 'Тәуке хан даңғылы', house: '5', postcode: '160000' },
      members: [{ iin: ivan.iin, role: 'head' }, { iin: anna.iin, role: 'employee' }],
    },
    {
      bin: bin(1999, 1, 777), name: 'ГУ «Демо акимат»', registrationDate: '1999-01-15', headIin: anna.iin, status: 'active',
      postalAddress: { region: 'akmola', locality: 'Көкшетау', street: 'Абай көшесі', house: '89', postcode: '020000' },
      members: [{ iin: anna.iin, role: 'head' }],
    },
  ];
  return { version: 1, persons, organisations };
}

/** Adds the seed persons and organisations that are not in the file yet. */
export async function seedDemoRegistry(dataDir: string): Promise<void> {
  const d = await readDemoRegistry(dataDir);
  const seed = demoSeed();
  for (const p of seed.persons) {
    const had = d.lookupPerson(p.iin);
    if (!had) d.persons.push(p);
    else if (!had.postalAddress && p.postalAddress) had.postalAddress = p.postalAddress; // files seeded before addresses existed
  }
  for (const o of seed.organisations) {
    const had = d.lookupOrganisation(o.bin);
    if (!had) d.organisations.push(o);
    else if (!had.postalAddress && o.postalAddress) had.postalAddress = o.postalAddress;
  }
  await writeDemoRegistry(dataDir, d);
}

export interface DemoHolder {
  iin: string;
  surname: string;
  name: string;
  patronymic?: string;
  organisation?: { bin: string; name: string; role: DemoRole };
}

const mismatch = (field: string, registered: string) =>
  new AppError('VALIDATION_FAILED', {
    detail: `${field} differs from the demo registry's "${registered}"`,
    fields: [fieldError(field, 'registry_mismatch', {
      kk: `Демо тізілімде бұл нөмір «${registered}» атымен тіркелген`,
      ru: `В демо-реестре этот номер записан как «${registered}»`,
      en: `The demo registry holds this number as "${registered}"`,
    })],
  });

const fold = (s: string) => s.normalize('NFC').toLocaleUpperCase('kk').replace(/\s+/g, ' ').trim();
const fullName = (p: { surname: string; name: string; patronymic?: string }) => [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');

/**
 * Checks `h` against the registry (a registered number must keep its registered name) and adds
 * what is new. Throws VALIDATION_FAILED naming the field on a mismatch; writes nothing then.
 */
export async function addDemoHolder(dataDir: string, h: DemoHolder): Promise<void> {
  const d = await readDemoRegistry(dataDir);
  const p = d.lookupPerson(h.iin);
  if (p && (fold(p.surname) !== fold(h.surname) || fold(p.name) !== fold(h.name) || (h.patronymic && p.patronymic && fold(p.patronymic) !== fold(h.patronymic)))) {
    throw mismatch('name', fullName(p));
  }
  const o = h.organisation ? d.lookupOrganisation(h.organisation.bin) : undefined;
  if (o && h.organisation && fold(o.name) !== fold(h.organisation.name)) throw mismatch('org', o.name);
  if (!p) {
    const v = validateIin(h.iin);
    d.persons.push({ iin: h.iin, surname: h.surname, name: h.name, ...(h.patronymic ? { patronymic: h.patronymic } : {}), ...(v.ok ? { birthDate: v.birthDate } : {}), status: 'active' });
  }
  if (h.organisation) {
    const { bin: b, name, role } = h.organisation;
    const org = o ?? { bin: b, name, status: 'active' as const, members: [] };
    if (!o) d.organisations.push(org);
    if (!org.members.some((m) => m.iin === h.iin && m.role === role)) org.members.push({ iin: h.iin, role });
    if (role === 'head' && !org.headIin) org.headIin = h.iin;
  }
  await writeDemoRegistry(dataDir, d);
}
