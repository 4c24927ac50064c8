/**
 * The organisation's API tokens, for its cabinet (issue 6): name, scopes, expiry, last use and
 * whether revoked — never the token itself (only its SHA-256 is kept, and that is not shown).
 */
import { desc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../../storage/db/database.ts';
import { apiTokens } from './schema.ts';
import type { Account } from './sessions.ts';

export interface ApiTokenSummary {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

export async function listApiTokens(deps: { db: Db }, account: Account): Promise<ApiTokenSummary[]> {
  if (account.kind !== 'organisation' || !account.mailboxId) throw new AppError('FORBIDDEN', { detail: 'only an organisation account has API tokens' });
  const rows = await deps.db.select().from(apiTokens).where(eq(apiTokens.mailboxId, account.mailboxId)).orderBy(desc(apiTokens.createdAt)).limit(500);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes as string[],
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    lastUsedAt: r.lastUsedAt ? r.lastUsedAt.toISOString() : null,
    revoked: r.revokedAt !== null,
  }));
}
