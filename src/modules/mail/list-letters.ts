/**
 * listLetters: one page of a folder, newest first, by keyset (`seq < cursor`) over the index
 * (mailbox_id, folder, seq desc), so a deep page costs what the first one does (MB-7).
 *
 * A listing is the most frequent request there is, so its query is built once: one of four named
 * prepared statements (folder or thread, all or unseen only), planned once per connection and
 * run on the pool directly — rows come back as the driver makes them, with none of the query
 * builder's per-column mapping. After five runs PostgreSQL may keep a generic plan: with many
 * mailboxes that is the (mailbox_id, folder, seq) index scan; with only a few (the benchmark's
 * two) it may walk the seq index backwards and filter, which is cheap only while the mailboxes'
 * letters interleave — check `explain execute` if an installation has few, very unequal mailboxes.
 *
 * The page is written as JSON here (`listLettersJson`, what the route sends): the letterSummary
 * wire form straight from the row — id, timestamps, numbers, booleans and jsonb arrays as
 * PostgreSQL prints them, the text fields through JSON.stringify — instead of row → objects →
 * schema serializer. A test holds it equal to what the letter view and the response schema make
 * of the same rows.
 */
import pg from 'pg';
import { sql, type Placeholder } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../../storage/db/database.ts';
import { requireActor } from './access.ts';
import { resolveFolder } from './folders.ts';
import { decodeCursor, encodeCursor, type LetterSummary } from './letter-view.ts';
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

/**
 * A timestamp as JavaScript's toISOString writes it, or null: UTC, milliseconds cut (not rounded)
 * from PostgreSQL's microseconds, as `new Date(…)` does — also before 1970.
 */
const isoJson = (column: string) => `coalesce('"' || to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')`;

/**
 * The summary's columns, read for writing JSON. The members that need no escaping — the id (a
 * uuid), timestamps, numbers, booleans and the jsonb arrays, none of them NULL but the nullable
 * timestamps handled above — come joined into one JSON text by PostgreSQL (`plain`), so each row
 * brings 11 fields to decode instead of 23; the free-text ones are escaped by JSON.stringify.
 */
const PAGE_COLUMNS = sql.raw(`seq, folder, direction, message_id, thread_id, subject, from_address, from_name, snippet, attachments,
  '"id":"' || id::text || '","sentAt":' || ${isoJson('sent_at')} || ',"receivedAt":' || ${isoJson('received_at')} ||
  ',"handedOverAt":' || ${isoJson('handed_over_at')} || ',"to":' || to_addresses::text || ',"cc":' || cc_addresses::text ||
  ',"size":' || size::text || ',"seen":' || seen::text || ',"flagged":' || flagged::text || ',"keywords":' || keywords::text ||
  ',"hasAttachments":' || has_attachments::text || ',"registered":' || registered::text ||
  ',"verifiedSender":' || verified_sender::text as plain`);

type PageParams = { mailboxId: string; key: string; before: number; limit: number };

interface PageStatement {
  name: string;
  text: string;
  params: (keyof PageParams)[];
}

function pageStatement(byThread: boolean, unseen: boolean): PageStatement {
  const q = new PgDialect().sqlToQuery(sql`
    select ${PAGE_COLUMNS} from letters
    where mailbox_id = ${sql.placeholder('mailboxId')} and ${byThread ? sql`thread_id` : sql`folder`} = ${sql.placeholder('key')}
      and seq < ${sql.placeholder('before')}${unseen ? sql` and not seen` : sql``}
    order by seq desc limit ${sql.placeholder('limit')}`);
  return { name: `list_letters_${byThread ? 'thread' : 'folder'}${unseen ? '_unseen' : ''}`, text: q.sql, params: q.params.map((p) => (p as Placeholder<keyof PageParams>).name) };
}
const STATEMENTS = new Map([false, true].flatMap((byThread) => [false, true].map((unseen) => [`${byThread}/${unseen}`, pageStatement(byThread, unseen)] as const)));

/** A page row as the driver returns it, the jsonb columns left as JSON text. */
interface PageRow {
  seq: string; folder: string; direction: string; message_id: string | null; thread_id: string | null; subject: string;
  from_address: string; from_name: string; snippet: string; attachments: string; plain: string;
}

const JSONB_OID = 3802;
/** The driver's usual parsers, except that jsonb stays text: it is JSON already. */
const KEEP_JSONB = { getTypeParser: (oid: number, format?: string) => (oid === JSONB_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) };

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/** Attachment entries carry only what the letterSummary schema shows. */
function attachmentsJson(text: string): string {
  if (text === '[]') return text;
  const list = JSON.parse(text) as { filename: string; contentType: string; size: number; sha256: string }[];
  return JSON.stringify(list.map((a) => ({ filename: String(a.filename), contentType: String(a.contentType), size: Math.trunc(Number(a.size)), sha256: String(a.sha256) })));
}

/** One letter as the letterSummary schema has it (see toSummary in letter-view.ts for the object form). */
function summaryJson(r: PageRow): string {
  return `{${r.plain},"folder":${str(r.folder)},"direction":${str(r.direction)},"messageId":${str(r.message_id)},"threadId":${str(r.thread_id)},` +
    `"subject":${str(r.subject)},"from":{"address":${str(r.from_address)},"name":${str(r.from_name)}},"snippet":${str(r.snippet)},` +
    `"attachments":${attachmentsJson(r.attachments)}}`;
}

/** The page as the listLetters response body (letterPage schema), JSON text. */
export async function listLettersJson(database: Database, actorIn: MailActor | undefined, input: ListLettersInput = {}): Promise<string> {
  const actor = await requireActor(database, actorIn, 'listLetters', input.folder ?? 'inbox');
  const limit = clampLimit(input.limit);
  const before = decodeCursor(input.cursor);
  const byThread = Boolean(input.threadId);
  const key = byThread ? input.threadId! : await resolveFolder(database.db, actor.mailboxId, input.folder ?? 'inbox');
  const statement = STATEMENTS.get(`${byThread}/${Boolean(input.unseen)}`)!;
  const params: PageParams = { mailboxId: actor.mailboxId, key, before: before === undefined ? NO_CURSOR : before, limit: limit + 1 };
  const { rows } = await database.pool.query<PageRow>({ name: statement.name, text: statement.text, values: statement.params.map((p) => params[p]), types: KEEP_JSONB });
  const n = Math.min(rows.length, limit);
  let out = '{"letters":[';
  for (let i = 0; i < n; i++) out += (i ? ',' : '') + summaryJson(rows[i]);
  return `${out}],"nextCursor":${rows.length > limit ? str(encodeCursor(rows[n - 1].seq)) : 'null'}}`;
}

/** The page as objects (services and tests); the same text as the route sends, parsed. */
export async function listLetters(database: Database, actorIn: MailActor | undefined, input: ListLettersInput = {}): Promise<LetterPage> {
  return JSON.parse(await listLettersJson(database, actorIn, input)) as LetterPage;
}
