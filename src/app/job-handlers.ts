/** Every durable job kind and its handler. A module adds its kinds here. */
import type { JobHandler } from '../storage/jobs/job-worker.ts';
import { deleteUnreferencedBlob } from '../storage/blob-refs.ts';
import { blobSweepJobHandlers } from '../storage/blob-sweep.ts';
import type { AppContext } from './context.ts';
import { docflowJobHandlers } from '../modules/docflow/jobs.ts';
import { docflowDeps } from './docflow-wiring.ts';
import { auditCheckpointJob, CHECKPOINT_JOB } from '../modules/audit/checkpoints/checkpoint-job.ts';
import { mailJobHandlers } from '../modules/mail/mail-jobs.ts';
import { mailRuntime } from '../modules/mail/mail-runtime.ts';
import { hybridJobHandlers } from '../modules/hybrid/hybrid-jobs.ts';
import { hybridDeps } from './hybrid-wiring.ts';
import { accountsJobHandlers } from '../modules/accounts/accounts-jobs.ts';
import { stateRegistryFromConfig } from '../modules/identity/registry-from-config.ts';

export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    'blob.delete': deleteUnreferencedBlob(ctx.blobs),
    // Content stored but never referenced (refused or abandoned writes), after a grace period.
    ...blobSweepJobHandlers({ db: ctx.database.db, blobs: ctx.blobs, log: ctx.log, schedule: { graceMs: ctx.config.blobSweep.graceHours * 3600_000, everyMs: ctx.config.blobSweep.everyHours * 3600_000 } }),
    // Signs the audit chain head every N entries or M minutes; schedules its own next run.
    [CHECKPOINT_JOB]: auditCheckpointJob(ctx),
    // Letters: local delivery, relay to external servers, registered-letter deadlines.
    ...mailJobHandlers(mailRuntime(ctx).jobs()),
    // Hybrid mail: print batches, print-if-unread deadlines, tracking webhooks.
    ...hybridJobHandlers(hybridDeps(ctx)),
    // Docflow: incoming checks, delivery watch (DF-11), execution reminders, notices.
    ...docflowJobHandlers(docflowDeps(ctx)),
    // Accounts: letters of closed mailboxes purged after retention; organisations re-checked against the registry.
    ...accountsJobHandlers({ db: ctx.database.db, log: ctx.log, blobs: ctx.blobs, domain: ctx.config.domain, registry: stateRegistryFromConfig(ctx.config), everyMs: ctx.config.accounts.registryRecheckHours * 3600_000 }),
  };
}
