/**
 * DF-14, DF-15: the certificates (public keys) that signed a document are kept with their
 * validity period, and the link document ↔ key is recorded for each use (content, RCC, receipt).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { cmsCertificates } from '../pki/cms-verify.ts';
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
  const ctes = keyRecordCtes(documentId, links, validation);
  if (ctes.length) await tx.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

/**
 * What `linkKeys` writes, as data-modifying CTEs (`kv`, `kc`, `kd`) for a caller that writes
 * more in the same statement; none when there is nothing to keep.
 */
export function keyRecordCtes(documentId: string, links: KeyLink[], validation: ValidationItem[] = []): SQL[] {
  const seen = new Set<string>();
  const unique = links.filter((l) => !seen.has(`${l.cert.fingerprint}:${l.usage}`) && seen.add(`${l.cert.fingerprint}:${l.usage}`));
  const items = [...new Map(validation.map((v) => [sha256Hex(v.der), v])).values()];
  const ctes: SQL[] = [];
  if (items.length) {
    const rows = sql.join(items.map((v) => sql`(${v.kind}, ${v.source}, ${Buffer.from(v.der)}::bytea)`), sql`, `);
    ctes.push(sql`kv as (
      insert into docflow_validation_data (document_id, kind, source, der)
      select ${documentId}::uuid, v.kind, v.source, v.der from (values ${rows}) as v (kind, source, der)
      where not exists (select 1 from docflow_validation_data x where x.document_id = ${documentId}::uuid and sha256(x.der) = sha256(v.der))
    )`);
  }
  if (unique.length) {
    const certs = [...new Map(unique.map((l) => [l.cert.fingerprint, l.cert])).values()];
    const certRows = sql.join(certs.map((cert) => {
      const id = ncaIdentity(cert);
      return sql`(${cert.fingerprint}, ${cert.serialNumber}, ${cert.subject.text}, ${cert.issuer.text}, ${Buffer.from(cert.der)}::bytea, ${id.iin ?? null}, ${id.bin ?? null},
              ${cert.notBefore.toISOString()}::timestamptz, ${cert.notAfter.toISOString()}::timestamptz)`;
    }), sql`, `);
    const keyRows = sql.join(unique.map((l) => sql`(${documentId}::uuid, ${l.cert.fingerprint}, ${l.usage})`), sql`, `);
    ctes.push(sql`kc as (
      insert into docflow_certificates (fingerprint, serial, subject, issuer, der, iin, bin, not_before, not_after)
      values ${certRows}
      on conflict (fingerprint) do nothing
    )`, sql`kd as (
      insert into docflow_document_keys (document_id, fingerprint, usage)
      select v.document_id, v.fingerprint, v.usage from (values ${keyRows}) as v (document_id, fingerprint, usage)
      on conflict do nothing
    )`);
  }
  return ctes;
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
