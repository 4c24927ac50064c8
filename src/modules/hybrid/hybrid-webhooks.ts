/**
 * Tracking webhooks of a sender (session, or token with scope `hybrid`): subscribe a URL, list,
 * revoke. Every status event of the sender's items is then POSTed to each active URL by the
 * `hybrid.webhook` job (hybrid-jobs.ts): JSON signed with HMAC-SHA256 of the body under the
 * subscription's secret (`X-Jashik-Signature: sha256=<hex>`), retried with backoff up to 12 times.
 * The secret is returned once, at creation. URLs must be https (http only to loopback, for
 * development); literal private, link-local and loopback addresses are refused for https, and
 * the delivery does not follow redirects.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { HybridActor } from './ports.ts';

export const MAX_WEBHOOKS = 5;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function sender(actor: HybridActor | undefined): HybridActor & { mailboxId: string } {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const ok = (actor.kind === 'user' || (actor.kind === 'token' && actor.scopes?.includes('hybrid'))) && actor.mailboxId;
  if (!ok) throw new AppError('FORBIDDEN');
  return actor as HybridActor & { mailboxId: string };
}

function privateLiteral(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (isIP(h) === 4) {
    const [a, b] = h.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(h) === 6) return h === '::1' || h === '::' || /^f[cd]/i.test(h) || /^fe[89ab]/i.test(h) || h.startsWith('::ffff:');
  return false;
}

export function checkWebhookUrl(raw: string): URL {
  const bad = (code: string, en: string, ru: string, kk: string) => new AppError('VALIDATION_FAILED', { fields: [fieldError('url', code, { kk, ru, en })] });
  let u: URL;
  try { u = new URL(raw); } catch { throw bad('format', 'Not a URL', 'Это не URL', 'Бұл URL емес'); }
  if (u.username || u.password) throw bad('credentials', 'No user name or password in the URL', 'Без имени пользователя и пароля в URL', 'URL-да пайдаланушы аты мен құпиясөз болмауы керек');
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return u;
  if (u.protocol !== 'https:') throw bad('scheme', 'The URL must be https', 'URL должен быть https', 'URL https болуы керек');
  if (LOOPBACK.has(u.hostname) || privateLiteral(u.hostname)) throw bad('private', 'Not a public address', 'Адрес не публичный', 'Мекенжай жария емес');
  return u;
}

export async function createHybridWebhook(database: Database, actorIn: HybridActor | undefined, input: { url: string }) {
  const actor = sender(actorIn);
  const url = checkWebhookUrl(input.url).toString();
  const secret = randomBytes(32).toString('base64url');
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select id from mailboxes where id = ${actor.mailboxId} for update`);
    const n = await tx.execute<{ n: number }>(sql`select count(*)::int as n from hybrid_webhooks where mailbox_id = ${actor.mailboxId} and revoked_at is null`);
    if (n.rows[0].n >= MAX_WEBHOOKS) {
      throw new AppError('CONFLICT', { fields: [fieldError('url', 'too_many', { kk: `Ең көбі ${MAX_WEBHOOKS} webhook`, ru: `Не больше ${MAX_WEBHOOKS} webhook`, en: `At most ${MAX_WEBHOOKS} webhooks; revoke one first` })] });
    }
    const r = await tx.execute<{ id: string; created_at: Date | string }>(sql`insert into hybrid_webhooks (mailbox_id, url, secret) values (${actor.mailboxId}, ${url}, ${secret}) returning id, created_at`);
    const { id } = r.rows[0];
    await appendAudit(tx, { type: 'hybrid.webhook_created', payload: { webhookId: id, mailboxId: actor.mailboxId } }, { actor: actor.actor, requestId: actor.requestId });
    return { webhookId: id, url, secret, createdAt: new Date(r.rows[0].created_at).toISOString() };
  });
}

export async function listHybridWebhooks(database: Database, actorIn: HybridActor | undefined) {
  const actor = sender(actorIn);
  const r = await database.db.execute<{ id: string; url: string; created_at: Date | string }>(sql`
    select id, url, created_at from hybrid_webhooks where mailbox_id = ${actor.mailboxId} and revoked_at is null order by created_at`);
  return r.rows.map((w) => ({ webhookId: w.id, url: w.url, createdAt: new Date(w.created_at).toISOString() }));
}

/** Revokes one of the caller's webhooks (someone else's, or an unknown id, is "not found"). */
export async function revokeHybridWebhook(database: Database, actorIn: HybridActor | undefined, webhookId: string): Promise<void> {
  const actor = sender(actorIn);
  if (!/^[0-9a-f-]{36}$/i.test(webhookId)) throw new AppError('NOT_FOUND');
  await database.db.transaction(async (tx) => {
    const r = await tx.execute<{ id: string }>(sql`update hybrid_webhooks set revoked_at = now() where id = ${webhookId} and mailbox_id = ${actor.mailboxId} and revoked_at is null returning id`);
    if (!r.rows[0]) throw new AppError('NOT_FOUND');
    await appendAudit(tx, { type: 'hybrid.webhook_revoked', payload: { webhookId, mailboxId: actor.mailboxId } }, { actor: actor.actor, requestId: actor.requestId });
  });
}
