/**
 * The directory (MB-12, MB-13): the mailbox of an IIN or BIN. Looked up only by official
 * organisation mailboxes (state bodies among them), integrator tokens with the `directory`
 * scope, and clerks at the counter — never by people, who address mailboxes by address. One
 * exact number per call (no listing, no prefixes: not enumerable); every lookup is audited.
 */
import { and, eq } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { validateBin, validateIin } from '../../domain/iin-bin.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { directoryEntries } from './schema.ts';
import type { Account } from './sessions.ts';

export type DirectoryCaller = { kind: 'account'; account: Account } | { kind: 'token'; tokenId: string; scopes: string[] };

/** Who may look up: policy, one place. */
export async function mayLookUp(db: Db, caller: DirectoryCaller): Promise<boolean> {
  if (caller.kind === 'token') return caller.scopes.includes('directory');
  const a = caller.account;
  if (a.status !== 'active' && a.status !== 'frozen') return false;
  if (a.kind === 'staff') return a.staffRole === 'clerk';
  if (a.kind !== 'organisation' || !a.mailboxId) return false;
  const [mb] = await db.select({ official: mailboxes.official }).from(mailboxes).where(eq(mailboxes.id, a.mailboxId));
  return mb?.official === true;
}

export interface DirectoryAnswer {
  address: string;
  kind: 'personal' | 'organisation';
  displayName: string;
  official: boolean;
}

export async function lookupDirectory(deps: { db: Db }, caller: DirectoryCaller, query: { iin?: string; bin?: string }, ctx: AuditContext): Promise<DirectoryAnswer | null> {
  const by = caller.kind === 'token' ? `token:${caller.tokenId}` : `user:${caller.account.id}`;
  if (!(await mayLookUp(deps.db, caller))) {
    await deps.db.transaction((tx) => appendAudit(tx, { type: 'directory.lookup', payload: { by, kind: query.bin !== undefined ? 'bin' : 'iin', found: false, refused: true } }, { ...ctx, actor: ctx.actor ?? by }));
    throw new AppError('FORBIDDEN', { detail: 'directory lookups are for official organisations, directory tokens and clerks' });
  }
  if ((query.iin === undefined) === (query.bin === undefined)) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('iin', 'one_of', { kk: 'ЖСН немесе БСН көрсетіңіз (біреуін)', ru: 'Укажите ИИН или БИН (одно из двух)', en: 'Give either an IIN or a BIN' })] });
  }
  const kind = query.iin !== undefined ? ('iin' as const) : ('bin' as const);
  const number = (query.iin ?? query.bin) as string;
  const check = kind === 'iin' ? validateIin(number) : validateBin(number);
  if (!check.ok) throw new AppError('VALIDATION_FAILED', { fields: [fieldError(kind, check.rule, check.message)] });
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ address: directoryEntries.address, kind: directoryEntries.kind, displayName: directoryEntries.displayName, official: mailboxes.official })
      .from(directoryEntries)
      .innerJoin(mailboxes, eq(mailboxes.id, directoryEntries.mailboxId))
      .where(and(eq(directoryEntries.active, true), kind === 'iin' ? and(eq(directoryEntries.iin, number), eq(directoryEntries.kind, 'personal')) : and(eq(directoryEntries.bin, number), eq(directoryEntries.kind, 'organisation'))))
      .limit(1);
    await appendAudit(tx, { type: 'directory.lookup', payload: { by, kind, found: rows.length > 0 } }, { ...ctx, actor: ctx.actor ?? by });
    return rows[0] ?? null;
  });
}
