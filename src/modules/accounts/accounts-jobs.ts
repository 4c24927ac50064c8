/** The accounts module's durable jobs: purge of closed mailboxes' letters, registry re-check of organisations. */
import type { Db } from '../../storage/db/database.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import type { Logger } from '../../shared/logger.ts';
import { PURGE_JOB, purgeClosedMailboxJob } from './mailbox-retention.ts';
import { ensureRecheckScheduled, RECHECK_JOB, registryRecheckJob, type RecheckDeps } from './registry-recheck.ts';

export interface AccountsJobDeps extends RecheckDeps {
  readonly db: Db;
  readonly log?: Logger;
}

export function accountsJobHandlers(deps: AccountsJobDeps): Record<string, JobHandler> {
  // The job table is where the re-check chain starts: on the first start, and again if it was ever lost.
  void ensureRecheckScheduled(deps.db, deps.everyMs).catch((err: Error) => deps.log?.warn({ err: err.message }, 'registry re-check not scheduled'));
  return { [PURGE_JOB]: purgeClosedMailboxJob(), [RECHECK_JOB]: registryRecheckJob(deps) };
}
