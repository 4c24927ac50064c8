/**
 * The accounts module's two periods, read once with the rest of the configuration
 * (src/config.ts, `config.accounts`). Both are OPERATOR DECISIONS, not SPEC figures:
 * - JASHIK_CLOSED_MAILBOX_RETENTION_DAYS (365): letters of a closed mailbox are kept this long
 *   (mailbox-retention.ts);
 * - JASHIK_REGISTRY_RECHECK_HOURS (24): organisations are re-checked against the state registry
 *   this often (registry-recheck.ts).
 */
import { ConfigError, type Env } from '../../config-error.ts';

export interface AccountsSettings {
  closedMailboxRetentionDays: number;
  registryRecheckHours: number;
}

export const DEFAULT_CLOSED_RETENTION_DAYS = 365;
export const DEFAULT_RECHECK_HOURS = 24;

export function parseAccountsSettings(env: Env): AccountsSettings {
  return { closedMailboxRetentionDays: retentionDays(env), registryRecheckHours: recheckHours(env) };
}

function retentionDays(env: Env): number {
  const v = env.JASHIK_CLOSED_MAILBOX_RETENTION_DAYS;
  if (v === undefined || v === '') return DEFAULT_CLOSED_RETENTION_DAYS;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError('JASHIK_CLOSED_MAILBOX_RETENTION_DAYS', 'days (0 or more) letters of a closed mailbox are kept', v);
  return n;
}

/** Fractions allowed (a test installation may re-check every few minutes); 0 or junk is refused, not replaced by the default. */
function recheckHours(env: Env): number {
  const v = env.JASHIK_REGISTRY_RECHECK_HOURS;
  if (v === undefined || v === '') return DEFAULT_RECHECK_HOURS;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError('JASHIK_REGISTRY_RECHECK_HOURS', 'hours (more than 0) between re-checks of organisations against the state registry', v);
  return n;
}

export function describeAccountsSettings(s: AccountsSettings): Record<string, unknown> {
  return { JASHIK_CLOSED_MAILBOX_RETENTION_DAYS: s.closedMailboxRetentionDays, JASHIK_REGISTRY_RECHECK_HOURS: s.registryRecheckHours };
}
