/**
 * The activation slip of a counter registration, or a reset code issued at the counter, for a
 * clerk of the post office where the application was registered (never another office's).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { codeHash, issueCode } from './activation-codes.ts';
import { renderActivationSlip } from './activation-slip.ts';
import { field, refuse } from './field-errors.ts';
import { normaliseLogin } from './login-rules.ts';
import { accounts, activationCodes, applications, postOffices } from './schema.ts';
import type { Account } from './sessions.ts';
import type { AuditContext } from '../audit/audit-events.ts';

function assertClerk(clerk: Account): string {
  if (clerk.staffRole !== 'clerk' || !clerk.postOfficeId) throw new AppError('FORBIDDEN', { detail: 'clerks only' });
  return clerk.postOfficeId;
}

export async function activationSlipFor(deps: { db: Db; activationUrl: string }, clerk: Account, applicationId: string, code: string): Promise<Buffer> {
  const office = assertClerk(clerk);
  const [row] = await deps.db
    .select({ app: applications, mb: mailboxes, office: postOffices })
    .from(applications)
    .innerJoin(mailboxes, eq(mailboxes.id, applications.mailboxId))
    .leftJoin(postOffices, eq(postOffices.id, applications.postOfficeId))
    .where(eq(applications.id, applicationId))
    .limit(1);
  if (!row || row.app.channel !== 'counter') throw new AppError('NOT_FOUND');
  if (row.app.postOfficeId !== office) throw refuse('FORBIDDEN', [field('applicationId', 'other_post_office', 'other_post_office')]);
  const [valid] = await deps.db
    .select({ expiresAt: activationCodes.expiresAt })
    .from(activationCodes)
    .where(and(eq(activationCodes.accountId, row.app.accountId), eq(activationCodes.codeHash, codeHash(code)), isNull(activationCodes.usedAt), gt(activationCodes.expiresAt, new Date())))
    .limit(1);
  if (!valid) throw refuse('CODE_INVALID', [field('activationCode', 'code_invalid', 'invalid')]);
  return renderActivationSlip({
    address: row.mb.address,
    login: row.mb.login,
    activationCode: code,
    expiresAt: valid.expiresAt,
    postOffice: row.office ? `${row.office.name} (${row.office.code})` : '',
    applicantName: row.mb.displayName,
    activationUrl: deps.activationUrl,
  });
}

/**
 * Password reset at the counter (issue 4, item 10): the clerk checks the identity document
 * against the account's registered one and issues a reset code (14 days, single use).
 */
export async function issueCounterResetCode(deps: { db: Db }, clerk: Account, input: { login: string; identityDocumentChecked: string }, ctx: AuditContext): Promise<{ login: string; code: string; expiresAt: string }> {
  assertClerk(clerk);
  const login = normaliseLogin(input.login);
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.login, login)).limit(1);
  if (!account || account.kind !== 'personal' || account.status === 'closed') throw new AppError('NOT_FOUND');
  const registered = ((account.profile as { identityDocument?: { number?: string } }).identityDocument?.number ?? '').replace(/\s/g, '');
  if (!registered || registered !== input.identityDocumentChecked.replace(/\s/g, '')) throw refuse('IDENTITY_MISMATCH', [field('identityDocumentChecked', 'registry_mismatch', 'differs')]);
  return deps.db.transaction(async (tx) => {
    const { code, expiresAt } = await issueCode(tx, account.id, 'reset', `staff:${clerk.id}`, ctx);
    return { login, code, expiresAt: expiresAt.toISOString() };
  });
}
