import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureEmbeddedPostgres, EmbeddedPostgresError } from './embedded-postgres.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-embedded-'));
fs.chmodSync(root, 0o755);
after(() => fs.rmSync(root, { recursive: true, force: true }));

test('a second process joins the running embedded server; the last one to leave stops it', async () => {
  const dataDir = path.join(root, 'shared');
  const first = await ensureEmbeddedPostgres(dataDir);
  const second = await ensureEmbeddedPostgres(dataDir);
  assert.equal(first.owned, true);
  assert.equal(second.owned, false);
  assert.equal(second.port, first.port);

  // The first process (say a CLI command) leaves while the second still works: the server stays.
  const client = new pg.Client(second.url);
  await client.connect();
  await first.stop();
  assert.equal((await client.query('select 1 as one')).rows[0].one, 1);
  await client.end();

  await second.stop();
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'the server stopped with the last client');
});

test('the embedded data directory is initialised UTF-8 with locale C.UTF-8 and a private password file', async () => {
  const dataDir = path.join(root, 'locale');
  const s = await ensureEmbeddedPostgres(dataDir);
  try {
    const c = new pg.Client(s.url);
    await c.connect();
    const r = await c.query(`select pg_encoding_to_char(encoding) as enc, datcollate, datctype from pg_database where datname = current_database()`);
    const listen = await c.query(`select current_setting('listen_addresses') as l`);
    await c.end();
    assert.deepEqual(r.rows[0], { enc: 'UTF8', datcollate: 'C.UTF-8', datctype: 'C.UTF-8' });
    assert.equal(listen.rows[0].l, '127.0.0.1', 'loopback only');
    assert.equal(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o777, 0o600);
  } finally {
    await s.stop();
  }
});

test('the embedded server is reached over a Unix socket in a private directory, removed when the server stops', async () => {
  const dataDir = path.join(root, 'socket');
  const s = await ensureEmbeddedPostgres(dataDir);
  const host = decodeURIComponent(new URL(s.url).hostname);
  let socketDir = '';
  try {
    assert.match(host, /^\//, 'the URL names a socket directory, not a TCP host');
    socketDir = host;
    assert.equal(fs.statSync(socketDir).mode & 0o777, 0o700, 'no other local user can enter the socket directory');
    assert.ok(path.join(socketDir, `.s.PGSQL.${s.port}`).length <= 107, 'the socket path fits sun_path');
    const c = new pg.Client(s.url);
    await c.connect();
    const r = await c.query(`select inet_server_addr() as addr`);
    await c.end();
    assert.equal(r.rows[0].addr, null, 'a Unix-socket session has no server address');
    // A second process finds the same socket from the server's lock file.
    const joined = await ensureEmbeddedPostgres(dataDir);
    assert.equal(joined.url, s.url);
    await joined.stop();
  } finally {
    await s.stop();
  }
  assert.equal(fs.existsSync(socketDir), false, 'the socket directory is removed with the server');
});

test('as root, a data directory the postgres user cannot reach is refused naming the blocking path', { skip: process.getuid?.() !== 0 }, async () => {
  const locked = path.join(root, 'locked');
  fs.mkdirSync(locked, { mode: 0o700 });
  fs.chmodSync(locked, 0o700);
  await assert.rejects(ensureEmbeddedPostgres(path.join(locked, 'data')), (err: unknown) => {
    assert.ok(err instanceof EmbeddedPostgresError);
    assert.match(err.message, new RegExp(`cannot enter ${locked.replace(/[/.]/g, '\\$&')}`));
    return true;
  });
});

test('a directory that is not a PostgreSQL data directory is refused, not overwritten', async () => {
  const dataDir = path.join(root, 'foreign');
  fs.mkdirSync(path.join(dataDir, 'pg'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'pg', 'notes.txt'), 'mine');
  await assert.rejects(ensureEmbeddedPostgres(dataDir), /exists but is not a PostgreSQL data directory/);
  assert.equal(fs.readFileSync(path.join(dataDir, 'pg', 'notes.txt'), 'utf8'), 'mine');
});
