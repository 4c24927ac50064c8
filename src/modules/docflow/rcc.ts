/**
 * The registration-control card (RCC, DF-4, DF-19): a signed document as the Conventions define
 * it — canonical JSON (RFC 8785) with type, version, issuedAt and a single-use nonce — holding
 * the requisites, the document's unique ID, its date (the first official's signature), its
 * author, the registration, the software that made it, and the SHA-256 of every content file
 * and of its CMS. The records officer signs exactly these bytes.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { SOFTWARE_NAME, VERSION } from '../../shared/version.ts';

export const RCC_TYPE = 'jashik.docflow.rcc';

export interface RccFile {
  position: number;
  role: 'content' | 'attachment';
  filename: string;
  format: string;
  size: number;
  sha256: string;
  /** SHA-256 of the file's CMS (content files). */
  cmsSha256: string | null;
  signers: { iin: string | null; bin: string | null; serialNumber: string; name: string | null }[];
}

export interface RccDocument {
  type: typeof RCC_TYPE;
  version: 1;
  issuedAt: string;
  nonce: string;
  documentId: string;
  software: { name: string; version: string };
  documentType: { code: string; version: number; name: { kk: string; ru: string } };
  date: string;
  registration: { journal: 'outgoing'; number: string; date: string; nomenclatureIndex: string };
  author: { accountId: string; iin: string | null; name: string | null };
  sender: { address: string; bin: string | null; name: string };
  recipient: { address: string; bin: string | null; iin: string | null; name: string };
  medium: 'electronic' | 'paper';
  stateSecret: false;
  requisites: Record<string, unknown>;
  card: Record<string, unknown>;
  files: RccFile[];
}

export const SOFTWARE = { name: SOFTWARE_NAME, version: VERSION };

export function canonicalBytes(value: unknown): Buffer {
  const s = canonicalJson(value);
  if (s === undefined) throw new TypeError('value cannot be canonicalised');
  return Buffer.from(s, 'utf8');
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function parseRcc(bytes: Uint8Array): RccDocument | undefined {
  try {
    const v = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as RccDocument;
    return v && v.type === RCC_TYPE && v.version === 1 ? v : undefined;
  } catch {
    return undefined;
  }
}
