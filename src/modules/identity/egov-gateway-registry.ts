/**
 * The e-government gateway client (production state registry, MB-13). It speaks the gateway's
 * synchronous SOAP channel: `SendMessage` whose `request` carries a `requestInfo` (messageId,
 * serviceId such as `GBDFL_UniversalServiceSync` / `GBDUL_UniversalServiceSync`, messageDate,
 * sender credentials) and a `requestData` with the IIN or BIN asked about. The answer's
 * `responseInfo.status.code` says whether the call succeeded; `responseData.data` holds the
 * record (none = not found). A SOAP Fault, an HTTP error, a timeout or an unreadable answer is
 * REGISTRY_UNAVAILABLE: the applicant is told to try later, never refused on it.
 *
 * The registered postal address (a person's registration address, an organisation's legal
 * address) is read from the record's address node (`regAddress`, `legalAddress`, `address` …);
 * its parts may be text or a reference-book node (`<district><code/><nameRu/><nameKz/></district>`),
 * whose Kazakh or Russian name is taken. In GBD FL the oblast is `district` and the raion `region`.
 */
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { registryUnavailable, type OrganisationRecord, type PersonRecord, type RegisteredAddress, type StateRegistry } from './state-registry.ts';

export interface EgovGatewayOptions {
  url: string;
  senderId: string;
  password: string;
  personServiceId?: string;
  organisationServiceId?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const SYNC_CHANNEL_NS = 'http://bip.bee.kz/SyncChannel/v10/Types';
const SUCCESS_CODES = new Set(['SCSS001', 'SUCCESS', '0', 'OK']);
const NOT_FOUND_CODES = new Set(['NOT_FOUND', 'NO_DATA', 'SCSS002']);

const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);

export function sendMessageEnvelope(o: { messageId: string; serviceId: string; messageDate: string; senderId: string; password: string; data: Record<string, string> }): string {
  const data = Object.entries(o.data).map(([k, v]) => `<${k}>${esc(v)}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
<soap:Body>
<ns2:SendMessage xmlns:ns2="${SYNC_CHANNEL_NS}">
<request>
<requestInfo><messageId>${esc(o.messageId)}</messageId><serviceId>${esc(o.serviceId)}</serviceId><messageDate>${esc(o.messageDate)}</messageDate><sender><senderId>${esc(o.senderId)}</senderId><password>${esc(o.password)}</password></sender></requestInfo>
<requestData><data>${data}</data></requestData>
</request>
</ns2:SendMessage>
</soap:Body>
</soap:Envelope>`;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

type Node = Record<string, unknown>;

/** First value of any of `names` found in `node` or below it (registries nest records differently). */
function pick(node: unknown, names: string[], depth = 0): string | undefined {
  if (!node || typeof node !== 'object' || depth > 8) return undefined;
  const n = node as Node;
  for (const name of names) {
    const v = n[name];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  for (const v of Object.values(n)) {
    const found = pick(Array.isArray(v) ? v[0] : v, names, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A part's text: a plain value, or a reference-book node's name (Russian, Kazakh, plain) or code. */
function partText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const n = v as Node;
    for (const k of ['nameRu', 'nameKz', 'name', 'value', 'code']) {
      const t = partText(n[k]);
      if (t) return t;
    }
  }
  return undefined;
}

const ADDRESS_NODES = ['regAddress', 'registrationAddress', 'legalAddress', 'juridicalAddress', 'postalAddress', 'address'];
const ADDRESS_PARTS: Record<keyof RegisteredAddress, string[]> = {
  region: ['oblast', 'district', 'regionName'],
  locality: ['city', 'locality', 'settlement', 'town'],
  street: ['street', 'streetName'],
  house: ['building', 'house', 'houseNumber'],
  apartment: ['flat', 'apartment', 'office'],
  postcode: ['postIndex', 'postcode', 'postalCode', 'postCode', 'index'],
};

/** The record's registered address, if it has an address node with any known part. */
export function registeredAddress(record: Node): RegisteredAddress | undefined {
  let node: Node | undefined;
  const find = (n: unknown, depth: number): void => {
    if (node || !n || typeof n !== 'object' || depth > 6) return;
    for (const name of ADDRESS_NODES) {
      const v = (n as Node)[name];
      const candidate = Array.isArray(v) ? v[0] : v;
      if (candidate && typeof candidate === 'object') { node = candidate as Node; return; }
    }
    for (const v of Object.values(n as Node)) find(Array.isArray(v) ? v[0] : v, depth + 1);
  };
  find(record, 0);
  if (!node) return undefined;
  const out: RegisteredAddress = {};
  for (const [part, names] of Object.entries(ADDRESS_PARTS) as [keyof RegisteredAddress, string[]][]) {
    for (const name of names) {
      const t = partText(node[name]);
      if (t) { out[part] = t; break; }
    }
  }
  // A `region` beside a `district` is a raion (GBD FL); alone it is the region itself.
  if (!out.region) { const r = partText(node.region); if (r) out.region = r; }
  return Object.keys(out).length ? out : undefined;
}

export function egovGatewayRegistry(o: EgovGatewayOptions): StateRegistry {
  const doFetch = o.fetch ?? fetch;
  async function call(serviceId: string, data: Record<string, string>): Promise<Node | null> {
    const messageId = randomUUID();
    const body = sendMessageEnvelope({ messageId, serviceId, messageDate: new Date().toISOString(), senderId: o.senderId, password: o.password, data });
    let text: string;
    try {
      const res = await doFetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${SYNC_CHANNEL_NS}/SendMessage"` },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      text = await res.text();
      if (!res.ok && !text.includes('Fault')) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      throw registryUnavailable(`e-gov gateway ${serviceId}: ${(err as Error).message}`, err);
    }
    let doc: Node;
    try {
      doc = parser.parse(text) as Node;
    } catch (err) {
      throw registryUnavailable(`e-gov gateway ${serviceId}: unreadable answer`, err);
    }
    const bodyNode = ((doc.Envelope as Node | undefined)?.Body ?? {}) as Node;
    if (bodyNode.Fault) throw registryUnavailable(`e-gov gateway ${serviceId}: SOAP fault ${pick(bodyNode.Fault, ['faultstring', 'faultcode']) ?? ''}`);
    const response = ((bodyNode.SendMessageResponse as Node | undefined)?.response ?? undefined) as Node | undefined;
    if (!response) throw registryUnavailable(`e-gov gateway ${serviceId}: no SendMessageResponse`);
    const code = pick((response.responseInfo as Node | undefined)?.status, ['code']) ?? '';
    if (NOT_FOUND_CODES.has(code)) return null;
    if (!SUCCESS_CODES.has(code)) throw registryUnavailable(`e-gov gateway ${serviceId}: status ${code}`);
    const data2 = (response.responseData as Node | undefined)?.data;
    return data2 && typeof data2 === 'object' ? (data2 as Node) : null;
  }

  return {
    kind: 'egov-gateway',
    async findPerson(iin) {
      const d = await call(o.personServiceId ?? 'GBDFL_UniversalServiceSync', { iin });
      if (!d || pick(d, ['iin']) !== iin) return null;
      const deceased = pick(d, ['deathDate', 'deathdate']) !== undefined || /^(deceased|dead|died)$/i.test(pick(d, ['status', 'personStatus']) ?? '');
      const person: PersonRecord = {
        iin,
        surname: pick(d, ['surname', 'lastName', 'lastname']) ?? '',
        name: pick(d, ['name', 'firstName', 'firstname']) ?? '',
        patronymic: pick(d, ['patronymic', 'middleName', 'middlename']),
        birthDate: pick(d, ['birthDate', 'birthdate']),
        status: deceased ? 'deceased' : 'active',
      };
      const address = registeredAddress(d);
      if (address) person.postalAddress = address;
      return person;
    },
    async findOrganisation(bin) {
      const d = await call(o.organisationServiceId ?? 'GBDUL_UniversalServiceSync', { bin });
      if (!d || pick(d, ['bin']) !== bin) return null;
      const org: OrganisationRecord = {
        bin,
        name: pick(d, ['fullName', 'fullNameRu', 'nameRu', 'name']) ?? '',
        registrationNumber: pick(d, ['registrationNumber', 'regNumber']),
        registrationIssuer: pick(d, ['registrationIssuer', 'regOrgan']),
        registrationDate: pick(d, ['registrationDate', 'regDate']),
        headIin: pick(d, ['headIin', 'firstHeadIin']),
        status: /liquidat|ликвид/i.test(pick(d, ['status', 'statusCode']) ?? '') ? 'liquidated' : 'active',
      };
      const address = registeredAddress(d);
      if (address) org.postalAddress = address;
      return org;
    },
  };
}
