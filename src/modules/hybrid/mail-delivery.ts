/**
 * The real MailDelivery: puts letters into jashik mailboxes with the mail module's own pieces
 * (composeLetter → blob → parseLetter → insertLetter, all in the caller's transaction), looks up
 * mailboxes by address and by IIN/BIN (directory, then mailboxes), reads when a letter was first
 * opened, and relays to external addresses through mail's outbox (`mail.relay` job).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { addBlobRef } from '../../storage/blob-refs.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { composeLetter } from '../mail/compose-letter.ts';
import { parseLetter } from '../mail/parse-letter.ts';
import { insertLetter } from '../mail/store-letter.ts';
import type { MailboxLetter, MailboxRef, MailDelivery } from './ports.ts';

const LETTER_LIMIT = 90 * 1024 * 1024;

export function jashikMailDelivery(deps: { blobs: BlobStore; domain: string }): MailDelivery {
  async function compose(l: Omit<MailboxLetter, 'mailboxId'>, to: string) {
    const messageId = `<${randomUUID()}@${deps.domain}>`;
    const stream = composeLetter({
      messageId, from: l.from, to: [to], cc: [], subject: l.subject, text: l.text, date: new Date(),
      attachments: l.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      headers: { 'X-Jashik-Hybrid': 'yes' },
    }, LETTER_LIMIT);
    const raw = await deps.blobs.put(stream, { maxBytes: LETTER_LIMIT });
    const parsed = await parseLetter(await deps.blobs.get(raw.sha256));
    return { messageId, raw, parsed };
  }

  return {
    async findMailbox(tx, address) {
      const r = await tx.execute<{ id: string; address: string; display_name: string }>(sql`
        select id, address, display_name from mailboxes where address = ${address} and status = 'active'`);
      const m = r.rows[0];
      return m ? { mailboxId: m.id, address: m.address, displayName: m.display_name } : null;
    },
    async findMailboxByIdNumber(tx, id) {
      const r = await tx.execute<{ id: string; address: string; display_name: string }>(sql`
        select m.id, m.address, m.display_name from directory_entries d join mailboxes m on m.id = d.mailbox_id
        where d.active and m.status = 'active' and ((d.kind = 'personal' and d.iin = ${id}) or (d.kind = 'organisation' and d.bin = ${id}))
        union all
        select m.id, m.address, m.display_name from mailboxes m
        where m.status = 'active' and ((m.kind = 'personal' and m.iin = ${id}) or (m.kind = 'organisation' and m.bin = ${id}))
        limit 1`);
      const m = r.rows[0];
      return m ? ({ mailboxId: m.id, address: m.address, displayName: m.display_name } satisfies MailboxRef) : null;
    },
    async deliverToMailbox(tx, l) {
      const mb = await tx.execute<{ address: string }>(sql`select address from mailboxes where id = ${l.mailboxId}`);
      const { raw, parsed } = await compose(l, mb.rows[0].address);
      const letter = await insertLetter(tx, deps.blobs, { mailboxId: l.mailboxId, folder: 'inbox', direction: 'in', parsed, raw, verifiedSender: l.verifiedSender });
      return { letterId: letter.id };
    },
    async openedAt(tx, letterId) {
      const r = await tx.execute<{ handed_over_at: string | null; seen: boolean }>(sql`select handed_over_at, seen from letters where id = ${letterId}`);
      const l = r.rows[0];
      if (!l) return null;
      if (l.handed_over_at) return new Date(l.handed_over_at);
      return l.seen ? new Date() : null;
    },
    async relayToExternal(tx, l) {
      const { messageId, raw, parsed } = await compose(l, l.to);
      const ins = await tx.execute<{ id: string }>(sql`
        insert into mail_submissions (sender_mailbox_id, message_id, raw_sha256, size, registered, recipients, parsed)
        values (null, ${messageId}, ${raw.sha256}, ${raw.size}, false, ${JSON.stringify([l.to])}::jsonb, ${JSON.stringify(parsed)}::jsonb)
        returning id`);
      const submissionId = ins.rows[0].id;
      await addBlobRef(tx, deps.blobs, raw, { kind: 'mail_submission', id: submissionId });
      await tx.execute(sql`insert into mail_deliveries (submission_id, recipient) values (${submissionId}, ${l.to})`);
      await enqueueJob(tx, { kind: 'mail.relay', payload: { submissionId, recipient: l.to }, idempotencyKey: `mail.relay:${submissionId}:${l.to}`, maxAttempts: 12 });
      return { reference: messageId };
    },
  };
}
