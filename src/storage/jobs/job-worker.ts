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
 * - A kind whose handler has `batch` is claimed several jobs at a time (same claim statement)
 *   and run in one transaction: the round trips and statements are paid once per batch. Each
 *   job still succeeds or fails on its own (the batch returns one outcome per job); if the batch
 *   transaction itself fails, its jobs are run again one by one with the plain handler.
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

export type JobHandler = ((job: JobRecord, ctx: JobContext) => Promise<void>) & { batch?: JobBatch };

/** Running several jobs of one kind in one transaction (attached to the kind's handler as `batch`). */
export interface JobBatch {
  /** At most this many jobs of the kind are claimed together. */
  max: number;
  /**
   * Runs the jobs in one transaction; returns, per job in order, `undefined` (done: marked so in
   * this transaction) or the Error that fails that job alone (it must then have written nothing).
   * Throwing fails the batch: each job is then run on its own by the plain handler.
   */
  run(jobs: JobRecord[], ctx: JobContext): Promise<(Error | undefined)[]>;
}

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

  const batchKinds = kinds.filter((k) => (handlers[k].batch?.max ?? 1) > 1);
  const batchMax = JSON.stringify(Object.fromEntries(batchKinds.map((k) => [k, handlers[k].batch!.max - 1])));

  /** The next due job and, when its kind runs in batches, more due jobs of that kind (the first one first). */
  async function claim(workerId: string): Promise<JobRecord[]> {
    const ready = sql`((status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now()))`;
    const more = batchKinds.length
      ? sql`, more as (
        select j.id from jobs j, head
        where j.kind = head.kind and j.id <> head.id and ${ready}
        order by j.run_at, j.id
        for update of j skip locked
        limit (select coalesce((${batchMax}::jsonb ->> head.kind)::int, 0) from head))`
      : sql``;
    const r = await database.db.execute<{ id: string; kind: string; version: number; payload: unknown; attempts: number; max_attempts: number }>(sql`
      with head as (
        select id, kind from jobs
        where ${inArray(jobs.kind, kinds)} and ${ready}
        order by run_at, id
        for update skip locked
        limit 1)${more}
      update jobs j set status = 'running', attempts = j.attempts + 1, locked_by = ${workerId},
                        locked_until = now() + ${`${leaseMs} milliseconds`}::interval
      where j.id in (select id from head${batchKinds.length ? sql` union all select id from more` : sql``})
      returning j.id, j.kind, j.version, j.payload, j.attempts, j.max_attempts, j.run_at`);
    return r.rows
      .map((row) => ({ id: Number(row.id), kind: row.kind, version: row.version, payload: row.payload, attempts: row.attempts, maxAttempts: row.max_attempts, runAt: (row as unknown as { run_at: Date | string }).run_at }))
      .sort((a, b) => new Date(a.runAt).getTime() - new Date(b.runAt).getTime() || a.id - b.id)
      .map(({ runAt: _, ...job }) => job);
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

  /** Several jobs of one kind in one transaction (see JobBatch). */
  async function runBatch(batch: JobRecord[], workerId: string): Promise<void> {
    const live: JobRecord[] = [];
    for (const job of batch) {
      if (job.attempts > job.maxAttempts) await finishFailed(job, workerId, 'lease expired on every attempt (the worker died each time)', true);
      else live.push(job);
    }
    if (live.length <= 1) {
      if (live.length) await run(live[0], workerId);
      return;
    }
    const ids = live.map((j) => j.id);
    const batchLog = log.child({ jobIds: ids, kind: live[0].kind });
    const heartbeat = setInterval(() => {
      void database.db
        .execute(sql`update jobs set locked_until = now() + ${`${leaseMs} milliseconds`}::interval where ${inArray(jobs.id, ids)} and locked_by = ${workerId}`)
        .catch(() => {});
    }, Math.max(100, Math.floor(leaseMs / 3)));
    let failed: { job: JobRecord; err: Error }[] = [];
    let whole: unknown;
    try {
      await database.db.transaction(async (tx) => {
        const outcomes = await handlers[live[0].kind].batch!.run(live, { tx, log: batchLog });
        failed = live.flatMap((job, i) => (outcomes[i] ? [{ job, err: outcomes[i] }] : []));
        const ok = live.filter((_, i) => !outcomes[i]).map((j) => j.id);
        if (!ok.length) return;
        const done = await tx.execute(sql`
          update jobs set status = 'done', completed_at = now(), locked_by = null, locked_until = null, last_error = null
          where ${inArray(jobs.id, ok)} and locked_by = ${workerId} and status = 'running'`);
        if (done.rowCount !== ok.length) throw new LeaseLostError(`some of jobs ${ok.join(', ')} were released or claimed by another worker`);
      });
      batchLog.debug('job batch done');
    } catch (err) {
      whole = err;
    } finally {
      clearInterval(heartbeat);
    }
    if (whole) {
      // The batch's effects were rolled back: each job on its own, with its own outcome.
      batchLog.warn({ err: whole instanceof Error ? whole.message : String(whole) }, 'job batch failed; running its jobs one by one');
      for (const job of live) await run(job, workerId);
      return;
    }
    for (const { job, err } of failed) {
      log.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: err.message }, 'job failed');
      await finishFailed(job, workerId, err.message, job.attempts >= job.maxAttempts);
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
      let claimed: JobRecord[] = [];
      try {
        claimed = await claim(workerId);
      } catch (err) {
        if (!stopping) log.warn({ err: (err as Error).message }, 'claiming jobs failed; retrying');
      }
      if (claimed.length && !stopping) {
        const done = claimed.length > 1 ? runBatch(claimed, workerId) : run(claimed[0], workerId);
        for (const job of claimed) running.set(job.id, { workerId, done });
        await done.catch(() => {});
        for (const job of claimed) running.delete(job.id);
        continue;
      }
      for (const job of claimed) await release(job.id, workerId);
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
