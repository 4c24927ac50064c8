/**
 * Puts a letter into a mailbox inside the caller's transaction: quota (mailboxes.used_bytes),
 * the index row with its search document, and the blob reference. Nothing else.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { AppError } from '../../shared/errors.ts';
import type { ParsedLetter } from './types.ts';

export interface NewLetter {
  /** Given when evidence naming the letter is signed before the row exists. */
  id?: string;
  mailboxId: string;
  folder: string;
  direction: 'in' | 'out' | 'draft';
  parsed: ParsedLetter;
  raw: { sha256: string; size: number };
  submissionId?: string | null;
  registered?: boolean;
  verifiedSender?: boolean;
  seen?: boolean;
  authResults?: unknown;
  /** Delivery notices reach a full mailbox all the same. */
  ignoreQuota?: boolean;
}

/** The lower-cased text trigram search runs over: subject, people, attachment names, body. */
export function searchDocument(p: ParsedLetter): string {
  return [p.subject, p.fromName, p.fromAddress, ...p.to, ...p.cc, ...p.attachments.map((a) => a.filename), p.text]
    .join('\n')
    .toLowerCase()
    .slice(0, 96 * 1024);
}

export async function chargeQuota(tx: Tx, mailboxId: string, bytes: number, ignoreQuota = false): Promise<void> {
  const r = await tx.execute(sql`
    update mailboxes set used_bytes = used_bytes + ${bytes}
    where id = ${mailboxId} and status = 'active' and (${ignoreQuota} or used_bytes + ${bytes} <= quota_bytes)
    returning id`);
  if (r.rows.length > 0) return;
  const mb = await tx.execute<{ status: string }>(sql`select status from mailboxes where id = ${mailboxId}`);
  if (!mb.rows[0]) throw new AppError('MAIL_UNKNOWN_RECIPIENT', { detail: `mailbox ${mailboxId} does not exist` });
  if (mb.rows[0].status !== 'active') throw new AppError('MAIL_MAILBOX_CLOSED', { detail: `mailbox ${mailboxId} is closed` });
  throw new AppError('MAIL_QUOTA_EXCEEDED', { detail: `mailbox ${mailboxId} cannot take ${bytes} more bytes` });
}

export async function insertLetter(tx: Tx, blobs: BlobStore, l: NewLetter): Promise<{ id: string; seq: number }> {
  await chargeQuota(tx, l.mailboxId, l.raw.size, l.ignoreQuota);
  const p = l.parsed;
  const doc = searchDocument(p);
  const r = await tx.execute<{ id: string; seq: string }>(sql`
    insert into letters (id, mailbox_id, folder, direction, submission_id, raw_sha256, size, message_id, in_reply_to, thread_id,
                         subject, from_address, from_name, to_addresses, cc_addresses, sent_at, snippet, has_attachments,
                         attachments, registered, verified_sender, seen, auth_results, search_text, search_tsv)
    values (coalesce(${l.id ?? null}::uuid, gen_random_uuid()), ${l.mailboxId}, ${l.folder}, ${l.direction}, ${l.submissionId ?? null}, ${l.raw.sha256}, ${l.raw.size},
            ${p.messageId}, ${p.inReplyTo}, ${p.threadId}, ${p.subject}, ${p.fromAddress}, ${p.fromName},
            ${JSON.stringify(p.to)}::jsonb, ${JSON.stringify(p.cc)}::jsonb, ${p.sentAt}::timestamptz, ${p.snippet},
            ${p.attachments.length > 0}, ${JSON.stringify(p.attachments)}::jsonb, ${l.registered ?? false},
            ${l.verifiedSender ?? false}, ${l.seen ?? false}, ${l.authResults === undefined ? null : JSON.stringify(l.authResults)}::jsonb,
            ${doc}, to_tsvector('simple', ${doc}))
    returning id, seq`);
  const row = r.rows[0];
  await addBlobRef(tx, blobs, l.raw, { kind: 'letter', id: row.id });
  return { id: row.id, seq: Number(row.seq) };
}
