/**
 * `jashik operator rotate` (demo): a new demo operator key becomes current; the previous
 * certificate is retired but stays published, so evidence it signed stays verifiable.
 * A configured key (JASHIK_OPERATOR_KEY_P12) rotates by configuration instead: point the
 * variable at the new PKCS#12 and the new certificate becomes current on its first use.
 */
import { AppError } from '../../shared/errors.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { assertDemoMode } from '../demo-pki/demo-ca.ts';
import { issueDemoOperatorKey } from './demo-operator-key.ts';
import { currentOperatorCertificate, type OperatorCertificateRow } from './operator-certificates.ts';
import type { OperatorKeyContext } from './operator-signer.ts';

export async function rotateOperatorKey(ctx: OperatorKeyContext, audit: AuditContext = {}): Promise<{ current: OperatorCertificateRow; previous?: OperatorCertificateRow }> {
  if (ctx.config.operatorKey) {
    throw new AppError('CONFLICT', { detail: 'the operator key is configured by JASHIK_OPERATOR_KEY_P12: rotate it by pointing that variable at the new PKCS#12 (and its password variable); the new certificate becomes current on first use and the old one stays published' });
  }
  assertDemoMode(ctx.config);
  const db = ctx.database.db;
  const previous = await currentOperatorCertificate(db);
  await issueDemoOperatorKey({ config: ctx.config, db }, audit);
  return { current: (await currentOperatorCertificate(db))!, previous };
}
