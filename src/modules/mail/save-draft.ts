/**
 * saveDraft: a letter being written, kept in Drafts as its raw message (nothing is delivered).
 * Saving again with `draftId` replaces that draft; sending with `draftId` removes it in the
 * send's transaction.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { AppError, fieldError, isAppError } from '../../shared/errors.ts';
import { refuseAccess, requireActor } from './access.ts';
import { composeLetter, tooLarge, type ComposeAttachment } from './compose-letter.ts';
import { parseLetter } from './parse-letter.ts';
import { insertLetter } from './store-letter.ts';
import { destroyLetter } from './update-letters.ts';
import type { MailActor, MailLimits } from './types.ts';
import { isAddress, normaliseAddress } from './validate-letter.ts';

export interface DraftInput {
  to?: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  attachments?: ComposeAttachment[];
  draftId?: string;
}

/** Removes the actor's draft `draftId` inside `tx`; refuses (audited) a letter that is not the actor's draft. */
export async function consumeDraft(database: Database, tx: Parameters<typeof destroyLetter>[0], blobs: BlobStore, actor: MailActor, draftId: string): Promise<void> {
  const r = await tx.execute(sql`select 1 from letters where id = ${draftId} and mailbox_id = ${actor.mailboxId} and folder = 'drafts' and direction = 'draft' for update`);
  if (!r.rows.length) await refuseAccess(database, actor, 'useDraft', `letter:${draftId}`);
  await destroyLetter(tx, blobs, actor, draftId);
}

export async function saveDraft(deps: { database: Database; blobs: BlobStore; domain: string; limits: MailLimits }, actorIn: MailActor | undefined, input: DraftInput): Promise<{ letterId: string }> {
  const actor = await requireActor(deps.database, actorIn, 'sendLetter', 'draft');
  const to = (input.to ?? []).map(normaliseAddress);
  const cc = (input.cc ?? []).map(normaliseAddress);
  const bad = [...to.map((a, i) => [`to[${i}]`, a]), ...cc.map((a, i) => [`cc[${i}]`, a])].filter(([, a]) => !isAddress(a));
  const fields = bad.map(([name]) => fieldError(name, 'invalid_address', { kk: 'Электрондық пошта мекенжайы қате', ru: 'Неверный адрес электронной почты', en: 'Not a valid e-mail address' }));
  if (/[\r\n]/.test(input.subject ?? '')) fields.push(fieldError('subject', 'header_injection', { kk: 'Жол ауыстыру таңбасына рұқсат жоқ', ru: 'Перевод строки недопустим', en: 'Line breaks are not allowed here' }));
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const mb = await deps.database.db.execute<{ address: string; display_name: string }>(sql`select address, display_name from mailboxes where id = ${actor.mailboxId}`);
  if (!mb.rows[0]) throw new AppError('NOT_FOUND');
  let raw;
  try {
    raw = await deps.blobs.put(composeLetter({
      messageId: `<${randomUUID()}@${deps.domain}>`, from: { address: mb.rows[0].address, name: mb.rows[0].display_name }, to, cc,
      subject: input.subject ?? '', text: input.text, html: input.html, attachments: input.attachments ?? [], date: new Date(),
    }, deps.limits.attachmentsBytes), { maxBytes: deps.limits.messageBytes });
  } catch (err) {
    if (isAppError(err) && (err.code === 'MAIL_TOO_LARGE' || err.code === 'PAYLOAD_TOO_LARGE')) throw tooLarge(deps.limits.attachmentsBytes);
    throw err;
  }
  const parsed = await parseLetter(await deps.blobs.get(raw.sha256));
  return deps.database.db.transaction(async (tx) => {
    if (input.draftId) await consumeDraft(deps.database, tx, deps.blobs, actor, input.draftId);
    const { id } = await insertLetter(tx, deps.blobs, { mailboxId: actor.mailboxId, folder: 'drafts', direction: 'draft', parsed, raw, seen: true });
    return { letterId: id };
  });
}
