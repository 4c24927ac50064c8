/**
 * Notices to a verified external e-mail address (issue 5, item 7): the owner names an address,
 * proves it with a one-time code sent there, and is then told — without any content, only that
 * something arrived and from whom — when a registered letter or a letter from an official
 * mailbox arrives. Codes are kept hashed, expire in 30 minutes, and allow 5 tries.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { requireActor } from './access.ts';
import { sendSystemMail } from './system-mail.ts';
import type { RelayOptions } from './relay-letter.ts';
import type { MailActor } from './types.ts';
import { isAddress, normaliseAddress } from './validate-letter.ts';

const CODE_TTL_MS = 30 * 60_000;
const MAX_TRIES = 5;
const RESEND_AFTER_MS = 60_000;
const hashCode = (mailboxId: string, code: string) => createHash('sha256').update(`${mailboxId}:${code}`).digest('hex');

export async function getNotifyAddress(database: Database, actorIn: MailActor | undefined): Promise<{ address: string | null; verified: boolean }> {
  const actor = await requireActor(database, actorIn, 'getNotifyAddress', 'notify-address');
  const r = await database.db.execute<{ address: string; verified_at: string | null }>(sql`select address, verified_at from mail_notify_addresses where mailbox_id = ${actor.mailboxId}`);
  return { address: r.rows[0]?.address ?? null, verified: !!r.rows[0]?.verified_at };
}

/** Names (or, with null, removes) the address; a code goes to it by a durable job. */
export async function setNotifyAddress(database: Database, actorIn: MailActor | undefined, input: { address: string | null; domain: string }): Promise<{ address: string | null; verified: boolean }> {
  const actor = await requireActor(database, actorIn, 'setNotifyAddress', 'notify-address');
  if (input.address === null) {
    await database.db.execute(sql`delete from mail_notify_addresses where mailbox_id = ${actor.mailboxId}`);
    return { address: null, verified: false };
  }
  const address = normaliseAddress(input.address);
  if (!isAddress(address) || address.endsWith(`@${input.domain}`)) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('address', 'invalid_address', { kk: 'Сыртқы электрондық пошта мекенжайын жазыңыз', ru: 'Укажите внешний адрес электронной почты', en: 'Give an external e-mail address' })] });
  }
  return database.db.transaction(async (tx) => {
    const prev = await tx.execute<{ address: string; verified_at: string | null; updated_at: string }>(sql`
      select address, verified_at, updated_at from mail_notify_addresses where mailbox_id = ${actor.mailboxId} for update`);
    const p = prev.rows[0];
    if (p && p.address === address && p.verified_at) return { address, verified: true };
    const wait = p && !p.verified_at ? RESEND_AFTER_MS - (Date.now() - new Date(p.updated_at).getTime()) : 0;
    if (wait > 0) throw new AppError('RATE_LIMITED', { detail: 'a code was sent less than a minute ago', retryAfterSeconds: wait / 1000 });
    await tx.execute(sql`
      insert into mail_notify_addresses (mailbox_id, address, code_hash, code_expires_at, attempts, verified_at, updated_at)
      values (${actor.mailboxId}, ${address}, null, null, 0, null, now())
      on conflict (mailbox_id) do update set address = excluded.address, code_hash = null, code_expires_at = null, attempts = 0, verified_at = null, updated_at = now()`);
    await enqueueJob(tx, { kind: 'mail.notify', payload: { kind: 'verify', mailboxId: actor.mailboxId, address }, maxAttempts: 5 });
    return { address, verified: false };
  });
}

export async function confirmNotifyAddress(database: Database, actorIn: MailActor | undefined, code: string): Promise<{ address: string; verified: true }> {
  const actor = await requireActor(database, actorIn, 'confirmNotifyAddress', 'notify-address');
  const wrong = () => new AppError('VALIDATION_FAILED', { fields: [fieldError('code', 'wrong_code', { kk: 'Код қате немесе мерзімі өткен', ru: 'Код неверен или просрочен', en: 'The code is wrong or expired' })] });
  return database.db.transaction(async (tx) => {
    const r = await tx.execute<{ address: string; code_hash: string | null; code_expires_at: string | null; attempts: number; verified_at: string | null }>(sql`
      select address, code_hash, code_expires_at, attempts, verified_at from mail_notify_addresses where mailbox_id = ${actor.mailboxId} for update`);
    const row = r.rows[0];
    if (!row) throw wrong();
    if (row.verified_at) return { address: row.address, verified: true as const };
    if (row.attempts >= MAX_TRIES) throw new AppError('RATE_LIMITED', { detail: 'too many wrong codes; ask for a new one' });
    const ok = row.code_hash && row.code_expires_at && new Date(row.code_expires_at).getTime() > Date.now()
      && timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(hashCode(actor.mailboxId, String(code).trim()), 'hex'));
    if (!ok) {
      // The failed try is counted even though the request fails: committed, then refused.
      await tx.execute(sql`update mail_notify_addresses set attempts = attempts + 1 where mailbox_id = ${actor.mailboxId}`);
      return { refused: true } as never;
    }
    await tx.execute(sql`update mail_notify_addresses set verified_at = now(), code_hash = null, code_expires_at = null where mailbox_id = ${actor.mailboxId}`);
    return { address: row.address, verified: true as const };
  }).then((r) => {
    if ((r as unknown as { refused?: boolean }).refused) throw wrong();
    return r;
  });
}

/** After a registered or official letter is delivered: tell the owner's verified address (job). */
export async function queueArrivalNotice(tx: Tx, mailboxId: string, from: string | null, registered: boolean, letterId: string): Promise<void> {
  const r = await tx.execute(sql`select 1 from mail_notify_addresses where mailbox_id = ${mailboxId} and verified_at is not null`);
  if (!r.rows.length) return;
  await enqueueJob(tx, { kind: 'mail.notify', payload: { kind: 'arrival', mailboxId, from, registered }, idempotencyKey: `mail.notify:${letterId}`, maxAttempts: 5 });
}

/** Job `mail.notify`: sends the verification code, or an arrival notice without content. */
export function notifyJob(deps: { domain: string; relay: RelayOptions }): JobHandler {
  return async (job, { tx }) => {
    const p = job.payload as { kind: 'verify' | 'arrival'; mailboxId: string; address?: string; from?: string | null; registered?: boolean };
    const r = await tx.execute<{ address: string; verified_at: string | null; own: string }>(sql`
      select n.address, n.verified_at, m.address as own from mail_notify_addresses n join mailboxes m on m.id = n.mailbox_id where n.mailbox_id = ${p.mailboxId}`);
    const row = r.rows[0];
    if (!row) return;
    if (p.kind === 'verify') {
      if (row.address !== p.address || row.verified_at) return;
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await tx.execute(sql`update mail_notify_addresses set code_hash = ${hashCode(p.mailboxId, code)}, code_expires_at = ${new Date(Date.now() + CODE_TTL_MS).toISOString()}::timestamptz, attempts = 0 where mailbox_id = ${p.mailboxId}`);
      await sendSystemMail(deps.relay, deps.domain, row.address, 'Растау коды / Код подтверждения / Confirmation code',
        `Jashik: ${row.own}\n\nРастау коды / Код подтверждения / Confirmation code: ${code}\n\n30 мин.`);
      return;
    }
    if (!row.verified_at) return;
    const what = p.registered ? 'тапсырыс хат / заказное письмо / registered letter' : 'ресми хат / официальное письмо / official letter';
    await sendSystemMail(deps.relay, deps.domain, row.address, `Jashik: ${what}`,
      `${row.own}\n\n${what}\nЖіберуші / Отправитель / From: ${p.from ?? '—'}\n\nМазмұнын jashik кабинетінен қараңыз. Содержание — в кабинете jashik. Read it in your jashik cabinet.\n`);
  };
}
