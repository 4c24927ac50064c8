/** The docflow's durable job kinds and their handlers (registered in src/app/job-handlers.ts). */
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { checkIncoming } from './check-incoming.ts';
import { remindDueSoon } from './execution-due-soon.ts';
import { remindExecution } from './execution-reminders.ts';
import { watchReceipt } from './receipt-watch.ts';
import type { DocflowDeps } from './types.ts';

export function docflowJobHandlers(deps: Omit<DocflowDeps, 'database'>): Record<string, JobHandler> {
  return {
    'docflow.check-incoming': async (job, { tx }) => {
      await checkIncoming(tx, deps, (job.payload as { deliveryId: string }).deliveryId);
    },
    'docflow.receipt-watch': async (job, { tx }) => {
      await watchReceipt(tx, deps, (job.payload as { deliveryId: string }).deliveryId);
    },
    'docflow.execution-reminder': async (job, { tx }) => {
      await remindExecution(tx, deps, (job.payload as { executionId: string }).executionId);
    },
    'docflow.execution-due-soon': async (job, { tx }) => {
      await remindDueSoon(tx, deps, (job.payload as { executionId: string }).executionId);
    },
    'docflow.notify': async (job, { tx }) => {
      const p = job.payload as { mailboxId: string; subject: string; text: string; idempotencyKey: string };
      await deps.notifier.email(tx, p);
    },
  };
}
