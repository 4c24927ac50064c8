/** The operator_certificates table: the current certificate, activation (rotation) and the list. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { toPem } from '../pki/pem.ts';
import type { Certificate } from '../pki/x509.ts';
import { operatorCertificates } from './schema.ts';

export type OperatorCertificateRow = typeof operatorCertificates.$inferSelect;

const ROTATION_LOCK = 7243102;

/** Serialises activations between processes for the rest of the transaction. */
export async function lockOperatorKeys(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`);
}

export async function currentOperatorCertificate(tx: Tx): Promise<OperatorCertificateRow | undefined> {
  const rows = await tx.select().from(operatorCertificates).where(eq(operatorCertificates.current, true)).limit(1);
  return rows[0];
}

export async function listOperatorCertificates(tx: Tx): Promise<OperatorCertificateRow[]> {
  return tx.select().from(operatorCertificates).orderBy(desc(operatorCertificates.activatedAt));
}

/**
 * Makes `cert` the current operator certificate (inserting it when new), retiring the previous
 * one, with an audit entry. Call inside a transaction holding `lockOperatorKeys`.
 */
export async function activateOperatorCertificate(
  tx: Tx,
  cert: Certificate,
  o: { chain: Certificate[]; source: 'configured' | 'demo'; keyFile?: string },
  audit: AuditContext = { actor: 'system' },
): Promise<void> {
  const previous = await currentOperatorCertificate(tx);
  if (previous?.fingerprint === cert.fingerprint) return;
  const now = new Date();
  if (previous) await tx.update(operatorCertificates).set({ current: false, retiredAt: now }).where(eq(operatorCertificates.fingerprint, previous.fingerprint));
  await tx
    .insert(operatorCertificates)
    .values({
      fingerprint: cert.fingerprint, serial: cert.serialNumber, subject: cert.subject.text, issuer: cert.issuer.text, der: Buffer.from(cert.der),
      chainPem: o.chain.map((c) => toPem(c.der, 'CERTIFICATE')).join(''), validFrom: cert.notBefore, validTo: cert.notAfter,
      source: o.source, keyFile: o.keyFile ?? null, current: true, activatedAt: now,
    })
    .onConflictDoUpdate({ target: operatorCertificates.fingerprint, set: { current: true, retiredAt: null, activatedAt: now } });
  await appendAudit(tx, { type: 'operator_key.activated', payload: { fingerprint: cert.fingerprint, serial: cert.serialNumber, source: o.source, previous: previous?.fingerprint ?? null } }, audit);
}
