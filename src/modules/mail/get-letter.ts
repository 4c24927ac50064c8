/**
 * getLetter / getLetterRaw: the owner reads one letter — its index, text and sanitised HTML, or
 * the raw message byte for byte as received. The first read of a registered letter by its
 * recipient is the ContentHandover: marked and attested in one transaction.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { refuseAccess, requireActor } from './access.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { LETTER_COLUMNS, toSummary, type LetterRow, type LetterSummary } from './letter-view.ts';
import { parseLetter } from './parse-letter.ts';
import { sanitizeLetterHtml } from './sanitize-html.ts';
import { loadSubmission } from './submission-state.ts';
import type { EvidenceSigner, MailActor } from './types.ts';

export interface ReadLetterDeps {
  database: Database;
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actor's own letter, or a refusal (audited) that does not say whether it exists. */
export async function ownLetter(database: Database, actor: MailActor, letterId: string, operation: string): Promise<LetterRow> {
  if (UUID_RE.test(letterId)) {
    const r = await database.db.execute<LetterRow>(sql`select ${LETTER_COLUMNS} from letters where id = ${letterId}`);
    if (r.rows[0] && r.rows[0].mailbox_id === actor.mailboxId) return r.rows[0];
  }
  return refuseAccess(database, actor, operation, `letter:${letterId}`);
}

async function markRead(tx: Tx, deps: ReadLetterDeps, actor: MailActor, row: LetterRow): Promise<void> {
  await tx.execute(sql`update letters set seen = true where id = ${row.id} and not seen`);
  if (!row.registered || row.direction !== 'in' || row.handed_over_at || !row.submission_id) return;
  const first = await tx.execute(sql`update letters set handed_over_at = now() where id = ${row.id} and handed_over_at is null returning id`);
  if (!first.rows.length) return;
  const s = await loadSubmission(tx, row.submission_id);
  if (!s) return;
  const me = await tx.execute<{ address: string }>(sql`select address from mailboxes where id = ${row.mailbox_id}`);
  await issueEvidence(tx, { signer: deps.signer, operator: deps.domain, audit: { actor: actor.actor, requestId: actor.requestId } }, {
    chain: s.id, event: 'ContentHandover', content: evidenceContent(s.messageId, { sha256: s.rawSha256, size: s.size }, s.parsed),
    sender: s.senderAddress, recipient: me.rows[0]?.address ?? null, senderMailboxId: s.senderMailboxId, recipientMailboxId: row.mailbox_id,
  });
}

export interface LetterWithBody {
  letter: LetterSummary;
  text: string;
  html: string | null;
}

export async function getLetter(deps: ReadLetterDeps, actorIn: MailActor | undefined, letterId: string): Promise<LetterWithBody> {
  const actor = await requireActor(deps.database, actorIn, 'getLetter', `letter:${letterId}`);
  const row = await ownLetter(deps.database, actor, letterId, 'getLetter');
  const parsed = await parseLetter(await deps.blobs.get(row.raw_sha256), { keepHtml: true });
  await deps.database.db.transaction((tx) => markRead(tx, deps, actor, row));
  const fresh = await deps.database.db.execute<LetterRow>(sql`select ${LETTER_COLUMNS} from letters where id = ${row.id}`);
  return { letter: toSummary(fresh.rows[0]), text: parsed.text, html: parsed.html ? sanitizeLetterHtml(parsed.html) : null };
}

export async function getLetterRaw(deps: ReadLetterDeps, actorIn: MailActor | undefined, letterId: string): Promise<{ stream: Readable; size: number; sha256: string; filename: string }> {
  const actor = await requireActor(deps.database, actorIn, 'getLetterRaw', `letter:${letterId}`);
  const row = await ownLetter(deps.database, actor, letterId, 'getLetterRaw');
  const stream = await deps.blobs.get(row.raw_sha256);
  await deps.database.db.transaction((tx) => markRead(tx, deps, actor, row));
  return { stream, size: Number(row.size), sha256: row.raw_sha256, filename: `${row.id}.eml` };
}
