/**
 * Letters of a closed mailbox (issue 4, item 10; MB-2): kept for the retention period after
 * closing, then deleted by a durable job — each letter row goes and its blob reference is
 * dropped (the blob itself is deleted once nothing else refers to it). The mailbox row, login
 * and address stay, so the address is never given to anyone again. Evidence records (proof for
 * the other party too) and the audit log are kept.
 *
 * Retention: 365 days by default — an OPERATOR DECISION, not a SPEC figure (SPEC names no period
 * for letters of closed mailboxes); set JASHIK_CLOSED_MAILBOX_RETENTION_DAYS (accounts-settings.ts).
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import { dropBlobRef } from '../../storage/blob-refs.ts';
import { enqueueJob } from '../../storage/jobs/enqueue-job.ts';
import type { JobHandler } from '../../storage/jobs/job-worker.ts';
import { appendAudit } from '../audit/append-audit.ts';

export const PURGE_JOB = 'accounts.closed_mailbox_purge';
export { DEFAULT_CLOSED_RETENTION_DAYS } from './accounts-settings.ts';
const DAY_MS = 24 * 3600 * 1000;

/** Called in the closing transaction: the purge runs once the period has passed. */
export async function schedulePurge(tx: Tx, mailboxId: string, closedAt: Date, retentionDays: number): Promise<void> {
  await enqueueJob(tx, { kind: PURGE_JOB, payload: { mailboxId }, runAt: new Date(closedAt.getTime() + retentionDays * DAY_MS), idempotencyKey: `${PURGE_JOB}:${mailboxId}` });
}

/** Deletes up to `batch` letters per run; schedules the next run while letters remain. */
export function purgeClosedMailboxJob(o: { batch?: number } = {}): JobHandler {
  const batch = o.batch ?? 500;
  return async (job, { tx, log }) => {
    const { mailboxId, round = 0 } = job.payload as { mailboxId: string; round?: number };
    const mb = await tx.execute<{ status: string }>(sql`select status from mailboxes where id = ${mailboxId} for update`);
    if (mb.rows[0]?.status !== 'closed') return; // nothing to do (never purge an open mailbox)
    const gone = await tx.execute<{ id: string; raw_sha256: string }>(sql`
      delete from letters where id in (select id from letters where mailbox_id = ${mailboxId} order by seq limit ${batch})
      returning id, raw_sha256`);
    for (const l of gone.rows) await dropBlobRef(tx, l.raw_sha256, { kind: 'letter', id: l.id });
    await tx.execute(sql`update mailboxes set used_bytes = 0 where id = ${mailboxId} and not exists (select 1 from letters where mailbox_id = ${mailboxId})`);
    const more = gone.rows.length === batch;
    await appendAudit(tx, { type: 'mailbox.letters_purged', payload: { mailboxId, letters: gone.rows.length, more } }, { actor: 'system' });
    if (more) await enqueueJob(tx, { kind: PURGE_JOB, payload: { mailboxId, round: round + 1 }, idempotencyKey: `${PURGE_JOB}:${mailboxId}:${round + 1}` });
    log.info({ mailboxId, letters: gone.rows.length, more }, 'closed mailbox letters purged');
  };
}
