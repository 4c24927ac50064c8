/**
 * Job `hybrid.print_if_unread` (digital first, paper fallback): at the deadline (N working days,
 * Asia/Almaty), if the recipient has not opened the e-letter, the item goes to paper — it gets
 * its S10 number and joins the next print batch — and the recipient's mailbox gets a notice that
 * it did. If the recipient opened it in time, no paper is made (ContentHandover evidence).
 */
import { sql } from 'drizzle-orm';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { HybridConfig } from './hybrid-config.ts';
import { recordItemEvent, scheduleBatch } from './item-events.ts';
import type { EvidenceSigner, MailDelivery } from './ports.ts';
import { allocateS10 } from './s10-allocate.ts';

export function printIfUnreadJob(deps: { signer: EvidenceSigner; operator: string; mail: MailDelivery; config: HybridConfig }): JobHandler {
  return async (job, { tx }) => {
    const { itemId } = job.payload as { itemId: string };
    const r = await tx.execute<{ id: string; status: string; letter_id: string | null; registered: boolean; print_centre: string | null; recipient_mailbox_id: string | null; sender_mailbox_id: string | null; content_sha256: string; content_pages: number; subject: string }>(sql`
      select id, status, letter_id, registered, print_centre, recipient_mailbox_id, sender_mailbox_id, content_sha256, content_pages, subject
      from hybrid_items where id = ${itemId} for update`);
    const item = r.rows[0];
    if (!item || item.status !== 'awaiting_read') return; // already decided (a repeated job)
    const opened = item.letter_id ? await deps.mail.openedAt(tx, item.letter_id) : null;
    const base = { id: item.id, s10: null, senderMailboxId: item.sender_mailbox_id, contentSha256: item.content_sha256, contentPages: item.content_pages };
    if (opened) {
      await recordItemEvent(tx, deps, base, { event: 'read_online', occurredAt: opened, place: null, actor: 'system' });
      await appendAudit(tx, { type: 'hybrid.print_fallback', payload: { itemId, outcome: 'read_online', s10: null } }, { actor: 'system' });
      return;
    }
    const now = new Date();
    const s10 = await allocateS10(tx, item.registered ? deps.config.serviceCodes.registered : deps.config.serviceCodes.ordinary, deps.config.country, now);
    await tx.execute(sql`update hybrid_items set s10 = ${s10}, accepted_at = ${now.toISOString()}::timestamptz where id = ${itemId}`);
    await tx.execute(sql`update hybrid_events set event = 'accepted_online' where item_id = ${itemId} and event = 'accepted'`);
    await recordItemEvent(tx, deps, { ...base, s10 }, { event: 'accepted', occurredAt: now, place: item.print_centre, actor: 'system', extra: { fallback: 'not opened by the deadline' } });
    await scheduleBatch(tx, item.print_centre!, deps.config.batchWindowMinutes, now);
    if (item.recipient_mailbox_id) {
      await deps.mail.deliverToMailbox(tx, {
        mailboxId: item.recipient_mailbox_id, from: { address: `mailer-daemon@${deps.operator}`, name: 'Jashik' }, verifiedSender: true, attachments: [],
        subject: `Қағазға басылды / Отправлено на бумаге / Sent on paper: ${item.subject}`.slice(0, 200),
        text: `Хат мерзімінде ашылмады, сондықтан ол қағаз түрінде жіберіледі. Трек-нөмір: ${s10}\nПисьмо не было открыто в срок и отправлено на бумаге. Трек-номер: ${s10}\nThe letter was not opened in time and is sent on paper. Tracking number: ${s10}\n`,
      });
    }
    await appendAudit(tx, { type: 'hybrid.print_fallback', payload: { itemId, outcome: 'printed', s10 } }, { actor: 'system' });
  };
}
