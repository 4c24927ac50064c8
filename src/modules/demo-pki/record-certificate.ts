/** Rows of demo_pki_certificates: recording an issued certificate and reading revocations. */
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { ncaIdentity } from '../pki/certificate.ts';
import type { Certificate } from '../pki/x509.ts';
import { demoPkiCertificates } from './schema.ts';

export type DemoIssuer = 'root' | 'issuing';
export type DemoCertificateKind = (typeof demoPkiCertificates.$inferSelect)['kind'];
export type DemoCertificateRow = typeof demoPkiCertificates.$inferSelect;

/** Inserts the certificate unless it is already there; true when inserted. */
export async function recordDemoCertificate(tx: Tx, cert: Certificate, o: { issuer: DemoIssuer; kind: DemoCertificateKind; alg: 'rsa' | 'gost2015' }): Promise<boolean> {
  const id = ncaIdentity(cert);
  const rows = await tx
    .insert(demoPkiCertificates)
    .values({
      serial: cert.serialNumber, issuer: o.issuer, kind: o.kind, alg: o.alg, subject: cert.subject.text,
      iin: id.iin ?? null, bin: id.bin ?? null, fingerprint: cert.fingerprint, der: Buffer.from(cert.der),
      notBefore: cert.notBefore, notAfter: cert.notAfter,
    })
    .onConflictDoNothing()
    .returning({ serial: demoPkiCertificates.serial });
  return rows.length > 0;
}

export async function findDemoCertificate(tx: Tx, issuer: DemoIssuer, serial: string): Promise<DemoCertificateRow | undefined> {
  const rows = await tx.select().from(demoPkiCertificates).where(and(eq(demoPkiCertificates.issuer, issuer), eq(demoPkiCertificates.serial, serial))).limit(1);
  return rows[0];
}

export async function revokedDemoCertificates(tx: Tx, issuer: DemoIssuer): Promise<{ serial: string; revokedAt: Date; reason: string | null }[]> {
  const rows = await tx
    .select({ serial: demoPkiCertificates.serial, revokedAt: demoPkiCertificates.revokedAt, reason: demoPkiCertificates.revocationReason })
    .from(demoPkiCertificates)
    .where(and(eq(demoPkiCertificates.issuer, issuer), isNotNull(demoPkiCertificates.revokedAt)))
    .orderBy(demoPkiCertificates.revokedAt);
  return rows.map((r) => ({ serial: r.serial, revokedAt: r.revokedAt!, reason: r.reason }));
}
