import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { createLogger } from '../shared/logger.ts';
import { openFsBlobStore } from './blobs/fs-blob-store.ts';
import { addBlobRef, blobRefCount, deleteUnreferencedBlob, dropBlobRef } from './blob-refs.ts';
import { startJobWorkers } from './jobs/job-worker.ts';

let t: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-refs-'));
const store = openFsBlobStore(dir);
before(async () => {
  t = await createTestDatabase();
});
after(async () => {
  await t?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function drainJobs(): Promise<void> {
  const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 10, handlers: { 'blob.delete': deleteUnreferencedBlob(store) } });
  await w.idle();
  await w.stop();
}

test('a blob shared by a letter and a document survives the first deletion and goes with the last', async () => {
  const blob = await store.put(Buffer.from('shared attachment — ортақ тіркеме'));
  await t.database.db.transaction(async (tx) => {
    await addBlobRef(tx, store, blob, { kind: 'letter', id: 'L1' });
    await addBlobRef(tx, store, blob, { kind: 'document', id: 'D1' });
  });
  assert.equal(await blobRefCount(t.database.db, blob.sha256), 2);

  await t.database.db.transaction((tx) => dropBlobRef(tx, blob.sha256, { kind: 'letter', id: 'L1' }));
  await drainJobs();
  assert.equal(await store.has(blob.sha256), true, 'still referenced by the document');

  await t.database.db.transaction((tx) => dropBlobRef(tx, blob.sha256, { kind: 'document', id: 'D1' }));
  await drainJobs();
  assert.equal(await store.has(blob.sha256), false, 'last reference gone: content deleted');
});

test('adding the same reference twice counts once', async () => {
  const blob = await store.put(Buffer.from('once'));
  await t.database.db.transaction(async (tx) => {
    await addBlobRef(tx, store, blob, { kind: 'letter', id: 'L2' });
    await addBlobRef(tx, store, blob, { kind: 'letter', id: 'L2' });
  });
  assert.equal(await blobRefCount(t.database.db, blob.sha256), 1);
});

test('content referenced again before the delete job runs is kept', async () => {
  const blob = await store.put(Buffer.from('re-used'));
  await t.database.db.transaction((tx) => addBlobRef(tx, store, blob, { kind: 'scan', id: 'S1' }));
  await t.database.db.transaction((tx) => dropBlobRef(tx, blob.sha256, { kind: 'scan', id: 'S1' }));
  await t.database.db.transaction((tx) => addBlobRef(tx, store, blob, { kind: 'scan', id: 'S2' }));
  await drainJobs();
  assert.equal(await store.has(blob.sha256), true);
});
