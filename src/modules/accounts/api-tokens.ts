/**
 * Scoped bearer tokens for integrators (issue 4, item 8): `send`, `read`, `directory`, `hybrid`;
 * expiring, revocable, shown once (only the SHA-256 is kept). Issued by the head of an
 * organisation (or a person with the right to sign) for the organisation's mailbox.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { Db, Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { apiTokens } from './schema.ts';
import type { Account } from './sessions.ts';

export const TOKEN_SCOPES = ['send', 'read', 'directory', 'hybrid'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
const PREFIX = 'jsk_';
const MAX_DAYS = 366;

export interface ResolvedToken {
  id: string;
  mailboxId: string;
  scopes: TokenScope[];
}

const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');

export async function resolveApiToken(tx: Tx, token: string, now = new Date()): Promise<ResolvedToken | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const [row] = await tx
    .select({ id: apiTokens.id, mailboxId: apiTokens.mailboxId, scopes: apiTokens.scopes, lastUsedAt: apiTokens.lastUsedAt, status: mailboxes.status })
    .from(apiTokens)
    .innerJoin(mailboxes, eq(mailboxes.id, apiTokens.mailboxId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
    .limit(1);
  if (!row || row.status !== 'active') return null;
  // Recorded to the minute, as sessions are: not a committed write on every API call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) await tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return { id: row.id, mailboxId: row.mailboxId, scopes: row.scopes as TokenScope[] };
}

/** Only the organisation's own account (its head or right-to-sign holder signed in) issues tokens for it. */
function assertOrganisationOwner(account: Account): string {
  if (account.kind !== 'organisation' || !account.mailboxId) throw new AppError('FORBIDDEN', { detail: 'only an organisation account issues API tokens' });
  return account.mailboxId;
}

export async function createApiToken(deps: { db: Db }, account: Account, input: { name: string; scopes: string[]; days?: number }, ctx: AuditContext): Promise<{ id: string; token: string; scopes: TokenScope[]; expiresAt: string }> {
  const mailboxId = assertOrganisationOwner(account);
  const bad = input.scopes.filter((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (bad.length > 0 || input.scopes.length === 0) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('scopes', 'invalid', { kk: `Рұқсат етілген аймақтар: ${TOKEN_SCOPES.join(', ')}`, ru: `Допустимые области: ${TOKEN_SCOPES.join(', ')}`, en: `Allowed scopes: ${TOKEN_SCOPES.join(', ')}` })] });
  }
  const days = Math.min(Math.max(1, Math.floor(input.days ?? 90)), MAX_DAYS);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86400_000);
  const scopes = [...new Set(input.scopes)] as TokenScope[];
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ mailboxId, name: input.name.slice(0, 100), tokenHash: hashToken(token), scopes, createdBy: account.id, expiresAt }).returning({ id: apiTokens.id });
    await appendAudit(tx, { type: 'api_token.created', payload: { mailboxId, tokenId: row.id, scopes, expiresAt: expiresAt.toISOString() } }, ctx);
    return { id: row.id, token, scopes, expiresAt: expiresAt.toISOString() };
  });
}

export async function revokeApiToken(deps: { db: Db }, account: Account, tokenId: string, ctx: AuditContext): Promise<void> {
  const mailboxId = assertOrganisationOwner(account);
  await deps.db.transaction(async (tx) => {
    const done = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, tokenId), eq(apiTokens.mailboxId, mailboxId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    if (done.length === 0) throw new AppError('NOT_FOUND');
    await appendAudit(tx, { type: 'api_token.revoked', payload: { mailboxId, tokenId } }, ctx);
  });
}
