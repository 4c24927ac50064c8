/**
 * The durable job `docflow.execution-reminder`, due at an assignment's deadline: if the work was
 * not accepted by then, the assignment is marked overdue and the executor's organisation is
 * alerted in the cabinet and by e-mail (DF-13).
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { docflowAlerts, docflowExecutions, docflowRegistrations } from './schema.ts';

export async function remindExecution(tx: Tx, deps: { now: () => Date }, executionId: string): Promise<'done' | 'overdue' | 'not_due' | 'gone'> {
  const [e] = await tx.select().from(docflowExecutions).where(eq(docflowExecutions.id, executionId)).for('update');
  if (!e) return 'gone';
  if (e.status === 'accepted' || e.overdueNotifiedAt) return 'done';
  const now = deps.now();
  if (now.getTime() <= e.deadline.getTime()) {
    const runAt = new Date(e.deadline.getTime() + 1000);
    await enqueueJob(tx, { kind: 'docflow.execution-reminder', payload: { executionId }, runAt, idempotencyKey: `docflow.exec:${executionId}:${runAt.getTime()}` });
    return 'not_due';
  }
  const [reg] = await tx.select({ number: docflowRegistrations.number }).from(docflowRegistrations).where(eq(docflowRegistrations.id, e.registrationId));
  await tx.update(docflowExecutions).set({ overdueNotifiedAt: now }).where(eq(docflowExecutions.id, executionId));
  const payload = { executionId, number: reg?.number ?? null, executorIin: e.executorIin, executorName: e.executorName, deadline: e.deadline.toISOString() };
  await tx.insert(docflowAlerts).values({ mailboxId: e.mailboxId, kind: 'execution_overdue', documentId: e.documentId, payload });
  const subject = `Орындау мерзімі өтті / Срок исполнения истёк: № ${reg?.number ?? ''}`;
  const text = `№ ${reg?.number ?? ''} құжатты орындау мерзімі ${e.deadline.toISOString()} өтті (орындаушы: ${e.executorName ?? e.executorIin}).\n\nСрок исполнения документа № ${reg?.number ?? ''} истёк ${e.deadline.toISOString()} (исполнитель: ${e.executorName ?? e.executorIin}).`;
  await enqueueJob(tx, { kind: 'docflow.notify', payload: { mailboxId: e.mailboxId, subject, text, idempotencyKey: `overdue:${executionId}` }, idempotencyKey: `docflow.notify:overdue:${executionId}` });
  await appendAudit(tx, { type: 'docflow.execution_overdue', payload: { executionId, documentId: e.documentId, deadline: e.deadline.toISOString() } }, { actor: 'system' });
  return 'overdue';
}
