/**
 * `JASHIK_SMTP_PROCESSES=2`: the system as `npm start` runs it, with SMTP taken by two worker
 * processes sharing the port. Mail is stored through either, a killed worker is replaced, and
 * SIGTERM stops the workers with the main process.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/shared/free-port.ts';
import { smtpConnect } from '../../src/smtp/smtp-test-client.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-smtp-processes-'));
fs.chmodSync(dataDir, 0o755);
after(() => {
  spawnSync('pkill', ['-f', `-D ${path.join(dataDir, 'pg')}`]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function workerPids(parent: number): number[] {
  const r = spawnSync('ps', ['--ppid', String(parent), '-o', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => l.includes('smtp-worker.ts')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

async function until<T>(what: string, f: () => T | Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function deliver(port: number, rcpt: string, i: number): Promise<number> {
  const c = await smtpConnect(port);
  await c.send('EHLO client.example');
  await c.send('MAIL FROM:<someone@client.example>');
  assert.equal((await c.send(`RCPT TO:<${rcpt}>`)).code, 250);
  assert.equal((await c.send('DATA')).code, 354);
  c.write(`From: someone@client.example\r\nTo: ${rcpt}\r\nSubject: хат ${i}\r\nMessage-ID: <p${i}@client.example>\r\n\r\nСәлем, ${i}\r\n`);
  const r = await c.send('.');
  await c.send('QUIT').catch(() => undefined);
  c.destroy();
  return r.code;
}

test('X-2: with JASHIK_SMTP_PROCESSES=2 two worker processes take mail on one port, every 250 is stored, a killed worker is replaced, SIGTERM stops them all', async () => {
  const httpPort = await freePort();
  const smtpPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, JASHIK_DATA_DIR: dataDir, JASHIK_HTTP_PORT: String(httpPort), JASHIK_SMTP_PORT: String(smtpPort), JASHIK_LOG_LEVEL: 'warn', JASHIK_SMTP_PROCESSES: '2', JASHIK_SMTP_AUTH_CHECKS: 'off' };
  delete env.JASHIK_DATABASE_URL;
  delete env.JASHIK_BLOB_URL;
  const child: ChildProcess = spawn(process.execPath, ['bin/jashik.js', 'start'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (stderr += d.toString()));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await until('readiness', () => fetch(`http://127.0.0.1:${httpPort}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${stderr}`);
    });
    // HTTP listens only once SMTP is up, so the greeting must already be there.
    await until('the SMTP greeting', () => smtpConnect(smtpPort).then((c) => (c.destroy(), c.greeting.code), () => 0), (code) => code === 220, 5_000);
    const pids = await until('two SMTP worker processes under the main process', () => workerPids(child.pid!), (p) => p.length === 2);

    const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    const pgPort = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
    const db = new pg.Client(`postgres://jashik:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/jashik`);
    await db.connect();
    try {
      const rcpt = 'workers@pochta.localhost';
      await db.query(`insert into mailboxes (login, address, kind, iin, display_name, quota_bytes) values ('workers', $1, 'personal', '900101300123', 'Workers', 1000000000)`, [rcpt]);
      const codes = await Promise.all(Array.from({ length: 8 }, (_, i) => deliver(smtpPort, rcpt, i)));
      assert.deepEqual(codes, Array(8).fill(250));
      const stored = await db.query(`select count(*)::int as n from letters l join mailboxes m on m.id = l.mailbox_id where m.address = $1`, [rcpt]);
      assert.equal(stored.rows[0].n, 8, 'every message answered 250 is in the mailbox');

      process.kill(pids[0], 'SIGKILL');
      const replaced = await until('a replacement worker', () => workerPids(child.pid!), (p) => p.length === 2 && !p.includes(pids[0]));
      assert.ok(replaced.includes(pids[1]), 'the other worker kept running');
      assert.equal(await deliver(smtpPort, rcpt, 100), 250);
      const after = await db.query(`select count(*)::int as n from letters l join mailboxes m on m.id = l.mailbox_id where m.address = $1`, [rcpt]);
      assert.equal(after.rows[0].n, 9);
    } finally {
      await db.end();
    }
  } finally {
    const exited = new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code) => r(code))));
    process.kill(-child.pid!, 'SIGTERM');
    assert.equal(await exited, 0, `graceful shutdown exits 0 (${stderr})`);
  }
  assert.deepEqual(workerPids(child.pid!), [], 'no worker outlives the main process');
});
