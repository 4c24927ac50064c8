/** Whether a newer user agreement than the one the account accepted has been published (MB-3). */
import { desc } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { agreementVersions } from './schema.ts';
import type { Account } from './sessions.ts';

export async function agreementPending(tx: Tx, account: Account): Promise<boolean> {
  if (account.kind === 'staff') return false;
  const [latest] = await tx.select({ id: agreementVersions.id }).from(agreementVersions).orderBy(desc(agreementVersions.id)).limit(1);
  return latest !== undefined && account.agreementVersionId !== latest.id;
}

/** The same check with the latest version already known (read together with the session). */
export function agreementPendingFor(account: Account, latestAgreementId: number | null): boolean {
  return account.kind !== 'staff' && latestAgreementId !== null && account.agreementVersionId !== latestAgreementId;
}
