import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { migrate } from './database.ts';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(async () => t?.drop());

test(`X-1: Kazakh and Russian letters fold case in the database (lower('ӘЛЕМ ҚАЗАҚ') = 'әлем қазақ') on the ${process.env.JASHIK_TEST_ENGINE} engine`, async () => {
  const r = await t.database.pool.query(`select lower('ӘЛЕМ ҚАЗАҚ') as kk, upper('ғұмыр өңір үміт һәм іс') as kk2, lower('ПРИВЕТ Ёж') as ru`);
  assert.deepEqual(r.rows[0], { kk: 'әлем қазақ', kk2: 'ҒҰМЫР ӨҢІР ҮМІТ ҺӘМ ІС', ru: 'привет ёж' });
});

test('the server keeps every commit durable (fsync on)', async () => {
  const r = await t.database.pool.query(`select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sc`);
  assert.equal(r.rows[0].fsync, 'on');
  assert.notEqual(r.rows[0].sc, 'off');
});

test('migrations are idempotent and safe to run from two processes at once', async () => {
  await Promise.all([migrate(t.database), migrate(t.database)]);
  const r = await t.database.pool.query(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  assert.ok(r.rows[0].n >= 2);
});
