/**
 * listLetters: one page of a folder, newest first, by keyset (`seq < cursor`) over the index
 * (mailbox_id, folder, seq desc), so a deep page costs what the first one does (MB-7).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import { decodeCursor, encodeCursor, SUMMARY_COLUMNS, toSummary, type SummaryRow, type LetterSummary } from './letter-view.ts';
import type { MailActor } from './types.ts';

export interface ListLettersInput {
  folder?: string;
  cursor?: string;
  limit?: number;
  unseen?: boolean;
  threadId?: string;
}

export interface LetterPage {
  letters: LetterSummary[];
  nextCursor: string | null;
}

export const clampLimit = (n: number | undefined) => Math.max(1, Math.min(200, n ?? 50));

export async function listLetters(database: Database, actorIn: MailActor | undefined, input: ListLettersInput = {}): Promise<LetterPage> {
  const actor = await requireActor(database, actorIn, 'listLetters', input.folder ?? 'inbox');
  const limit = clampLimit(input.limit);
  const before = decodeCursor(input.cursor);
  const conds = [sql`mailbox_id = ${actor.mailboxId}`];
  if (input.threadId) conds.push(sql`thread_id = ${input.threadId}`);
  else conds.push(sql`folder = ${await resolveFolder(database.db, actor.mailboxId, input.folder ?? 'inbox')}`);
  if (before !== undefined) conds.push(sql`seq < ${before}`);
  if (input.unseen) conds.push(sql`not seen`);
  const r = await database.db.execute<SummaryRow>(sql`
    select ${SUMMARY_COLUMNS} from letters where ${sql.join(conds, sql` and `)}
    order by seq desc nulls last limit ${limit + 1}`);
  const rows = r.rows.slice(0, limit);
  return { letters: rows.map(toSummary), nextCursor: r.rows.length > limit ? encodeCursor(rows[rows.length - 1].seq) : null };
}
