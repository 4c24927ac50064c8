/**
 * Folders: the system ones (inbox, sent, drafts, trash, archive, junk) and a mailbox's own.
 * A folder reference is a system name or a user folder's id; it is resolved for the actor's
 * mailbox only, so another mailbox's folder is "not found".
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { requireActor } from './access.ts';
import { SYSTEM_FOLDERS, type MailActor } from './types.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function resolveFolder(tx: Tx, mailboxId: string, folder: string): Promise<string> {
  if ((SYSTEM_FOLDERS as readonly string[]).includes(folder)) return folder;
  if (UUID_RE.test(folder)) {
    const r = await tx.execute(sql`select 1 from mail_folders where id = ${folder} and mailbox_id = ${mailboxId}`);
    if (r.rows.length) return folder;
  }
  throw new AppError('VALIDATION_FAILED', {
    detail: `no folder ${folder} in mailbox ${mailboxId}`,
    fields: [fieldError('folder', 'unknown_folder', { kk: 'Мұндай бума жоқ', ru: 'Такой папки нет', en: 'There is no such folder' })],
  });
}

export interface FolderView {
  id: string;
  name: string;
  system: boolean;
  total: number;
  unread: number;
}

export async function listFolders(database: Database, actorIn: MailActor | undefined): Promise<{ folders: FolderView[]; usedBytes: number; quotaBytes: number }> {
  const actor = await requireActor(database, actorIn, 'listFolders', 'folders');
  const db = database.db;
  const counts = await db.execute<{ folder: string; total: string; unread: string }>(sql`
    select folder, count(*) as total, count(*) filter (where not seen) as unread from letters where mailbox_id = ${actor.mailboxId} group by folder`);
  const byFolder = new Map(counts.rows.map((r) => [r.folder, { total: Number(r.total), unread: Number(r.unread) }]));
  const own = await db.execute<{ id: string; name: string }>(sql`select id, name from mail_folders where mailbox_id = ${actor.mailboxId} order by name`);
  const mb = await db.execute<{ used_bytes: string; quota_bytes: string }>(sql`select used_bytes, quota_bytes from mailboxes where id = ${actor.mailboxId}`);
  const folders: FolderView[] = [
    ...SYSTEM_FOLDERS.map((f) => ({ id: f, name: f, system: true, ...(byFolder.get(f) ?? { total: 0, unread: 0 }) })),
    ...own.rows.map((f) => ({ id: f.id, name: f.name, system: false, ...(byFolder.get(f.id) ?? { total: 0, unread: 0 }) })),
  ];
  return { folders, usedBytes: Number(mb.rows[0]?.used_bytes ?? 0), quotaBytes: Number(mb.rows[0]?.quota_bytes ?? 0) };
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n || n.length > 100 || /[\r\n\t]/.test(n) || (SYSTEM_FOLDERS as readonly string[]).includes(n.toLowerCase())) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [fieldError('name', 'invalid_folder_name', { kk: 'Бума атауы жарамсыз', ru: 'Недопустимое имя папки', en: 'Not a valid folder name' })],
    });
  }
  return n;
}

export async function createFolder(database: Database, actorIn: MailActor | undefined, name: string): Promise<{ id: string; name: string }> {
  const actor = await requireActor(database, actorIn, 'createFolder', 'folders');
  const n = checkName(name);
  const r = await database.db.execute<{ id: string }>(sql`
    insert into mail_folders (mailbox_id, name) values (${actor.mailboxId}, ${n}) on conflict (mailbox_id, name) do nothing returning id`);
  if (!r.rows[0]) {
    throw new AppError('CONFLICT', { fields: [fieldError('name', 'taken', { kk: 'Мұндай бума бар', ru: 'Такая папка уже есть', en: 'A folder with this name exists' })] });
  }
  return { id: r.rows[0].id, name: n };
}

/** Deleting a user folder moves its letters to Trash; nothing is lost silently. */
export async function deleteFolder(database: Database, actorIn: MailActor | undefined, folderId: string): Promise<void> {
  const actor = await requireActor(database, actorIn, 'deleteFolder', folderId);
  await database.db.transaction(async (tx) => {
    if (!UUID_RE.test(folderId)) throw new AppError('NOT_FOUND');
    const d = await tx.execute(sql`delete from mail_folders where id = ${folderId} and mailbox_id = ${actor.mailboxId} returning id`);
    if (!d.rows.length) throw new AppError('NOT_FOUND');
    await tx.execute(sql`update letters set folder = 'trash' where mailbox_id = ${actor.mailboxId} and folder = ${folderId}`);
  });
}
