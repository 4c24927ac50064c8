/**
 * DF-14, DF-15: the certificates (public keys) that signed a document are kept with their
 * validity period, and the link document ↔ key is recorded for each use (content, RCC, receipt).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { cmsCertificates } from '../pki/cms-verify.ts';
import { perObject } from '../pki/memo.ts';
import type { SignerReport } from '../pki/report.ts';
import type { Certificate } from '../pki/x509.ts';
import { sha256Hex } from './rcc.ts';
import type { ValidationItem } from './verify-recording.ts';

export interface SignerRecord {
  subject: string;
  serialNumber: string;
  fingerprint: string;
  iin: string | null;
  bin: string | null;
  roles: string[];
  name: string | null;
  notBefore: string;
  notAfter: string;
  trustedTime: string;
  signingTime: string | null;
}

export function signerRecord(s: SignerReport): SignerRecord {
  const c = s.certificate;
  const id = s.identity;
  const name = id ? [id.surname, id.givenName, id.patronymic].filter(Boolean).join(' ') || id.commonName || null : null;
  return {
    subject: c?.subject ?? '', serialNumber: c?.serialNumber ?? '', fingerprint: c?.fingerprintSha256 ?? '',
    iin: id?.iin ?? null, bin: id?.bin ?? null, roles: id?.roles ?? [], name,
    notBefore: c?.notBefore ?? '', notAfter: c?.notAfter ?? '', trustedTime: s.trustedTime, signingTime: s.signingTime ?? null,
  };
}

export function certificatesOf(cms: Uint8Array): Certificate[] {
  return cmsCertificates(parseSignedData(cms));
}

export async function linkKey(tx: Tx, documentId: string, cert: Certificate, usage: 'content' | 'rcc' | 'receipt'): Promise<void> {
  await linkKeys(tx, documentId, [{ cert, usage }]);
}

export type KeyLink = { cert: Certificate; usage: 'content' | 'rcc' | 'receipt' };

/**
 * Keeps the certificates and links them to the document in one statement (a CTE), however many
 * there are; certificates already kept are left as they are. The validation data the
 * verification used (OCSP answers, CRLs: DF-14), when given, is kept in the same statement,
 * each distinct item once per document.
 */
export async function linkKeys(tx: Tx, documentId: string, links: KeyLink[], validation: ValidationItem[] = []): Promise<void> {
  const ctes = keyRecordCtesMany([{ documentId, links, validation }]);
  if (ctes.length) await tx.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

type CertRow = { fingerprint: string; serial: string; subject: string; issuer: string; der: string; iin: string | null; bin: string | null; not_before: string; not_after: string };

// A certificate's row, by fingerprint (a digest of its DER, so the row cannot differ): the same
// officials' certificates come with document after document.
const certRows = new Map<string, CertRow>();
function certRow(cert: Certificate): CertRow {
  const hit = certRows.get(cert.fingerprint);
  if (hit) return hit;
  const id = ncaIdentity(cert);
  const row = {
    fingerprint: cert.fingerprint, serial: cert.serialNumber, subject: cert.subject.text, issuer: cert.issuer.text, der: Buffer.from(cert.der).toString('hex'),
    iin: id.iin ?? null, bin: id.bin ?? null, not_before: cert.notBefore.toISOString(), not_after: cert.notAfter.toISOString(),
  };
  if (certRows.size > 10_000) certRows.clear();
  certRows.set(cert.fingerprint, row);
  return row;
}

// A validation item's digest and base64, once per bytes object: an OCSP answer reused from the
// revocation cache is the same object (never changed) for every document verified with it.
const derText = perObject((der: Uint8Array) => ({ sha256: sha256Hex(der), base64: Buffer.from(der.buffer, der.byteOffset, der.length).toString('base64') }));

/**
 * What `linkKeys` writes, as data-modifying CTEs (`kv`, `kc`, `kd`) for a caller that writes more
 * in the same statement (none when there is nothing to keep), for one or several documents at
 * once (a batch of deliveries): the rows go in as JSON
 * arrays, each certificate once, each link once per document, each validation item once per
 * document (also when two deliveries of one document are in the batch), the bytes of each
 * distinct item once per statement (the documents of a batch verified with the same reused OCSP
 * answers refer to one copy of them). Certificates and links
 * are inserted in key order, so two batches that share documents wait for each other instead of
 * deadlocking on each other's new rows.
 */
export function keyRecordCtesMany(entries: { documentId: string; links: KeyLink[]; validation?: ValidationItem[] }[]): SQL[] {
  const items = new Map<string, { document_id: string; kind: string; source: string | null; d: number }>();
  const ders = new Map<string, number>(); // sha256 → index in derList
  const derList: string[] = [];
  const keys = new Map<string, { document_id: string; fingerprint: string; usage: string }>();
  const certs = new Map<string, CertRow>();
  for (const e of entries) {
    for (const v of e.validation ?? []) {
      const der = derText(v.der);
      const k = `${e.documentId}:${der.sha256}`;
      if (items.has(k)) continue;
      let d = ders.get(der.sha256);
      if (d === undefined) ders.set(der.sha256, (d = derList.push(der.base64) - 1));
      items.set(k, { document_id: e.documentId, kind: v.kind, source: v.source, d });
    }
    for (const l of e.links) {
      const k = `${e.documentId}:${l.cert.fingerprint}:${l.usage}`;
      if (!keys.has(k)) keys.set(k, { document_id: e.documentId, fingerprint: l.cert.fingerprint, usage: l.usage });
      if (!certs.has(l.cert.fingerprint)) certs.set(l.cert.fingerprint, certRow(l.cert));
    }
  }
  const ctes: SQL[] = [];
  if (items.size) {
    ctes.push(sql`kv as (
      insert into docflow_validation_data (document_id, kind, source, der)
      select v.document_id, v.kind, v.source, b.der
      from jsonb_to_recordset(${JSON.stringify([...items.values()])}::jsonb) as v (document_id uuid, kind text, source text, d int)
      join (select decode(t.b64, 'base64') as der, t.n - 1 as d from jsonb_array_elements_text(${JSON.stringify(derList)}::jsonb) with ordinality as t (b64, n)) b on b.d = v.d
      where not exists (select 1 from docflow_validation_data x where x.document_id = v.document_id and sha256(x.der) = sha256(b.der))
    )`);
  }
  if (keys.size) {
    ctes.push(sql`kc as (
      insert into docflow_certificates (fingerprint, serial, subject, issuer, der, iin, bin, not_before, not_after)
      select c.fingerprint, c.serial, c.subject, c.issuer, decode(c.der, 'hex'), c.iin, c.bin, c.not_before, c.not_after
      from jsonb_to_recordset(${JSON.stringify([...certs.values()])}::jsonb) as c (fingerprint text, serial text, subject text, issuer text, der text, iin text, bin text, not_before timestamptz, not_after timestamptz)
      order by c.fingerprint
      on conflict (fingerprint) do nothing
    )`, sql`kd as (
      insert into docflow_document_keys (document_id, fingerprint, usage)
      select v.document_id, v.fingerprint, v.usage from jsonb_to_recordset(${JSON.stringify([...keys.values()])}::jsonb) as v (document_id uuid, fingerprint text, usage text)
      order by v.document_id, v.fingerprint, v.usage
      on conflict do nothing
    )`);
  }
  return ctes;
}

/** The links of the signers' certificates a verification gave (`RecordedVerification.certificates`). */
export function certificateLinks(certificates: (Certificate | undefined)[], usage: KeyLink['usage']): KeyLink[] {
  const out: KeyLink[] = [];
  for (const cert of certificates) if (cert) out.push({ cert, usage });
  return out;
}

/** The links of every signer's certificate of a CMS (the ones the report names). */
export function signerLinks(cms: Uint8Array, signers: SignerReport[], usage: 'content' | 'rcc' | 'receipt'): { cert: Certificate; usage: 'content' | 'rcc' | 'receipt' }[] {
  const certs = certificatesOf(cms);
  return signers.flatMap((s) => {
    const cert = certs.find((c) => c.fingerprint === s.certificate?.fingerprintSha256);
    return cert ? [{ cert, usage }] : [];
  });
}

/** Links every signer's certificate of a CMS (the ones the report names). */
export async function linkSigners(tx: Tx, documentId: string, cms: Uint8Array, signers: SignerReport[], usage: 'content' | 'rcc' | 'receipt'): Promise<void> {
  await linkKeys(tx, documentId, signerLinks(cms, signers, usage));
}
