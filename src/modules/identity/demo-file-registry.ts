/**
 * The demo registry (demo mode only): a JSON file `<dataDir>/demo-registry.json` seeded with
 * demo persons and organisations; `jashik ca issue` adds the holder of each certificate it
 * issues, so a demo certificate can register at once. The file is re-read when it changes.
 *
 * Shape: {"persons":[{"iin","surname","name","patronymic"?,"birthDate"?,"status"?,"postalAddress"?}],
 *         "organisations":[{"bin","name","registrationNumber"?,"registrationIssuer"?,"registrationDate"?,"headIin"?,"status"?,"postalAddress"?}]}
 * postalAddress: {"region","locality","street","house","apartment"?,"postcode"} (any part may be missing).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { memoryRegistry, registryUnavailable, type OrganisationRecord, type PersonRecord, type RegisteredAddress, type StateRegistry } from './state-registry.ts';

export const DEMO_REGISTRY_FILE = 'demo-registry.json';

export interface DemoRegistryData {
  persons: PersonRecord[];
  organisations: OrganisationRecord[];
}

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The entry's postal address (`postalAddress`, or `address` as an object); absent parts left out. */
function postalAddress(e: Loose): RegisteredAddress | undefined {
  const a = (e.postalAddress ?? e.address) as Loose | undefined;
  if (!a || typeof a !== 'object') return undefined;
  const out: RegisteredAddress = {};
  for (const k of ['region', 'locality', 'street', 'house', 'apartment', 'postcode'] as const) {
    const v = str(a[k]) ?? (typeof a[k] === 'number' ? String(a[k]) : undefined);
    if (v) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Reads the file's persons and organisations, tolerating either spelling of the list names. */
export function parseDemoRegistry(json: unknown): DemoRegistryData {
  const root = (json ?? {}) as Loose;
  const persons = ((root.persons ?? root.people ?? []) as Loose[]).map((p) => ({
    iin: String(p.iin),
    surname: str(p.surname) ?? '',
    name: str(p.name) ?? str(p.givenName) ?? '',
    patronymic: str(p.patronymic),
    birthDate: str(p.birthDate),
    status: p.status === 'deceased' ? ('deceased' as const) : ('active' as const),
    ...(postalAddress(p) ? { postalAddress: postalAddress(p) } : {}),
  }));
  const organisations = ((root.organisations ?? root.organizations ?? []) as Loose[]).map((o) => ({
    bin: String(o.bin),
    name: str(o.name) ?? '',
    registrationNumber: str(o.registrationNumber),
    registrationIssuer: str(o.registrationIssuer),
    registrationDate: str(o.registrationDate),
    headIin: str(o.headIin),
    status: o.status === 'liquidated' ? ('liquidated' as const) : ('active' as const),
    ...(postalAddress(o) ? { postalAddress: postalAddress(o) } : {}),
  }));
  return { persons, organisations };
}

export function demoFileRegistry(dataDir: string, load?: () => Promise<DemoRegistryData>): StateRegistry {
  const file = path.join(dataDir, DEMO_REGISTRY_FILE);
  let cached: { stamp: number; registry: StateRegistry } | undefined;
  const current = async (): Promise<StateRegistry> => {
    if (load) {
      const d = await load();
      return memoryRegistry(d.persons, d.organisations, 'demo-file');
    }
    let stamp = 0;
    try {
      stamp = (await stat(file)).mtimeMs;
    } catch {
      return memoryRegistry([], [], 'demo-file'); // no file yet: nobody is registered
    }
    if (cached && cached.stamp === stamp) return cached.registry;
    try {
      const d = parseDemoRegistry(JSON.parse(await readFile(file, 'utf8')));
      cached = { stamp, registry: memoryRegistry(d.persons, d.organisations, 'demo-file') };
      return cached.registry;
    } catch (err) {
      throw registryUnavailable(`demo registry ${file} cannot be read: ${(err as Error).message}`, err);
    }
  };
  return {
    kind: 'demo-file',
    findPerson: async (iin) => (await current()).findPerson(iin),
    findOrganisation: async (bin) => (await current()).findOrganisation(bin),
  };
}
