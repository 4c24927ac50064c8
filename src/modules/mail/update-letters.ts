/**
 * Changing letters the actor owns: read/unread, flag and keywords, moving between folders,
 * and deleting (to Trash first; from Trash for good, releasing quota and the blob reference).
 * A list naming any letter of another mailbox is refused whole, and the refusal audited.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { dropBlobRef } from '../../storage/blob-refs.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { refuseAccess, requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import type { MailActor } from './types.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEYWORD_RE = /^[\p{L}\p{N}_.-]{1,40}$/u;

async function ownIds(database: Database, actor: MailActor, ids: string[], operation: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > 1000) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('ids', 'count', { kk: '1–1000 хат таңдаңыз', ru: 'Выберите от 1 до 1000 писем', en: 'Choose 1 to 1000 letters' })] });
  }
  if (unique.some((id) => !UUID_RE.test(id))) return refuseAccess(database, actor, operation, `letters:${unique.join(',')}`.slice(0, 500));
  const r = await database.db.execute<{ n: string }>(sql`
    select count(*) as n from letters where mailbox_id = ${actor.mailboxId} and id in (${sql.join(unique.map((i) => sql`${i}`), sql`, `)})`);
  if (Number(r.rows[0].n) !== unique.length) return refuseAccess(database, actor, operation, `letters:${unique.join(',')}`.slice(0, 500));
  return unique;
}

const idList = (ids: string[]) => sql.join(ids.map((i) => sql`${i}`), sql`, `);

export interface MarkInput {
  ids: string[];
  seen?: boolean;
  flagged?: boolean;
  keywords?: string[];
}

export async function markLetters(database: Database, actorIn: MailActor | undefined, input: MarkInput): Promise<{ updated: number }> {
  const actor = await requireActor(database, actorIn, 'markLetters', 'letters');
  if (input.keywords?.some((k) => !KEYWORD_RE.test(k)) || (input.keywords?.length ?? 0) > 20) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('keywords', 'invalid', { kk: 'Белгі жарамсыз', ru: 'Недопустимая метка', en: 'Not a valid keyword' })] });
  }
  const ids = await ownIds(database, actor, input.ids, 'markLetters');
  const sets = [];
  if (input.seen !== undefined) sets.push(sql`seen = ${input.seen}`);
  if (input.flagged !== undefined) sets.push(sql`flagged = ${input.flagged}`);
  if (input.keywords !== undefined) sets.push(sql`keywords = ${JSON.stringify([...new Set(input.keywords)])}::jsonb`);
  if (!sets.length) return { updated: 0 };
  const r = await database.db.execute(sql`update letters set ${sql.join(sets, sql`, `)} where mailbox_id = ${actor.mailboxId} and id in (${idList(ids)})`);
  return { updated: r.rowCount ?? 0 };
}

export async function moveLetters(database: Database, actorIn: MailActor | undefined, input: { ids: string[]; folder: string }): Promise<{ updated: number }> {
  const actor = await requireActor(database, actorIn, 'moveLetters', 'letters');
  const ids = await ownIds(database, actor, input.ids, 'moveLetters');
  const folder = await resolveFolder(database.db, actor.mailboxId, input.folder);
  const r = await database.db.execute(sql`update letters set folder = ${folder} where mailbox_id = ${actor.mailboxId} and id in (${idList(ids)})`);
  return { updated: r.rowCount ?? 0 };
}

export async function destroyLetter(tx: Tx, blobs: BlobStore, actor: MailActor, id: string): Promise<void> {
  const r = await tx.execute<{ raw_sha256: string; size: string; mailbox_id: string }>(sql`
    delete from letters where id = ${id} and mailbox_id = ${actor.mailboxId} returning raw_sha256, size, mailbox_id`);
  const row = r.rows[0];
  if (!row) return;
  await tx.execute(sql`update mailboxes set used_bytes = greatest(0, used_bytes - ${Number(row.size)}) where id = ${row.mailbox_id}`);
  await dropBlobRef(tx, row.raw_sha256, { kind: 'letter', id });
  await appendAudit(tx, { type: 'mail.deleted', payload: { letterId: id, mailboxId: row.mailbox_id } }, { actor: actor.actor, requestId: actor.requestId });
}

/** Letters outside Trash go to Trash; letters in Trash are deleted for good. */
export async function deleteLetters(deps: { database: Database; blobs: BlobStore }, actorIn: MailActor | undefined, input: { ids: string[] }): Promise<{ trashed: number; deleted: number }> {
  const actor = await requireActor(deps.database, actorIn, 'deleteLetters', 'letters');
  const ids = await ownIds(deps.database, actor, input.ids, 'deleteLetters');
  return deps.database.db.transaction(async (tx) => {
    const inTrash = await tx.execute<{ id: string }>(sql`select id from letters where mailbox_id = ${actor.mailboxId} and folder = 'trash' and id in (${idList(ids)}) for update`);
    for (const { id } of inTrash.rows) await destroyLetter(tx, deps.blobs, actor, id);
    const moved = await tx.execute(sql`update letters set folder = 'trash' where mailbox_id = ${actor.mailboxId} and folder <> 'trash' and id in (${idList(ids)})`);
    return { trashed: moved.rowCount ?? 0, deleted: inTrash.rows.length };
  });
}
