/** The docflow's durable job kinds and their handlers (registered in src/app/job-handlers.ts). */
import type { Tx } from '../../storage/db/database.ts';
import type { JobContext, JobHandler, JobRecord } from '../../storage/jobs/job-worker.ts';
import { CHECK_BATCH, checkIncoming, checkIncomingMany } from './check-incoming.ts';
import { remindDueSoon } from './execution-due-soon.ts';
import { remindExecution } from './execution-reminders.ts';
import { watchReceipt } from './receipt-watch.ts';
import type { DocflowDeps } from './types.ts';

export function docflowJobHandlers(deps: Omit<DocflowDeps, 'database'>): Record<string, JobHandler> {
  return {
    // Arriving documents are checked CHECK_BATCH at a time in one transaction (a document that
    // fails its check fails only its own job).
    'docflow.check-incoming': Object.assign(
      async (job: JobRecord, { tx }: JobContext) => {
        await checkIncoming(tx, deps, (job.payload as { deliveryId: string }).deliveryId);
      },
      { batch: { max: CHECK_BATCH, run: (jobs: JobRecord[], { tx }: JobContext) => checkIncomingJobs(tx, deps, jobs) } },
    ),
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

/** The check job's batch: each job's delivery checked in one transaction; a job fails alone with its document's error. */
export async function checkIncomingJobs(tx: Tx, deps: Omit<DocflowDeps, 'database'>, jobs: JobRecord[]): Promise<(Error | undefined)[]> {
  const results = await checkIncomingMany(tx, deps, jobs.map((j) => (j.payload as { deliveryId: string }).deliveryId));
  return results.map((r) => (r instanceof Error ? r : undefined));
}
