/**
 * Single-use server nonces for signed documents: issued on request, valid 5 minutes, consumed
 * in the same transaction as the change the signed document makes.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { signatureNonces } from './schema.ts';
import { field, refuse } from './field-errors.ts';

export const NONCE_TTL_MS = 5 * 60_000;

export type NoncePurpose = (typeof signatureNonces.$inferInsert)['purpose'];

export async function issueNonce(tx: Tx, purpose: NoncePurpose, accountId?: string, now = new Date()): Promise<{ nonce: string; expiresAt: string }> {
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + NONCE_TTL_MS);
  await tx.insert(signatureNonces).values({ nonce, purpose, accountId: accountId ?? null, createdAt: now, expiresAt });
  // Expired nonces are of no use to anyone: sweep a few on each issue.
  await tx.execute(sql`delete from signature_nonces where nonce in (select nonce from signature_nonces where expires_at < ${new Date(now.getTime() - 3600_000)} limit 100)`);
  return { nonce, expiresAt: expiresAt.toISOString() };
}

/** Marks the nonce used; refuses when unknown, of another purpose or account, expired or used. */
export async function consumeNonce(tx: Tx, nonce: string, purpose: NoncePurpose, accountId?: string, now = new Date()): Promise<void> {
  const conds = [eq(signatureNonces.nonce, nonce), eq(signatureNonces.purpose, purpose), isNull(signatureNonces.usedAt), gt(signatureNonces.expiresAt, now)];
  if (accountId) conds.push(eq(signatureNonces.accountId, accountId));
  const used = await tx.update(signatureNonces).set({ usedAt: now }).where(and(...conds)).returning({ nonce: signatureNonces.nonce });
  if (used.length === 0) throw refuse('NONCE_INVALID', [field('document.nonce', 'nonce_invalid', 'invalid')]);
}

/** Refuses early (before the costly signature check) when the nonce cannot be consumed. */
export async function peekNonce(tx: Tx, nonce: string, purpose: NoncePurpose, accountId?: string, now = new Date()): Promise<void> {
  const conds = [eq(signatureNonces.nonce, nonce), eq(signatureNonces.purpose, purpose), isNull(signatureNonces.usedAt), gt(signatureNonces.expiresAt, now)];
  if (accountId) conds.push(eq(signatureNonces.accountId, accountId));
  const found = await tx.select({ nonce: signatureNonces.nonce }).from(signatureNonces).where(and(...conds)).limit(1);
  if (found.length === 0) throw refuse('NONCE_INVALID', [field('document.nonce', 'nonce_invalid', 'invalid')]);
}
