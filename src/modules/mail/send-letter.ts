/**
 * sendLetter (X-2, X-4): compose, store the raw message, and commit in ONE transaction the
 * submission, the sender's Sent copy, the per-recipient delivery jobs (transactional outbox),
 * the SubmissionAcceptance evidence of a registered letter and the audit row. The caller is
 * told "accepted" only after that commit; a repeat with the same Idempotency-Key returns the
 * first result.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { AppError, fieldError, isAppError } from '../../shared/errors.ts';
import { requireActor } from './access.ts';
import { composeLetter, tooLarge, type ComposeAttachment } from './compose-letter.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { parseLetter } from './parse-letter.ts';
import { insertLetter } from './store-letter.ts';
import type { EvidenceSigner, MailActor, MailLimits, ParsedLetter } from './types.ts';
import { validateLetter, type LetterFields } from './validate-letter.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { consumeDraft } from './save-draft.ts';

export interface SendLetterDeps {
  database: Database;
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
  limits: MailLimits;
}

export interface SendLetterInput extends LetterFields {
  attachments?: ComposeAttachment[];
  /** A letter of the sender's own mailbox this one answers (threads by References). */
  inReplyToLetterId?: string;
  idempotencyKey?: string;
  /** A draft of the sender's Drafts this letter was written in: removed when the letter is accepted. */
  draftId?: string;
}

export interface SendLetterResult {
  submissionId: string;
  letterId: string;
  messageId: string;
  registered: boolean;
  duplicate: boolean;
}

async function existingSubmission(tx: Tx, mailboxId: string, key: string): Promise<SendLetterResult | undefined> {
  const r = await tx.execute<{ id: string; sent_letter_id: string; message_id: string; registered: boolean }>(sql`
    select id, sent_letter_id, message_id, registered from mail_submissions where sender_mailbox_id = ${mailboxId} and idempotency_key = ${key}`);
  const s = r.rows[0];
  return s && { submissionId: s.id, letterId: s.sent_letter_id, messageId: s.message_id, registered: s.registered, duplicate: true };
}

export const isLocal = (address: string, domain: string) => address.endsWith(`@${domain}`);

export async function sendLetter(deps: SendLetterDeps, actorIn: MailActor | undefined, input: SendLetterInput): Promise<SendLetterResult> {
  const { database, blobs, domain } = deps;
  const actor = await requireActor(database, actorIn, 'sendLetter', 'letter');
  const { to, cc } = validateLetter(input, deps.limits);
  if (input.idempotencyKey) {
    const dup = await existingSubmission(database.db, actor.mailboxId, input.idempotencyKey);
    if (dup) return dup;
  }
  const senderRow = await database.db.execute<{ address: string; display_name: string; official: boolean; status: string }>(sql`
    select address, display_name, official, status from mailboxes where id = ${actor.mailboxId}`);
  const sender = senderRow.rows[0];
  if (!sender) throw new AppError('NOT_FOUND', { detail: `sender mailbox ${actor.mailboxId} does not exist` });
  if (sender.status !== 'active') throw new AppError('MAIL_MAILBOX_CLOSED');
  const recipients = [...new Set([...to, ...cc])];
  const registered = input.registered === true;

  const local = recipients.filter((a) => isLocal(a, domain));
  if (local.length) {
    const found = await database.db.execute<{ address: string }>(sql`
      select address from mailboxes where status = 'active' and address in (${sql.join(local.map((a) => sql`${a}`), sql`, `)})`);
    const known = new Set(found.rows.map((r) => r.address));
    const unknown = local.filter((a) => !known.has(a));
    if (unknown.length) {
      throw new AppError('MAIL_UNKNOWN_RECIPIENT', {
        detail: `unknown local recipients: ${unknown.join(', ')}`,
        fields: unknown.map((a) => fieldError(to.includes(a) ? `to[${to.indexOf(a)}]` : `cc[${cc.indexOf(a)}]`, 'unknown_recipient', { kk: 'Мұндай пошта жәшігі жоқ', ru: 'Такого почтового ящика нет', en: 'There is no such mailbox' })),
      });
    }
  }

  let inReplyTo: string | null = null;
  let references: string[] = [];
  if (input.inReplyToLetterId) {
    const r = await database.db.execute<{ message_id: string | null; thread_id: string | null; mailbox_id: string }>(sql`
      select message_id, thread_id, mailbox_id from letters where id = ${input.inReplyToLetterId}`);
    const orig = r.rows[0];
    if (orig && orig.mailbox_id === actor.mailboxId && orig.message_id) {
      inReplyTo = orig.message_id;
      references = [...new Set([orig.thread_id, orig.message_id].filter((x): x is string => !!x))];
    }
  }

  const messageId = `<${randomUUID()}@${domain}>`;
  let raw: { sha256: string; size: number };
  try {
    const stream = composeLetter(
      {
        messageId,
        from: { address: sender.address, name: sender.display_name },
        to,
        cc,
        subject: input.subject,
        text: input.text,
        html: input.html,
        attachments: input.attachments ?? [],
        inReplyTo,
        references,
        date: new Date(),
        headers: registered ? { 'X-Jashik-Registered': 'yes' } : undefined,
      },
      deps.limits.attachmentsBytes,
    );
    raw = await blobs.put(stream, { maxBytes: deps.limits.messageBytes });
  } catch (err) {
    if (isAppError(err) && (err.code === 'MAIL_TOO_LARGE' || err.code === 'PAYLOAD_TOO_LARGE')) throw tooLarge(deps.limits.attachmentsBytes);
    throw err;
  }
  const parsed: ParsedLetter = await parseLetter(await blobs.get(raw.sha256));
  const content = evidenceContent(messageId, raw, parsed);
  const evidenceDeps = { signer: deps.signer, operator: domain, audit: { actor: actor.actor, requestId: actor.requestId } };

  try {
    return await database.db.transaction(async (tx) => {
      const ins = await tx.execute<{ id: string }>(sql`
        insert into mail_submissions (sender_mailbox_id, idempotency_key, message_id, raw_sha256, size, registered, handover_deadline, recipients, parsed)
        values (${actor.mailboxId}, ${input.idempotencyKey ?? null}, ${messageId}, ${raw.sha256}, ${raw.size}, ${registered},
                ${input.handoverDeadline?.toISOString() ?? null}::timestamptz, ${JSON.stringify(recipients)}::jsonb, ${JSON.stringify(parsed)}::jsonb)
        on conflict (sender_mailbox_id, idempotency_key) do nothing
        returning id`);
      if (!ins.rows[0]) return (await existingSubmission(tx, actor.mailboxId, input.idempotencyKey!))!;
      const submissionId = ins.rows[0].id;
      const letter = await insertLetter(tx, blobs, {
        mailboxId: actor.mailboxId, folder: 'sent', direction: 'out', parsed, raw, submissionId, registered,
        verifiedSender: sender.official || registered, seen: true,
      });
      await tx.execute(sql`update mail_submissions set sent_letter_id = ${letter.id} where id = ${submissionId}`);
      if (input.draftId) await consumeDraft(database, tx, blobs, actor, input.draftId);
      // The submission holds the content until every recipient has it, whatever the sender deletes.
      await addBlobRef(tx, blobs, raw, { kind: 'mail_submission', id: submissionId });
      for (const rcpt of recipients) {
        await tx.execute(sql`insert into mail_deliveries (submission_id, recipient) values (${submissionId}, ${rcpt})`);
        const kind = isLocal(rcpt, domain) ? 'mail.deliver' : 'mail.relay';
        await enqueueJob(tx, { kind, payload: { submissionId, recipient: rcpt }, idempotencyKey: `${kind}:${submissionId}:${rcpt}`, maxAttempts: kind === 'mail.relay' ? 12 : 10 });
      }
      if (registered) {
        await issueEvidence(tx, evidenceDeps, {
          chain: submissionId, event: 'SubmissionAcceptance', content, sender: sender.address, recipient: recipients.join(', '),
          senderMailboxId: actor.mailboxId,
        });
      }
      await appendAudit(tx, { type: 'mail.sent', payload: { letterId: letter.id, submissionId, messageId, recipients: recipients.length, registered } }, { actor: actor.actor, requestId: actor.requestId });
      return { submissionId, letterId: letter.id, messageId, registered, duplicate: false };
    });
  } catch (err) {
    if (registered && isAppError(err) && err.code === 'MAIL_QUOTA_EXCEEDED') {
      // The refusal itself is evidence the sender can show: recorded in its own transaction.
      await database.db.transaction((tx) =>
        issueEvidence(tx, evidenceDeps, {
          chain: randomUUID(), event: 'SubmissionRejection', content, sender: sender.address, recipient: recipients.join(', '),
          senderMailboxId: actor.mailboxId, reason: { code: err.code, text: 'sender mailbox quota exhausted' },
        }),
      );
    }
    throw err;
  }
}
