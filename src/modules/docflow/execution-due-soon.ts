/**
 * The durable job `docflow.execution-due-soon` (DF-13): one working day before an assignment's
 * deadline — at 00:00 Almaty time of the last working day before the deadline's day, on the
 * working-day calendar (weekends and holidays skipped) — the executor's organisation is reminded
 * in the cabinet and by e-mail while the work is still open. Alongside the overdue alert
 * (`execution-reminders.ts`), which fires after the deadline. Idempotent: one reminder per
 * assignment, whatever the retries.
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { almatyDateOf, isWorkingDay, startOfAlmatyDay } from '../../domain/working-days.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { docflowAlerts, docflowExecutions, docflowRegistrations } from './schema.ts';

function previousDate(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** When a deadline becomes "due soon": the start of the last working day before the deadline's (Almaty) day. */
export function dueSoonAt(deadline: Date): Date {
  let day = previousDate(almatyDateOf(deadline));
  for (let i = 0; i < 60 && !isWorkingDay(day); i++) day = previousDate(day);
  return startOfAlmatyDay(day);
}

/** Schedules the due-soon reminder of a new assignment (in the assigning transaction); none when that moment has passed. */
export async function scheduleDueSoon(tx: Tx, executionId: string, deadline: Date, now: Date): Promise<Date | undefined> {
  const runAt = dueSoonAt(deadline);
  if (runAt.getTime() <= now.getTime()) return undefined;
  await enqueueJob(tx, { kind: 'docflow.execution-due-soon', payload: { executionId }, runAt, idempotencyKey: `docflow.exec-due-soon:${executionId}:${runAt.getTime()}` });
  return runAt;
}

export async function remindDueSoon(tx: Tx, deps: { now: () => Date }, executionId: string): Promise<'reminded' | 'done' | 'not_due' | 'gone'> {
  const [e] = await tx.select().from(docflowExecutions).where(eq(docflowExecutions.id, executionId)).for('update');
  if (!e) return 'gone';
  const now = deps.now();
  // Reported, accepted or already past the deadline (then the overdue alert speaks): nothing to remind.
  if (e.status !== 'assigned' || now.getTime() > e.deadline.getTime()) return 'done';
  const at = dueSoonAt(e.deadline);
  if (now.getTime() < at.getTime()) {
    await enqueueJob(tx, { kind: 'docflow.execution-due-soon', payload: { executionId }, runAt: at, idempotencyKey: `docflow.exec-due-soon:${executionId}:${at.getTime()}` });
    return 'not_due';
  }
  const already = await tx.execute(sql`select 1 from docflow_alerts where kind = 'execution_due_soon' and document_id = ${e.documentId} and payload->>'executionId' = ${executionId} limit 1`);
  if (already.rows.length) return 'done';
  const [reg] = await tx.select({ number: docflowRegistrations.number }).from(docflowRegistrations).where(eq(docflowRegistrations.id, e.registrationId));
  const number = reg?.number ?? '';
  const who = e.executorName ?? e.executorIin;
  const payload = { executionId, number: reg?.number ?? null, executorIin: e.executorIin, executorName: e.executorName, deadline: e.deadline.toISOString() };
  await tx.insert(docflowAlerts).values({ mailboxId: e.mailboxId, kind: 'execution_due_soon', documentId: e.documentId, payload });
  const subject = `Орындау мерзімі жақындады / Срок исполнения подходит: № ${number}`;
  const text = `№ ${number} құжатты орындау мерзімі: ${e.deadline.toISOString()} (орындаушы: ${who}).\n\nСрок исполнения документа № ${number}: ${e.deadline.toISOString()} (исполнитель: ${who}).`;
  await enqueueJob(tx, { kind: 'docflow.notify', payload: { mailboxId: e.mailboxId, subject, text, idempotencyKey: `due-soon:${executionId}` }, idempotencyKey: `docflow.notify:due-soon:${executionId}` });
  await appendAudit(tx, { type: 'docflow.execution_due_soon', payload: { executionId, documentId: e.documentId, deadline: e.deadline.toISOString() } }, { actor: 'system' });
  return 'reminded';
}
