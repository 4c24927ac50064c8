/** Every durable job kind and its handler. A module adds its kinds here. */
import type { JobHandler } from '../storage/jobs/job-worker.ts';
import { deleteUnreferencedBlob } from '../storage/blob-refs.ts';
import type { AppContext } from './context.ts';
import { auditCheckpointJob, CHECKPOINT_JOB } from '../modules/audit/checkpoints/checkpoint-job.ts';
import { hybridJobHandlers } from '../modules/hybrid/hybrid-jobs.ts';
import { hybridDeps } from './hybrid-wiring.ts';

export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    'blob.delete': deleteUnreferencedBlob(ctx.blobs),
    // Signs the audit chain head every N entries or M minutes; schedules its own next run.
    [CHECKPOINT_JOB]: auditCheckpointJob(ctx),
    // Hybrid mail: print batches, print-if-unread deadlines, tracking webhooks.
    ...hybridJobHandlers(hybridDeps(ctx)),
  };
}
