/** Every durable job kind and its handler. A module adds its kinds here. */
import type { JobHandler } from '../storage/jobs/job-worker.ts';
import { deleteUnreferencedBlob } from '../storage/blob-refs.ts';
import type { AppContext } from './context.ts';
import { docflowJobHandlers } from '../modules/docflow/jobs.ts';
import { docflowDeps } from './docflow-wiring.ts';
import { mailJobHandlers } from '../modules/mail/mail-jobs.ts';
import { mailRuntime } from '../modules/mail/mail-runtime.ts';

export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    'blob.delete': deleteUnreferencedBlob(ctx.blobs),
    // Letters: local delivery, relay to external servers, registered-letter deadlines.
    ...mailJobHandlers(mailRuntime(ctx).jobs()),
    // Docflow: incoming checks, delivery watch (DF-11), execution reminders, notices.
    ...docflowJobHandlers(docflowDeps(ctx)),
  };
}
