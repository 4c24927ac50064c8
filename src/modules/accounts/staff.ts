/**
 * Operator staff (issue 4, item 9): the first operator admin is created from the command line
 * (`jashik admin create --login L`, printing a one-time activation code); operator admins
 * create post offices and staff accounts (`clerk` bound to a post office, `print_centre`,
 * further `operator_admin`s), each activated with a one-time code.
 */
import { eq } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { validateIin } from '../../domain/iin-bin.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { issueCode } from './activation-codes.ts';
import { loginTaken } from './create-mailbox-account.ts';
import { field, refuse } from './field-errors.ts';
import { checkLogin, normaliseLogin } from './login-rules.ts';
import { accounts, postOffices } from './schema.ts';
import { sql } from 'drizzle-orm';

export type StaffRole = 'operator_admin' | 'clerk' | 'print_centre';

export interface StaffInput {
  login: string;
  role: StaffRole;
  postOfficeId?: string;
  iin?: string;
  fullName: string;
}

export async function createPostOffice(deps: { db: Db }, input: { code: string; name: string; address: string }, ctx: AuditContext) {
  return deps.db.transaction(async (tx) => {
    const exists = await tx.select({ id: postOffices.id }).from(postOffices).where(eq(postOffices.code, input.code));
    if (exists.length > 0) throw new AppError('CONFLICT', { fields: [fieldError('code', 'taken', { kk: 'Бұл код бос емес', ru: 'Этот код уже занят', en: 'This code is already used' })] });
    const [row] = await tx.insert(postOffices).values(input).returning();
    await appendAudit(tx, { type: 'post_office.created', payload: { postOfficeId: row.id, code: row.code } }, ctx);
    return row;
  });
}

/** Creates a staff account pending activation; returns the one-time activation code. */
export async function createStaffAccount(deps: { db: Db }, input: StaffInput, ctx: AuditContext): Promise<{ accountId: string; login: string; activationCode: string; expiresAt: string }> {
  const login = normaliseLogin(input.login);
  // Staff logins obey the mailbox rules except the reserved list (an admin may be called "admin.almaty").
  const e = checkLogin(login);
  if (e && e.code !== 'reserved') throw refuse('VALIDATION_FAILED', [e]);
  if (input.role === 'clerk' && !input.postOfficeId) throw refuse('VALIDATION_FAILED', [field('postOfficeId', 'required')]);
  if (input.iin !== undefined) {
    const r = validateIin(input.iin);
    if (!r.ok) throw refuse('VALIDATION_FAILED', [fieldError('iin', r.rule, r.message)]);
  }
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`login:${login}`}, 0))`);
    if (await loginTaken(tx, login)) throw refuse('LOGIN_TAKEN', [field('login', 'login_taken', 'taken')]);
    if (input.postOfficeId) {
      const po = await tx.select({ id: postOffices.id }).from(postOffices).where(eq(postOffices.id, input.postOfficeId));
      if (po.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [fieldError('postOfficeId', 'not_found', { kk: 'Пошта бөлімшесі табылмады', ru: 'Почтовое отделение не найдено', en: 'No such post office' })] });
    }
    const [row] = await tx
      .insert(accounts)
      .values({ login, kind: 'staff', staffRole: input.role, postOfficeId: input.role === 'clerk' ? input.postOfficeId : null, iin: input.iin ?? null, status: 'pending_activation', profile: { fullName: input.fullName } })
      .returning({ id: accounts.id });
    await appendAudit(tx, { type: 'staff.created', payload: { accountId: row.id, login, role: input.role, ...(input.postOfficeId ? { postOfficeId: input.postOfficeId } : {}) } }, ctx);
    const { code, expiresAt } = await issueCode(tx, row.id, input.role === 'operator_admin' && ctx.actor === 'system' ? 'bootstrap' : 'activation', ctx.actor ?? 'system', ctx);
    return { accountId: row.id, login, activationCode: code, expiresAt: expiresAt.toISOString() };
  });
}
