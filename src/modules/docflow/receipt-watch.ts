/**
 * Delivery watch (DF-11), the durable job `docflow.receipt-watch` due one working day after
 * sending (Kazakhstan working-day calendar): without a notification-receipt the document counts
 * as not delivered, and the sender is alerted in the cabinet and by e-mail to confirm receipt
 * by other means. The alert is logged; a receipt arriving later is logged as late.
 */
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { loadMailbox } from './access.ts';
import { docflowAlerts, docflowDeliveries, docflowRegistrations } from './schema.ts';


export async function watchReceipt(tx: Tx, deps: { now: () => Date }, deliveryId: string): Promise<'delivered' | 'alerted' | 'not_due' | 'gone'> {
  const [d] = await tx.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, deliveryId)).for('update');
  if (!d) return 'gone';
  if (d.receiptId) return 'delivered';
  if (d.alertedAt) return 'alerted';
  const due = addWorkingDays(d.sentAt, 1);
  const now = deps.now();
  if (now.getTime() < due.getTime()) {
    await enqueueJob(tx, { kind: 'docflow.receipt-watch', payload: { deliveryId }, runAt: due, idempotencyKey: `docflow.watch:${deliveryId}:${due.getTime()}` });
    return 'not_due';
  }
  const recipient = await loadMailbox(tx, d.recipientMailboxId);
  const [reg] = await tx.select({ number: docflowRegistrations.number }).from(docflowRegistrations).where(and(eq(docflowRegistrations.documentId, d.documentId), eq(docflowRegistrations.mailboxId, d.senderMailboxId), eq(docflowRegistrations.journal, 'outgoing')));
  await tx.update(docflowDeliveries).set({ alertedAt: now }).where(eq(docflowDeliveries.id, deliveryId));
  const payload = { deliveryId, recipient: recipient?.address ?? null, recipientName: recipient?.display_name ?? null, number: reg?.number ?? null, sentAt: d.sentAt.toISOString(), due: due.toISOString() };
  await tx.insert(docflowAlerts).values({ mailboxId: d.senderMailboxId, kind: 'receipt_missing', documentId: d.documentId, payload });
  const subject = `Хабарлама-түбіртек жоқ / Нет уведомления-квитанции: № ${reg?.number ?? d.documentId}`;
  const text = [
    `Құжат № ${reg?.number ?? ''} ${recipient?.display_name ?? ''} (${recipient?.address ?? ''}) мекенжайына ${d.sentAt.toISOString()} жіберілді; бір жұмыс күні ішінде хабарлама-түбіртек келмеді. Алушыға растаудың жоқтығы туралы басқа байланыс құралдарымен хабарлаңыз.`,
    `Документ № ${reg?.number ?? ''} отправлен ${d.sentAt.toISOString()} в адрес ${recipient?.display_name ?? ''} (${recipient?.address ?? ''}); в течение рабочего дня уведомление-квитанция не поступила. Сообщите получателю об отсутствии подтверждения иными средствами связи.`,
  ].join('\n\n');
  await enqueueJob(tx, { kind: 'docflow.notify', payload: { mailboxId: d.senderMailboxId, subject, text, idempotencyKey: `receipt-missing:${deliveryId}` }, idempotencyKey: `docflow.notify:receipt-missing:${deliveryId}` });
  await appendAudit(tx, { type: 'docflow.receipt_missing', payload: { documentId: d.documentId, deliveryId, sentAt: d.sentAt.toISOString() } }, { actor: 'system' });
  return 'alerted';
}
