/**
 * The durable job `audit.checkpoint`: checks once a minute (or more often for a shorter
 * interval) whether a checkpoint is due, takes it, and schedules its next run. Slot-based
 * idempotency keys keep one chain of runs however many processes start; finished runs older
 * than a day are removed so the job table does not grow.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../app/context.ts';
import type { Tx } from '../../../storage/db/database.ts';
import { ensurePeriodicJobScheduled, schedulePeriodicJob } from '../../../storage/jobs/periodic-job.ts';
import type { JobHandler } from '../../../storage/jobs/job-worker.ts';
import { operatorSigner } from '../../operator-keys/operator-signer.ts';
import { checkpointIfDue, type CheckpointPolicy } from './create-audit-checkpoint.ts';

export const CHECKPOINT_JOB = 'audit.checkpoint';

export function checkpointPollMs(policy: CheckpointPolicy): number {
  return Math.min(60_000, policy.minutes * 60_000);
}

/** Schedules the next run (see periodic-job.ts). */
export const scheduleAuditCheckpoint = (tx: Tx, policy: CheckpointPolicy, now = Date.now()) => schedulePeriodicJob(tx, CHECKPOINT_JOB, checkpointPollMs(policy), now);

/** Starts the chain of runs unless one is pending already. */
export const ensureAuditCheckpointScheduled = (tx: Tx, policy: CheckpointPolicy) => ensurePeriodicJobScheduled(tx, CHECKPOINT_JOB, checkpointPollMs(policy));

export function auditCheckpointJob(ctx: AppContext): JobHandler {
  const policy = ctx.config.auditCheckpoint;
  const signer = operatorSigner(ctx);
  let warned = false;
  // The job table is where the chain starts: on the first start, and again if it was ever lost.
  void ensureAuditCheckpointScheduled(ctx.database.db, policy).catch((err: Error) => ctx.log.warn({ err: err.message }, 'audit checkpoints not scheduled'));
  return async (_job, { tx, log }) => {
    try {
      const seq = await checkpointIfDue(tx, signer, policy);
      if (seq !== undefined) log.info({ seq }, 'audit checkpoint signed');
      warned = false;
    } catch (err) {
      // No key (or no TSA) now: say so once, keep the chain of runs alive, try at the next run.
      if (!warned) log.warn({ err: (err as Error).message }, 'audit checkpoint not taken');
      warned = true;
    }
    await scheduleAuditCheckpoint(tx, policy);
    await tx.execute(sql`delete from jobs where kind = ${CHECKPOINT_JOB} and status = 'done' and completed_at < now() - interval '1 day'`);
  };
}
