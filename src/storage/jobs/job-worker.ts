/**
 * Workers that claim durable jobs safely and run them.
 *
 * - Claiming: `FOR UPDATE SKIP LOCKED`, so any number of workers and processes share one table.
 * - A claim is a lease (`locked_until`): a worker killed with SIGKILL loses its lease and the
 *   job is claimed again when it expires; a live worker extends its lease while it runs.
 * - The handler runs inside a transaction that also marks the job done, and the mark only
 *   succeeds while this worker still holds the lease; so database effects happen exactly once,
 *   and external effects get the job id as their idempotency key.
 * - Failures retry with exponential backoff; after `max_attempts` the job is dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/database.ts';
import { jobs } from '../db/schema.ts';
import { retryDelayMs } from './retry-schedule.ts';

export interface JobRecord {
  id: number;
  kind: string;
  version: number;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  /** The transaction in which the job will be marked done: write effects through it. */
  tx: Tx;
  log: Logger;
}

export type JobHandler = (job: JobRecord, ctx: JobContext) => Promise<void>;

export interface JobWorkerOptions {
  database: Database;
  handlers: Record<string, JobHandler>;
  log: Logger;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  retryBaseMs?: number;
}

export interface JobWorkers {
  /** Stops claiming, lets running jobs finish for up to `drainMs`, then releases the rest. */
  stop(drainMs?: number): Promise<void>;
  /** Resolves when no job of these kinds is pending (even if scheduled later) or running; for tests. */
  idle(): Promise<void>;
}

class LeaseLostError extends Error {}

export function startJobWorkers(opts: JobWorkerOptions): JobWorkers {
  const { database, handlers, log } = opts;
  const concurrency = opts.concurrency ?? 2;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1000;
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) throw new Error('startJobWorkers needs at least one handler');
  const processId = randomUUID();
  let stopping = false;
  const running = new Map<number, { workerId: string; done: Promise<void> }>();
  let wake: (() => void) | undefined;
  let listener: pg.PoolClient | undefined;

  // LISTEN makes new jobs start at once instead of on the next poll.
  void database.pool
    .connect()
    .then(async (c) => {
      if (stopping) return c.release();
      listener = c;
      c.on('notification', () => wake?.());
      await c.query('listen jashik_jobs');
    })
    .catch((err) => log.warn({ err: (err as Error).message }, 'job notifications unavailable; polling only'));

  async function claim(workerId: string): Promise<JobRecord | undefined> {
    const r = await database.db.execute<{ id: string; kind: string; version: number; payload: unknown; attempts: number; max_attempts: number }>(sql`
      update jobs j set status = 'running', attempts = j.attempts + 1, locked_by = ${workerId},
                        locked_until = now() + ${`${leaseMs} milliseconds`}::interval
      where j.id = (
        select id from jobs
        where ${inArray(jobs.kind, kinds)}
          and ((status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now()))
        order by run_at, id
        for update skip locked
        limit 1)
      returning j.id, j.kind, j.version, j.payload, j.attempts, j.max_attempts`);
    const row = r.rows[0];
    if (!row) return undefined;
    return { id: Number(row.id), kind: row.kind, version: row.version, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts };
  }

  async function run(job: JobRecord, workerId: string): Promise<void> {
    const jobLog = log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    if (job.attempts > job.maxAttempts) {
      await finishFailed(job, workerId, 'lease expired on every attempt (the worker died each time)', true);
      return;
    }
    const heartbeat = setInterval(() => {
      void database.db
        .execute(sql`update jobs set locked_until = now() + ${`${leaseMs} milliseconds`}::interval where id = ${job.id} and locked_by = ${workerId}`)
        .catch(() => {});
    }, Math.max(100, Math.floor(leaseMs / 3)));
    try {
      await database.db.transaction(async (tx) => {
        await handlers[job.kind](job, { tx, log: jobLog });
        const done = await tx.execute(sql`
          update jobs set status = 'done', completed_at = now(), locked_by = null, locked_until = null, last_error = null
          where id = ${job.id} and locked_by = ${workerId} and status = 'running'`);
        if (done.rowCount === 0) throw new LeaseLostError(`job ${job.id} was released or claimed by another worker`);
      });
      jobLog.debug('job done');
    } catch (err) {
      if (err instanceof LeaseLostError) {
        jobLog.warn('lease lost; the effect was rolled back and the job runs elsewhere');
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      jobLog.warn({ err: message }, 'job failed');
      await finishFailed(job, workerId, message, job.attempts >= job.maxAttempts);
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function finishFailed(job: JobRecord, workerId: string, message: string, dead: boolean): Promise<void> {
    const delay = retryDelayMs(job.attempts, Math.random, opts.retryBaseMs);
    await database.db.execute(sql`
      update jobs set status = ${dead ? 'dead' : 'pending'}, last_error = ${message.slice(0, 2000)},
                      run_at = now() + ${`${delay} milliseconds`}::interval, locked_by = null, locked_until = null
      where id = ${job.id} and locked_by = ${workerId}`);
    if (dead) log.error({ jobId: job.id, kind: job.kind }, 'job dead-lettered after its last attempt');
  }

  async function loop(slot: number): Promise<void> {
    const workerId = `${processId}/${slot}`;
    while (!stopping) {
      let job: JobRecord | undefined;
      try {
        job = await claim(workerId);
      } catch (err) {
        if (!stopping) log.warn({ err: (err as Error).message }, 'claiming jobs failed; retrying');
      }
      if (job && !stopping) {
        const done = run(job, workerId);
        running.set(job.id, { workerId, done });
        await done.catch(() => {});
        running.delete(job.id);
        continue;
      }
      if (job && stopping) await release(job.id, workerId);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        const prev = wake;
        wake = () => {
          clearTimeout(t);
          prev?.();
          resolve();
        };
      });
    }
  }

  async function release(id: number, workerId: string): Promise<void> {
    await database.db
      .execute(sql`update jobs set status = 'pending', attempts = greatest(attempts - 1, 0), locked_by = null, locked_until = null where id = ${id} and locked_by = ${workerId}`)
      .catch(() => {});
  }

  const loops = Array.from({ length: concurrency }, (_, i) => loop(i));

  return {
    async stop(drainMs = 10_000) {
      stopping = true;
      wake?.();
      const inFlight = [...running.entries()];
      await Promise.race([Promise.all(inFlight.map(([, r]) => r.done.catch(() => {}))), new Promise((r) => setTimeout(r, drainMs))]);
      // Still running after the drain period: release so another worker takes them now;
      // the done-mark of the late transaction will find the lease gone and roll back.
      for (const [id, r] of running) await release(id, r.workerId);
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 1000))]);
      listener?.release();
    },
    async idle() {
      for (;;) {
        const r = await database.db.execute<{ n: string }>(sql`
          select count(*) as n from jobs where ${inArray(jobs.kind, kinds)} and status in ('running', 'pending')`);
        if (Number(r.rows[0].n) === 0 && running.size === 0) return;
        await new Promise((res) => setTimeout(res, 50));
      }
    },
  };
}
