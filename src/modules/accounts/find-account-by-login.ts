/**
 * Users lookup by login for the operator's administrators (issue 6, Admin): the account's
 * login, address, kind, official mark, status and creation time — never letters or any other
 * content. Every lookup is audited (found or not), in the same transaction as the read.
 */
import { eq } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { accounts } from './schema.ts';
import type { Account } from './sessions.ts';

export interface AccountLookup {
  login: string;
  address: string | null;
  kind: 'personal' | 'organisation' | 'staff';
  official: boolean;
  status: string;
  createdAt: string;
}

export async function findAccountByLogin(deps: { db: Db }, caller: Account, rawLogin: string, ctx: AuditContext): Promise<AccountLookup> {
  if (caller.kind !== 'staff' || caller.staffRole !== 'operator_admin') throw new AppError('FORBIDDEN', { detail: 'users lookup is for operator administrators' });
  // A full address is accepted too: its local part is the login.
  const login = rawLogin.trim().toLowerCase().split('@')[0];
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(login)) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('login', 'invalid', { kk: 'Логин дұрыс емес', ru: 'Неверный логин', en: 'Not a valid login' })] });
  }
  const row = await deps.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ login: accounts.login, kind: accounts.kind, status: accounts.status, createdAt: accounts.createdAt, address: mailboxes.address, official: mailboxes.official })
      .from(accounts)
      .leftJoin(mailboxes, eq(mailboxes.id, accounts.mailboxId))
      .where(eq(accounts.login, login))
      .limit(1);
    await appendAudit(tx, { type: 'account.looked_up', payload: { by: caller.id, login, found: Boolean(found) } }, ctx);
    return found;
  });
  // Not found is audited too: the refusal comes after the audit row is committed.
  if (!row) throw new AppError('NOT_FOUND');
  return { login: row.login, address: row.address ?? null, kind: row.kind, official: row.official ?? false, status: row.status, createdAt: row.createdAt.toISOString() };
}
