/**
 * Whether a newer user agreement than the one the account accepted has been published (MB-3).
 * The latest version is read together with the session (`resolveSession`), so this check costs
 * no query of its own on every request.
 */
import type { Account } from './sessions.ts';

export function agreementPendingFor(account: Account, latestAgreementId: number | null): boolean {
  return account.kind !== 'staff' && latestAgreementId !== null && account.agreementVersionId !== latestAgreementId;
}
