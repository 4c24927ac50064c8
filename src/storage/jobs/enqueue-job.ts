/**
 * The transactional outbox: a job is written in the same transaction as the change that
 * causes it, so the change and its follow-up work commit — or vanish — together.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';

export interface NewJob {
  kind: string;
  payload: unknown;
  version?: number;
  /** A repeat with the same key returns the first job instead of adding another. */
  idempotencyKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export async function enqueueJob(tx: Tx, job: NewJob): Promise<{ id: number; created: boolean }> {
  const runAt = job.runAt ?? new Date();
  const inserted = await tx.execute<{ id: string }>(sql`
    insert into jobs (kind, version, payload, idempotency_key, run_at, max_attempts)
    values (${job.kind}, ${job.version ?? 1}, ${JSON.stringify(job.payload)}::jsonb, ${job.idempotencyKey ?? null},
            ${runAt.toISOString()}::timestamptz, ${job.maxAttempts ?? 10})
    on conflict (idempotency_key) do nothing
    returning id`);
  if (inserted.rows.length > 0) {
    await tx.execute(sql`select pg_notify('jashik_jobs', ${job.kind})`);
    return { id: Number(inserted.rows[0].id), created: true };
  }
  const existing = await tx.execute<{ id: string }>(sql`select id from jobs where idempotency_key = ${job.idempotencyKey ?? null}`);
  return { id: Number(existing.rows[0].id), created: false };
}
