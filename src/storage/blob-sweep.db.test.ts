/**
 * The sweep of unreferenced blobs on both backends (files; S3 through s3rver, the S3 test
 * double), on a real PostgreSQL. Instead of waiting out the grace period, the sweep is told
 * that "now" is later.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { S3RVER_CREDENTIALS, startS3rver, type RunningS3rver } from '../../test/support/s3rver.ts';
import { createLogger } from '../shared/logger.ts';
import { addBlobRef, blobRefCount, deleteUnreferencedBlob, dropBlobRef } from './blob-refs.ts';
import { BLOB_SWEEP_JOB, blobSweepJob, ensureBlobSweepScheduled, sweepUnreferencedBlobs } from './blob-sweep.ts';
import type { ClosableBlobStore } from './blobs/blob-store.ts';
import { openFsBlobStore } from './blobs/fs-blob-store.ts';
import { createS3BlobStore } from './blobs/s3-blob-store.ts';
import { startJobWorkers } from './jobs/job-worker.ts';

const HOUR = 3600_000;
const GRACE = 24 * HOUR;
/** A moment when everything stored by this test is past the grace period. */
const later = () => new Date(Date.now() + GRACE + HOUR);

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
});

interface Backend {
  store: ClosableBlobStore;
  /** Leaves a temporary as a write killed half way would; returns whether it is still there. */
  leaveTemporary(name: string): Promise<() => Promise<boolean>>;
  close(): Promise<void>;
}

async function fsBackend(): Promise<Backend> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-sweep-'));
  const store = openFsBlobStore(dir);
  return {
    store,
    async leaveTemporary(name) {
      const file = path.join(store.root, 'tmp', `${2 ** 30}.${name}.tmp`);
      fs.writeFileSync(file, 'half a message');
      return async () => fs.existsSync(file);
    },
    close: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function s3Backend(): Promise<Backend> {
  const server: RunningS3rver = await startS3rver('sweep-test');
  const store = createS3BlobStore({ bucket: 'sweep-test', prefix: 'blobs', endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  return {
    store,
    async leaveTemporary(name) {
      const Key = `blobs/tmp/${Date.now()}-${name}`;
      await store.client.send(new PutObjectCommand({ Bucket: 'sweep-test', Key, Body: 'half a message' }));
      return async () => {
        const listed = await store.client.send(new ListObjectsV2Command({ Bucket: 'sweep-test', Prefix: Key }));
        return (listed.Contents ?? []).length > 0;
      };
    },
    async close() {
      await store.close();
      await server.stop();
    },
  };
}

for (const [name, open] of [['files', fsBackend], ['S3 (s3rver)', s3Backend]] as const) {
  describe(`blob sweep: ${name}`, () => {
    let b: Backend;
    before(async () => {
      b = await open();
    });
    after(async () => {
      await b?.close();
    });
    const put = (text: string) => b.store.put(Buffer.from(`${name}: ${text}`));

    test('MB-7: content never referenced (a refused or abandoned write) is deleted once past the grace period', async () => {
      const orphan = await put('inbound message refused after it was stored (quota)');
      const r = await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now: later() });
      assert.equal(await b.store.has(orphan.sha256), false);
      assert.ok(r.deleted >= 1, JSON.stringify(r));
    });

    test('content within the grace period is left alone, referenced or not (an upload may be about to commit)', async () => {
      const fresh = await put('attachment uploaded a minute ago, letter not sent yet');
      const r = await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE });
      assert.equal(await b.store.has(fresh.sha256), true);
      assert.equal(r.deleted, 0);
    });

    test('X-4: referenced content is never deleted, however old', async () => {
      const kept = await put('a letter in a mailbox');
      await t.database.db.transaction((tx) => addBlobRef(tx, b.store, kept, { kind: 'letter', id: `${name}-L1` }));
      await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now: later() });
      assert.equal(await b.store.has(kept.sha256), true);
      assert.equal(await blobRefCount(t.database.db, kept.sha256), 1);
    });

    test('content whose last reference went (blob.delete not yet run) goes with its blobs row', async () => {
      const dropped = await put('a letter deleted from Trash');
      await t.database.db.transaction((tx) => addBlobRef(tx, b.store, dropped, { kind: 'letter', id: `${name}-L2` }));
      await t.database.db.transaction((tx) => dropBlobRef(tx, dropped.sha256, { kind: 'letter', id: `${name}-L2` }));
      await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now: later() });
      assert.equal(await b.store.has(dropped.sha256), false);
      const row = await t.database.db.execute(sql`select 1 from blobs where sha256 = ${dropped.sha256}`);
      assert.equal(row.rows.length, 0);
      // The pending blob.delete job finds nothing to do and does not fail.
      const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 10, handlers: { 'blob.delete': deleteUnreferencedBlob(b.store) } });
      await w.idle();
      await w.stop();
      const dead = await t.database.db.execute(sql`select 1 from jobs where kind = 'blob.delete' and status <> 'done'`);
      assert.equal(dead.rows.length, 0);
    });

    test('MB-7: the temporary of a write that never finished (process killed mid-upload) goes after the grace period, not before', async () => {
      const present = await b.leaveTemporary('killed');
      const early = await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE });
      assert.equal(await present(), true, 'within the grace period it may be a write in progress');
      assert.equal(early.temporaries, 0);
      const r = await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now: later() });
      assert.equal(await present(), false);
      assert.equal(r.temporaries, 1);
    });

    test('X-4: a reference being committed while the sweep runs wins: the sweep waits on the blob lock and keeps the content', async () => {
      const racing = await put('message whose batch transaction is still open');
      let releaseWriter!: () => void;
      const writerHolds = new Promise<void>((resolve) => (releaseWriter = resolve));
      let lockTaken!: () => void;
      const locked = new Promise<void>((resolve) => (lockTaken = resolve));
      const writer = t.database.db.transaction(async (tx) => {
        await addBlobRef(tx, b.store, racing, { kind: 'letter', id: `${name}-L3` });
        lockTaken();
        await writerHolds;
      });
      await locked;
      // The batch query does not see the uncommitted reference; only the lock stops the sweep.
      const sweeping = sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now: later() });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(await b.store.has(racing.sha256), true, 'nothing deleted while the writer holds the lock');
      releaseWriter();
      await writer;
      await sweeping;
      assert.equal(await b.store.has(racing.sha256), true);
      assert.equal(await blobRefCount(t.database.db, racing.sha256), 1);
    });

    test('X-4: content put again after it went stale is fresh and survives a sweep before its reference commits', async () => {
      const content = Buffer.from(`${name}: the same attachment, sent again`);
      const first = await b.store.put(content);
      const stat = (await b.store.stat(first.sha256))!;
      // Sweep "now" is one grace period after the first put, plus a little: only the renewal by the second put saves it.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await b.store.put(content);
      const now = new Date(stat.modifiedAt.getTime() + GRACE + 500);
      await sweepUnreferencedBlobs(t.database.db, b.store, { graceMs: GRACE, now });
      assert.equal(await b.store.has(first.sha256), true);
      await t.database.db.transaction((tx) => addBlobRef(tx, b.store, first, { kind: 'letter', id: `${name}-L4` }));
    });
  });
}

describe('blob sweep job', () => {
  test('the job is scheduled once at start-up, sweeps, and schedules its next run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-sweep-job-'));
    try {
      const store = openFsBlobStore(dir);
      const orphan = await store.put(Buffer.from('left behind by a crash between put and commit'));
      fs.utimesSync(store.pathOf(orphan.sha256), new Date(Date.now() - 2 * GRACE), new Date(Date.now() - 2 * GRACE));
      const fresh = await store.put(Buffer.from('being written right now'));

      // A run every second, so the first one comes without waiting hours.
      const EVERY = 1000;
      await ensureBlobSweepScheduled(t.database.db, EVERY);
      await ensureBlobSweepScheduled(t.database.db, EVERY);
      const pending = await t.database.db.execute<{ id: string }>(sql`select id from jobs where kind = ${BLOB_SWEEP_JOB} and status = 'pending'`);
      assert.equal(pending.rows.length, 1, 'one pending run, however often the handlers are built');

      const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 10, handlers: { [BLOB_SWEEP_JOB]: blobSweepJob(t.database.db, store, { graceMs: GRACE, everyMs: EVERY }) } });
      const deadline = Date.now() + 10_000;
      while ((await store.has(orphan.sha256)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await w.stop();

      assert.equal(await store.has(orphan.sha256), false, 'orphan swept by the job');
      assert.equal(await store.has(fresh.sha256), true);
      const runs = await t.database.db.execute<{ status: string; run_at: Date }>(sql`select status, run_at from jobs where kind = ${BLOB_SWEEP_JOB} order by id`);
      const statuses = runs.rows.map((r) => r.status);
      assert.equal(statuses[0], 'done');
      assert.equal(statuses.at(-1), 'pending', `the next run is scheduled: ${statuses.join(', ')}`);
      assert.equal(statuses.filter((s) => s === 'pending').length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
