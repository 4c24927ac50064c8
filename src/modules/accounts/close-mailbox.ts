/**
 * Closing a mailbox (issue 4, item 10; MB-2): the owner confirms by typing the login and
 * acknowledging that the export was offered (GET the mailbox export first). The address and
 * login are never given to anyone again (the rows stay); the directory entry goes inactive;
 * sessions, API tokens and member grants end. Letters are kept for the retention period, then a
 * durable job deletes them (mailbox-retention.ts; scheduled in the closing transaction).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { fieldError } from '../../shared/errors.ts';
import { accounts, apiTokens, directoryEntries, orgMembers } from './schema.ts';
import type { Account } from './sessions.ts';
import { revokeAllSessions } from './sessions.ts';
import { DEFAULT_CLOSED_RETENTION_DAYS, schedulePurge } from './mailbox-retention.ts';
import { sessionsChanged } from './session-cache.ts';

export async function closeMailbox(deps: { db: Db; closedMailboxRetentionDays?: number }, account: Account, input: { confirmLogin: string; exportAcknowledged: boolean }, ctx: AuditContext): Promise<{ address: string; closedAt: string }> {
  if (!account.mailboxId || account.kind === 'staff') throw new AppError('FORBIDDEN', { detail: 'no mailbox of ones own to close' });
  const fields = [];
  if (input.confirmLogin.trim().toLowerCase() !== account.login) {
    fields.push(fieldError('confirmLogin', 'mismatch', { kk: 'Растау үшін пайдаланушы атыңызды жазыңыз', ru: 'Для подтверждения введите своё имя пользователя', en: 'Type your user name to confirm' }));
  }
  if (input.exportAcknowledged !== true) {
    fields.push(fieldError('exportAcknowledged', 'required', {
      kk: 'Алдымен пошта жәшігін экспорттаңыз немесе оның қажет емес екенін растаңыз',
      ru: 'Сначала выгрузите почтовый ящик или подтвердите, что выгрузка не нужна',
      en: 'Export the mailbox first, or confirm that you do not need the export',
    }));
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const mailboxId = account.mailboxId;
  const now = new Date();
  return deps.db.transaction(async (tx) => {
    const [mb] = await tx.update(mailboxes).set({ status: 'closed', closedAt: now }).where(and(eq(mailboxes.id, mailboxId), eq(mailboxes.status, 'active'))).returning();
    if (!mb) throw new AppError('CONFLICT', { detail: 'already closed' });
    await tx.update(accounts).set({ status: 'closed', closedAt: now }).where(eq(accounts.id, account.id));
    sessionsChanged(account.id);
    await tx.update(directoryEntries).set({ active: false }).where(eq(directoryEntries.mailboxId, mailboxId));
    await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.mailboxId, mailboxId), isNull(apiTokens.revokedAt)));
    await tx.update(orgMembers).set({ revokedAt: now, revokedBy: account.id }).where(and(eq(orgMembers.mailboxId, mailboxId), isNull(orgMembers.revokedAt)));
    await revokeAllSessions(tx, account.id, now);
    await schedulePurge(tx, mailboxId, now, deps.closedMailboxRetentionDays ?? DEFAULT_CLOSED_RETENTION_DAYS);
    await appendAudit(tx, { type: 'mailbox.closed', payload: { accountId: account.id, mailboxId, address: mb.address } }, ctx);
    return { address: mb.address, closedAt: now.toISOString() };
  });
}
