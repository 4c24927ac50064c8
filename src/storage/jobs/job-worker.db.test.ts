import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { enqueueJob } from './enqueue-job.ts';
import { startJobWorkers } from './job-worker.ts';
import { retryDelayMs } from './retry-schedule.ts';

let t: TestDatabase;
const log = createLogger('silent');
before(async () => {
  t = await createTestDatabase();
  await t.database.pool.query('create table job_effects (job_id bigint not null, at timestamptz not null default now())');
});
after(async () => t?.drop());
beforeEach(async () => {
  await t.database.pool.query('delete from jobs; delete from job_effects');
});

async function count(q: string): Promise<number> {
  const r = await t.database.pool.query(q);
  return Number(r.rows[0].n);
}

test('X-4: a job enqueued in a rolled-back transaction never exists (transactional outbox)', async () => {
  await assert.rejects(
    t.database.db.transaction(async (tx) => {
      await enqueueJob(tx, { kind: 'test.effect', payload: {} });
      throw new Error('change failed');
    }),
    /change failed/,
  );
  assert.equal(await count('select count(*) n from jobs'), 0);
});

test('a repeated idempotency key returns the first job instead of adding one', async () => {
  const a = await enqueueJob(t.database.db, { kind: 'test.effect', payload: { n: 1 }, idempotencyKey: 'k-1' });
  const b = await enqueueJob(t.database.db, { kind: 'test.effect', payload: { n: 2 }, idempotencyKey: 'k-1' });
  assert.equal(a.created, true);
  assert.equal(b.created, false);
  assert.equal(b.id, a.id);
  assert.equal(await count('select count(*) n from jobs'), 1);
});

test('a failing job is retried with backoff and succeeds; its failed tries leave no effect', async () => {
  let calls = 0;
  const w = startJobWorkers({
    database: t.database,
    log,
    pollMs: 20,
    retryBaseMs: 10,
    handlers: {
      'test.flaky': async (job, { tx }) => {
        calls++;
        await tx.execute(sql`insert into job_effects (job_id) values (${job.id})`);
        if (calls < 3) throw new Error(`try ${calls} failed`);
      },
    },
  });
  await enqueueJob(t.database.db, { kind: 'test.flaky', payload: {} });
  await w.idle();
  await w.stop();
  assert.equal(calls, 3);
  assert.equal(await count(`select count(*) n from jobs where status = 'done' and attempts = 3`), 1);
  assert.equal(await count('select count(*) n from job_effects'), 1);
});

test('a job that keeps failing is dead-lettered after its last attempt, with the error kept', async () => {
  const w = startJobWorkers({
    database: t.database,
    log,
    pollMs: 20,
    retryBaseMs: 5,
    handlers: { 'test.broken': async () => Promise.reject(new Error('remote refused')) },
  });
  await enqueueJob(t.database.db, { kind: 'test.broken', payload: {}, maxAttempts: 3 });
  await w.idle();
  await w.stop();
  const r = await t.database.pool.query(`select status, attempts, last_error from jobs`);
  assert.deepEqual(r.rows[0], { status: 'dead', attempts: 3, last_error: 'remote refused' });
});

test('retry delays grow exponentially and are capped', () => {
  const mid = () => 0.5;
  assert.equal(retryDelayMs(1, mid), 5000);
  assert.equal(retryDelayMs(2, mid), 10000);
  assert.equal(retryDelayMs(4, mid), 40000);
  assert.equal(retryDelayMs(40, mid), 3600000);
});

test('two worker pools on one table run every job exactly once (SKIP LOCKED)', async () => {
  const handler = async (job: { id: number }, { tx }: { tx: typeof t.database.db }) => {
    await tx.execute(sql`insert into job_effects (job_id) values (${job.id})`);
  };
  await t.database.db.transaction(async (tx) => {
    for (let i = 0; i < 200; i++) await enqueueJob(tx, { kind: 'test.effect', payload: { i } });
  });
  const pools = [0, 1].map(() => startJobWorkers({ database: t.database, log, pollMs: 10, concurrency: 3, handlers: { 'test.effect': handler } }));
  await Promise.all(pools.map((p) => p.idle()));
  await Promise.all(pools.map((p) => p.stop()));
  assert.equal(await count('select count(*) n from job_effects'), 200);
  assert.equal(await count('select count(distinct job_id) n from job_effects'), 200);
});

function startCrashWorker(): { child: ReturnType<typeof spawn>; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/crash-worker.ts'], {
    env: { ...process.env, CRASH_DB_URL: t.url, CRASH_LEASE_MS: '500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (c) => reject(new Error(`crash worker exited early with ${c}`)));
  });
  return { child, ready };
}

test('X-4: after SIGKILL mid-run and a restart, every acknowledged job completes exactly once in effect', async () => {
  const total = 300;
  await t.database.db.transaction(async (tx) => {
    for (let i = 0; i < total; i++) await enqueueJob(tx, { kind: 'test.effect', payload: { i } });
  });
  const first = startCrashWorker();
  await first.ready;
  // Kill while jobs are in flight: some done, some mid-transaction, some untouched.
  while ((await count('select count(*) n from job_effects')) < total / 3) await new Promise((r) => setTimeout(r, 20));
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const doneAtKill = await count(`select count(*) n from jobs where status = 'done'`);
  assert.ok(doneAtKill < total, 'the kill must land before all jobs finished');

  const second = startCrashWorker();
  await second.ready;
  const deadline = Date.now() + 60_000;
  while ((await count(`select count(*) n from jobs where status = 'done'`)) < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  second.child.kill('SIGTERM');
  assert.equal(await count(`select count(*) n from jobs where status = 'done'`), total);
  assert.equal(await count('select count(*) n from job_effects'), total, 'no job took effect twice');
  assert.equal(await count('select count(distinct job_id) n from job_effects'), total, 'every job took effect');
});

test('a batch kind is claimed several jobs at a time and run in one transaction; a job the batch fails is retried alone while the others are done', async () => {
  for (let n = 0; n < 6; n++) await enqueueJob(t.database.db, { kind: 'test.batched', payload: { n, fail: n === 2 } });
  const sizes: number[] = [];
  const handler = Object.assign(
    async (job: { id: number; payload: unknown }, { tx }: { tx: Parameters<typeof enqueueJob>[0] }) => {
      if ((job.payload as { fail: boolean }).fail) throw new Error('bad alone');
      await tx.execute(sql`insert into job_effects (job_id) values (${job.id})`);
    },
    {
      batch: {
        max: 4,
        async run(jobs: { id: number; payload: unknown }[], { tx }: { tx: Parameters<typeof enqueueJob>[0] }) {
          sizes.push(jobs.length);
          const out: (Error | undefined)[] = [];
          for (const j of jobs) {
            if ((j.payload as { fail: boolean }).fail) out.push(new Error('bad in batch'));
            else {
              await tx.execute(sql`insert into job_effects (job_id) values (${j.id})`);
              out.push(undefined);
            }
          }
          return out;
        },
      },
    },
  );
  const w = startJobWorkers({ database: t.database, log, pollMs: 20, retryBaseMs: 60_000, concurrency: 1, handlers: { 'test.batched': handler } });
  while ((await count(`select count(*) n from jobs where status = 'running' or (status = 'pending' and run_at <= now())`)) > 0) await new Promise((r) => setTimeout(r, 20));
  await w.stop();
  assert.ok(sizes.length >= 1 && sizes.every((n) => n <= 4) && sizes.some((n) => n > 1), `batches of at most 4, claimed together: ${sizes.join(', ')}`);
  assert.equal(await count(`select count(*) n from jobs where status = 'done'`), 5);
  assert.equal(await count(`select count(*) n from job_effects`), 5, 'each done job wrote its effect once');
  const [failed] = (await t.database.pool.query(`select status, last_error from jobs where payload->>'fail' = 'true'`)).rows;
  assert.deepEqual(failed, { status: 'pending', last_error: 'bad in batch' });
});

test('a batch whose transaction fails is rolled back and its jobs are run one by one with the plain handler', async () => {
  for (let n = 0; n < 3; n++) await enqueueJob(t.database.db, { kind: 'test.batched', payload: { n } });
  let batches = 0;
  const handler = Object.assign(
    async (job: { id: number }, { tx }: { tx: Parameters<typeof enqueueJob>[0] }) => {
      await tx.execute(sql`insert into job_effects (job_id) values (${job.id})`);
    },
    {
      batch: {
        max: 3,
        async run(jobs: { id: number }[], { tx }: { tx: Parameters<typeof enqueueJob>[0] }): Promise<(Error | undefined)[]> {
          batches++;
          for (const j of jobs) await tx.execute(sql`insert into job_effects (job_id) values (${j.id})`);
          throw new Error('the batch statement failed');
        },
      },
    },
  );
  const w = startJobWorkers({ database: t.database, log, pollMs: 20, concurrency: 1, handlers: { 'test.batched': handler } });
  await w.idle();
  await w.stop();
  assert.equal(batches, 1);
  assert.equal(await count(`select count(*) n from jobs where status = 'done'`), 3);
  assert.equal(await count(`select count(*) n from job_effects`), 3, 'the batch wrote nothing; each job wrote once on its own');
});
