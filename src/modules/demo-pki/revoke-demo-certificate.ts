/** `jashik ca revoke SERIAL [--reason R]`: the next CRL lists it and OCSP answers "revoked". */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { CRL_REASONS } from '../pki/crl.ts';
import { assertDemoMode, lockDemoCa, type DemoPkiDeps } from './demo-ca.ts';
import { normaliseSerial } from './demo-files.ts';
import { demoPkiCertificates } from './schema.ts';

/** RFC 5280 reason codes a CA may state (not "unused", not "removeFromCRL"). */
export const REVOCATION_REASONS = CRL_REASONS.filter((r) => r !== 'unused' && r !== 'removeFromCRL');

export async function revokeDemoCertificate(deps: DemoPkiDeps, serialInput: string, reason = 'unspecified', audit: AuditContext = {}): Promise<{ serial: string; subject: string; revokedAt: Date }> {
  assertDemoMode(deps.config);
  const serial = normaliseSerial(serialInput);
  if (!serial) {
    throw new AppError('VALIDATION_FAILED', { detail: `serial: ${JSON.stringify(serialInput)} is not a hexadecimal serial number`, fields: [fieldError('serial', 'format', { kk: 'Сериялық нөмір он алтылық санмен жазылады', ru: 'Серийный номер записывается шестнадцатеричным числом', en: 'The serial number is written in hexadecimal' })] });
  }
  if (!REVOCATION_REASONS.includes(reason)) {
    throw new AppError('VALIDATION_FAILED', { detail: `reason: expected one of ${REVOCATION_REASONS.join(', ')}`, fields: [fieldError('reason', 'enum', { kk: 'Кері қайтару себебі белгісіз', ru: 'Неизвестная причина отзыва', en: `The reason must be one of ${REVOCATION_REASONS.join(', ')}` })] });
  }
  return deps.db.transaction(async (tx) => {
    await lockDemoCa(tx);
    const [row] = await tx.select().from(demoPkiCertificates).where(eq(demoPkiCertificates.serial, serial)).limit(1);
    if (!row) throw new AppError('NOT_FOUND', { detail: `the demo CA has not issued a certificate with serial ${serial}` });
    if (row.revokedAt) throw new AppError('CONFLICT', { detail: `certificate ${serial} was already revoked at ${row.revokedAt.toISOString()} (${row.revocationReason ?? 'unspecified'})` });
    if (row.kind === 'root-ca') throw new AppError('VALIDATION_FAILED', { detail: 'the root CA cannot be revoked: remove the demo-pki directory to start over', fields: [] });
    const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000); // CRLs carry whole seconds
    await tx.update(demoPkiCertificates).set({ revokedAt, revocationReason: reason }).where(and(eq(demoPkiCertificates.serial, serial), isNull(demoPkiCertificates.revokedAt)));
    await appendAudit(tx, { type: 'demo_pki.certificate_revoked', payload: { serial, reason } }, audit);
    return { serial, subject: row.subject, revokedAt };
  });
}
