/**
 * searchLetters: full text over subject, body, sender, recipients and attachment names, for
 * Kazakh and Russian alike. No stemming (no Kazakh stemmer exists; `russian` mangles Kazakh):
 * words of three letters or more match anywhere, also inside a word, through the pg_trgm
 * index on the lower-cased search text; shorter words match whole words through the `simple`
 * tsvector. Filters: folder, date range, has-attachment, registered. Newest first, keyset pages.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError, fieldError } from '../../shared/errors.ts';
import { requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import { decodeCursor, encodeCursor, SUMMARY_COLUMNS, toSummary, type SummaryRow } from './letter-view.ts';
import { clampLimit, type LetterPage } from './list-letters.ts';
import type { MailActor } from './types.ts';

export interface SearchLettersInput {
  q: string;
  folder?: string;
  from?: Date;
  to?: Date;
  hasAttachments?: boolean;
  registered?: boolean;
  cursor?: string;
  limit?: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function termConditions(q: string): SQL[] {
  const terms = q.toLowerCase().split(/[\s,;:!?"'()<>[\]{}]+/u).filter(Boolean).slice(0, 10);
  return terms.map((t) =>
    [...t].length >= 3
      ? sql`search_text like ${`%${likeEscape(t)}%`}`
      : sql`search_tsv @@ plainto_tsquery('simple', ${t})`,
  );
}

export async function searchLetters(database: Database, actorIn: MailActor | undefined, input: SearchLettersInput): Promise<LetterPage> {
  const actor = await requireActor(database, actorIn, 'searchLetters', 'search');
  const terms = termConditions(input.q ?? '');
  if (terms.length === 0) {
    throw new AppError('VALIDATION_FAILED', { fields: [fieldError('q', 'required', { kk: 'Іздеу сөзін жазыңыз', ru: 'Введите слова для поиска', en: 'Type something to search for' })] });
  }
  const conds = [sql`mailbox_id = ${actor.mailboxId}`, ...terms];
  if (input.folder) conds.push(sql`folder = ${await resolveFolder(database.db, actor.mailboxId, input.folder)}`);
  if (input.from) conds.push(sql`received_at >= ${input.from.toISOString()}::timestamptz`);
  if (input.to) conds.push(sql`received_at < ${input.to.toISOString()}::timestamptz`);
  if (input.hasAttachments !== undefined) conds.push(sql`has_attachments = ${input.hasAttachments}`);
  if (input.registered !== undefined) conds.push(sql`registered = ${input.registered}`);
  const before = decodeCursor(input.cursor);
  if (before !== undefined) conds.push(sql`seq < ${before}`);
  const limit = clampLimit(input.limit);
  const r = await database.db.execute<SummaryRow>(sql`
    select ${SUMMARY_COLUMNS} from letters where ${sql.join(conds, sql` and `)}
    order by seq desc nulls last limit ${limit + 1}`);
  const rows = r.rows.slice(0, limit);
  return { letters: rows.map(toSummary), nextCursor: r.rows.length > limit ? encodeCursor(rows[rows.length - 1].seq) : null };
}
