/**
 * The system as `npm start` runs it, on the embedded PostgreSQL in a fresh data directory.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../src/shared/free-port.ts';
import { ensureEmbeddedPostgres } from '../../src/storage/db/embedded-postgres.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-system-'));
fs.chmodSync(dataDir, 0o755);
let httpPort = 0;
let smtpPort = 0;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  delete e.JASHIK_DATABASE_URL;
  delete e.JASHIK_BLOB_URL;
  return { ...e, JASHIK_DATA_DIR: dataDir, JASHIK_HTTP_PORT: String(httpPort), JASHIK_SMTP_PORT: String(smtpPort), JASHIK_LOG_LEVEL: 'warn', ...extra };
}

function startJashik(extra: Record<string, string> = {}): ChildProcess {
  // Its own process group, so the test can kill server and embedded PostgreSQL together.
  return spawn(process.execPath, ['bin/jashik.js', 'start'], { env: env(extra), detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function waitReady(child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jashik exited with ${child.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`http://127.0.0.1:${httpPort}/readyz`);
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`jashik did not become ready: ${stderr}`);
}

/** SIGTERM to the whole group (as a service manager does); returns jashik's exit code. */
async function stopGroup(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.kill(-child.pid!, 'SIGTERM');
  return exited;
}

function jashik(args: string[], extra: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/jashik.js', ...args], { env: env(extra), encoding: 'utf8', timeout: 120_000 });
}

function embeddedUrl(): string {
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const port = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
  return `postgres://jashik:${encodeURIComponent(password)}@127.0.0.1:${port}/jashik`;
}

before(async () => {
  httpPort = await freePort();
  smtpPort = await freePort();
});
after(() => {
  spawnSync('pkill', ['-f', `-D ${path.join(dataDir, 'pg')}`]);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('MB-7: npm start serves /healthz, /readyz, /openapi.json and greets on SMTP', async () => {
  const child = startJashik();
  try {
    await waitReady(child);
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${httpPort}/healthz`)).json(), { status: 'ok' });
    const doc = (await (await fetch(`http://127.0.0.1:${httpPort}/openapi.json`)).json()) as { openapi: string };
    assert.match(doc.openapi, /^3\./);
    const greeting = await new Promise<string>((resolve, reject) => {
      const s = net.connect(smtpPort, '127.0.0.1');
      s.once('data', (d) => {
        s.end('QUIT\r\n');
        resolve(d.toString());
      });
      s.once('error', reject);
    });
    assert.match(greeting, /^220 pochta\.localhost .*ESMTP/);
    // The password file is private to the operator.
    assert.equal(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o777, 0o600);
  } finally {
    assert.equal(await stopGroup(child), 0, 'graceful shutdown on SIGTERM exits 0');
  }
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), false, 'the embedded PostgreSQL stopped with it');
});

test('X-4: a row committed before SIGKILL of the whole process group (server and PostgreSQL) is there after restart', async () => {
  const child = startJashik();
  await waitReady(child);
  const c = new pg.Client(embeddedUrl());
  await c.connect();
  await c.query('create table if not exists durability_probe (v text)');
  await c.query(`insert into durability_probe values ('committed before the kill')`);
  await c.end().catch(() => {});
  process.kill(-child.pid!, 'SIGKILL');
  await new Promise((r) => child.once('exit', r));

  // The stale postmaster.pid left by the killed server must be recovered, not fatal.
  assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')));
  const again = startJashik();
  try {
    await waitReady(again);
    const c2 = new pg.Client(embeddedUrl());
    await c2.connect();
    const r = await c2.query('select v from durability_probe');
    await c2.end();
    assert.deepEqual(r.rows, [{ v: 'committed before the kill' }]);
  } finally {
    await stopGroup(again);
  }
});

test('CLI commands work while no server runs: jashik config, migrate and audit verify', () => {
  const secrets = { JASHIK_SMTP_RELAY: 'smtps://relay-user:Relay-S3cret@relay.example:465', JASHIK_EGOV_URL: 'https://gw.example/bip-sync', JASHIK_EGOV_SENDER_ID: 'jashik', JASHIK_EGOV_PASSWORD: 'Egov-S3cret' };
  const cfg = jashik(['config'], secrets);
  assert.equal(cfg.status, 0, cfg.stderr);
  assert.match(cfg.stdout, /JASHIK_DATABASE_URL=\(embedded PostgreSQL under /);
  // Module settings are printed too (one Config), and no secret given in the environment is.
  for (const v of ['JASHIK_SMTP_RELAY', 'JASHIK_EGOV_PASSWORD', 'JASHIK_MAIL_MAX_CONTENT_BYTES', 'JASHIK_TRUST_DIR', 'JASHIK_HYBRID_CONFIG', 'JASHIK_CLOSED_MAILBOX_RETENTION_DAYS']) assert.match(cfg.stdout, new RegExp(`^${v}=`, 'm'));
  assert.match(cfg.stdout, /^JASHIK_SMTP_RELAY=smtps:\/\/relay-user:\*\*\*@relay\.example:465$/m);
  for (const secret of ['Relay-S3cret', 'Egov-S3cret']) assert.ok(!cfg.stdout.includes(secret) && !cfg.stderr.includes(secret), `jashik config shows ${secret}`);
  const m = jashik(['migrate']);
  assert.equal(m.status, 0, m.stderr);
  const v = jashik(['audit', 'verify']);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /audit log intact: \d+ entries/);
});

test('X-4: jashik audit verify exits 1 naming the first bad entry when the log was altered', async () => {
  // No server runs now: this process needs the embedded PostgreSQL, so it starts it (and stops it).
  const server = await ensureEmbeddedPostgres(dataDir);
  const c = new pg.Client(server.url);
  await c.connect();
  await c.query('alter table audit_log disable trigger audit_log_append_only');
  await c.query(`update audit_log set payload = '{"version":"forged"}' where seq = 1`);
  await c.query('alter table audit_log enable trigger audit_log_append_only');
  await c.end();
  await server.stop();
  const v = jashik(['audit', 'verify']);
  assert.equal(v.status, 1, v.stdout + v.stderr);
  assert.match(v.stdout, /BROKEN at entry 1: entry 1 \(system\.started\) was altered/);
});

test('a wrong configuration value stops start-up with one line naming the variable', () => {
  const r = jashik(['start'], { JASHIK_HTTP_PORT: 'eighty' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /JASHIK_HTTP_PORT: expected a TCP port number/);
});

test('an unreachable external database stops start-up with a clear message and no half-started server', async () => {
  const deadPort = await freePort();
  const r = jashik(['start'], { JASHIK_DATABASE_URL: `postgres://u:p@127.0.0.1:${deadPort}/jashik` });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /jashik: database/);
  const up = await fetch(`http://127.0.0.1:${httpPort}/healthz`).then(() => true, () => false);
  assert.equal(up, false);
});
