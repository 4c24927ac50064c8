/** Reading a submission for its delivery jobs, and releasing its content once every recipient is served. */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { dropBlobRef } from '../../storage/blob-refs.ts';
import type { ParsedLetter } from './types.ts';

export interface SubmissionRow {
  id: string;
  senderMailboxId: string | null;
  senderAddress: string | null;
  messageId: string;
  rawSha256: string;
  size: number;
  registered: boolean;
  handoverDeadline: Date | null;
  parsed: ParsedLetter;
  verifiedSender: boolean;
}

export async function loadSubmission(tx: Tx, id: string): Promise<SubmissionRow | undefined> {
  const r = await tx.execute<{ id: string; sender_mailbox_id: string | null; address: string | null; official: boolean | null; message_id: string; raw_sha256: string; size: string; registered: boolean; handover_deadline: string | null; parsed: ParsedLetter }>(sql`
    select s.id, s.sender_mailbox_id, m.address, m.official, s.message_id, s.raw_sha256, s.size, s.registered, s.handover_deadline, s.parsed
    from mail_submissions s left join mailboxes m on m.id = s.sender_mailbox_id where s.id = ${id}`);
  const s = r.rows[0];
  if (!s) return undefined;
  return {
    id: s.id, senderMailboxId: s.sender_mailbox_id, senderAddress: s.address, messageId: s.message_id, rawSha256: s.raw_sha256,
    size: Number(s.size), registered: s.registered, handoverDeadline: s.handover_deadline ? new Date(s.handover_deadline) : null,
    parsed: s.parsed, verifiedSender: s.registered || s.official === true,
  };
}

/** Locks one delivery row; undefined when it is no longer pending (a repeat of a finished job). */
export async function lockPendingDelivery(tx: Tx, submissionId: string, recipient: string): Promise<boolean> {
  const r = await tx.execute<{ status: string }>(sql`
    select status from mail_deliveries where submission_id = ${submissionId} and recipient = ${recipient} for update`);
  return r.rows[0]?.status === 'pending';
}

export async function finishDelivery(tx: Tx, s: SubmissionRow, recipient: string, status: 'delivered' | 'relayed' | 'failed', opts: { letterId?: string; response?: string } = {}): Promise<void> {
  await tx.execute(sql`
    update mail_deliveries set status = ${status}, letter_id = ${opts.letterId ?? null}, last_response = ${opts.response?.slice(0, 1000) ?? null},
                               attempts = attempts + 1, updated_at = now()
    where submission_id = ${s.id} and recipient = ${recipient}`);
  const left = await tx.execute<{ n: string }>(sql`select count(*) as n from mail_deliveries where submission_id = ${s.id} and status = 'pending'`);
  if (Number(left.rows[0].n) === 0) await dropBlobRef(tx, s.rawSha256, { kind: 'mail_submission', id: s.id });
}
