/**
 * listLetters: one page of a folder, newest first, by keyset (`seq < cursor`) over the index
 * (mailbox_id, folder, seq desc), so a deep page costs what the first one does (MB-7).
 *
 * The page is read by one of four prepared statements (folder or thread, all or unseen only),
 * built once per database handle and planned once per connection: a listing is the most frequent
 * request there is, and parsing and planning it each time cost more than running it. Timestamps
 * are read as milliseconds since the epoch, which need no date parsing to become ISO strings.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Db } from '../../storage/db/database.ts';
import { requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import { decodeCursor, encodeCursor, toSummary, type SummaryRow, type LetterSummary } from './letter-view.ts';
import { letters } from './schema.ts';
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

/** No cursor: every letter is older than this. */
const NO_CURSOR = Number.MAX_SAFE_INTEGER;

/** Milliseconds since the epoch, truncated as JavaScript dates truncate microseconds. */
const epochMs = <T extends number | null>(column: AnyPgColumn) => sql<T>`floor(extract(epoch from ${column}) * 1000)::float8`;

function pageStatement(db: Db, byThread: boolean, unseen: boolean) {
  return db
    .select({
      id: letters.id, seq: sql<string>`${letters.seq}::text`, folder: letters.folder, direction: letters.direction, size: letters.size,
      message_id: letters.messageId, thread_id: letters.threadId, subject: letters.subject, from_address: letters.fromAddress, from_name: letters.fromName,
      to_addresses: letters.toAddresses, cc_addresses: letters.ccAddresses, sent_at: epochMs<number | null>(letters.sentAt), received_at: epochMs<number>(letters.receivedAt),
      snippet: letters.snippet, seen: letters.seen, flagged: letters.flagged, keywords: letters.keywords, has_attachments: letters.hasAttachments,
      attachments: letters.attachments, registered: letters.registered, verified_sender: letters.verifiedSender, handed_over_at: epochMs<number | null>(letters.handedOverAt),
    })
    .from(letters)
    .where(and(
      eq(letters.mailboxId, sql.placeholder('mailboxId')),
      byThread ? eq(letters.threadId, sql.placeholder('key')) : eq(letters.folder, sql.placeholder('key')),
      lt(letters.seq, sql.placeholder('before')),
      unseen ? eq(letters.seen, false) : undefined,
    ))
    .orderBy(desc(letters.seq))
    .limit(sql.placeholder('limit'))
    .prepare(`list_letters_${byThread ? 'thread' : 'folder'}${unseen ? '_unseen' : ''}`);
}
type PageStatement = ReturnType<typeof pageStatement>;
const statements = new WeakMap<Db, Map<string, PageStatement>>();

function statementFor(db: Db, byThread: boolean, unseen: boolean): PageStatement {
  let byShape = statements.get(db);
  if (!byShape) statements.set(db, (byShape = new Map()));
  const key = `${byThread}/${unseen}`;
  let s = byShape.get(key);
  if (!s) byShape.set(key, (s = pageStatement(db, byThread, unseen)));
  return s;
}

export async function listLetters(database: Database, actorIn: MailActor | undefined, input: ListLettersInput = {}): Promise<LetterPage> {
  const actor = await requireActor(database, actorIn, 'listLetters', input.folder ?? 'inbox');
  const limit = clampLimit(input.limit);
  const before = decodeCursor(input.cursor);
  const byThread = Boolean(input.threadId);
  const key = byThread ? input.threadId! : await resolveFolder(database.db, actor.mailboxId, input.folder ?? 'inbox');
  const rows: SummaryRow[] = await statementFor(database.db, byThread, Boolean(input.unseen)).execute({
    mailboxId: actor.mailboxId, key, before: before === undefined ? NO_CURSOR : before, limit: limit + 1,
  });
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  return { letters: page.map(toSummary), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null };
}
