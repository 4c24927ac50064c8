/**
 * Periodic jobs as a chain of durable jobs: each run schedules the next in its own transaction.
 * Runs fall on slots (multiples of the period), and the slot is the idempotency key, so several
 * processes scheduling at once agree on one job per slot.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { enqueueJob } from './enqueue-job.ts';

/** The run of `kind` in the next slot after `now`. */
export async function schedulePeriodicJob(tx: Tx, kind: string, everyMs: number, now = Date.now()): Promise<void> {
  const slot = Math.floor(now / everyMs) + 1;
  await enqueueJob(tx, { kind, payload: {}, runAt: new Date(slot * everyMs), idempotencyKey: `${kind}@${slot}`, maxAttempts: 3 });
}

/** Starts the chain of runs unless one is pending or running already (first start, or a chain ever lost). */
export async function ensurePeriodicJobScheduled(tx: Tx, kind: string, everyMs: number): Promise<void> {
  const r = await tx.execute(sql`select 1 from jobs where kind = ${kind} and status in ('pending', 'running') limit 1`);
  if (r.rows.length === 0) await schedulePeriodicJob(tx, kind, everyMs);
}
