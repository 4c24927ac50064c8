/**
 * One-time codes: activation after a counter registration (valid 14 days, single use), a
 * password reset at the counter, and the first operator admin's bootstrap. Twelve characters of
 * Crockford base32 (60 bits) shown as XXXX-XXXX-XXXX; only the SHA-256 is stored. Issuing a new
 * code of the same purpose cancels the older ones.
 */
import { createHash, randomInt } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuditContext } from '../audit/audit-events.ts';
import { activationCodes } from './schema.ts';

export const CODE_TTL_MS = 14 * 86400_000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type CodePurpose = 'activation' | 'reset' | 'bootstrap';

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const codeHash = (code: string): string => createHash('sha256').update(normaliseCode(code)).digest('hex');

export function newCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(32)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

export async function issueCode(tx: Tx, accountId: string, purpose: CodePurpose, issuedBy: string, ctx: AuditContext, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  await tx.update(activationCodes).set({ usedAt: now }).where(and(eq(activationCodes.accountId, accountId), eq(activationCodes.purpose, purpose), isNull(activationCodes.usedAt)));
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await tx.insert(activationCodes).values({ accountId, codeHash: codeHash(code), purpose, issuedBy, createdAt: now, expiresAt });
  await appendAudit(tx, { type: 'account.code_issued', payload: { accountId, purpose, expiresAt: expiresAt.toISOString() } }, ctx);
  return { code, expiresAt };
}
