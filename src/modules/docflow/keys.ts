/**
 * DF-14, DF-15: the certificates (public keys) that signed a document are kept with their
 * validity period, and the link document ↔ key is recorded for each use (content, RCC, receipt).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { cmsCertificates } from '../pki/cms-verify.ts';
import type { SignerReport } from '../pki/report.ts';
import type { Certificate } from '../pki/x509.ts';

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
  const id = ncaIdentity(cert);
  await tx.execute(sql`
    insert into docflow_certificates (fingerprint, serial, subject, issuer, der, iin, bin, not_before, not_after)
    values (${cert.fingerprint}, ${cert.serialNumber}, ${cert.subject.text}, ${cert.issuer.text}, ${Buffer.from(cert.der)}, ${id.iin ?? null}, ${id.bin ?? null},
            ${cert.notBefore.toISOString()}::timestamptz, ${cert.notAfter.toISOString()}::timestamptz)
    on conflict (fingerprint) do nothing`);
  await tx.execute(sql`insert into docflow_document_keys (document_id, fingerprint, usage) values (${documentId}, ${cert.fingerprint}, ${usage}) on conflict do nothing`);
}

/** Links every signer's certificate of a CMS (the ones the report names). */
export async function linkSigners(tx: Tx, documentId: string, cms: Uint8Array, signers: SignerReport[], usage: 'content' | 'rcc' | 'receipt'): Promise<void> {
  const certs = certificatesOf(cms);
  for (const s of signers) {
    const cert = certs.find((c) => c.fingerprint === s.certificate?.fingerprintSha256);
    if (cert) await linkKey(tx, documentId, cert, usage);
  }
}
