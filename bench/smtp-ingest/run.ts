/**
 * bench/smtp-ingest: messages per second that jashik accepts with 250 after durable storage
 * (blob written, database committed), 1 KB and 100 KB messages over 20 concurrent SMTP
 * connections, on the embedded PostgreSQL — with SPF/DKIM/DMARC checks off (equal work with a
 * plain MTA) and on (against a local stub resolver: this machine has no DNS).
 *
 *   node --import tsx bench/smtp-ingest/run.ts     (BENCH_MESSAGES=1000 per case, BENCH_CONNECTIONS=20;
 *   one case only, e.g. for --cpu-prof: BENCH_SIZES=1024 BENCH_POSTFIX=0 BENCH_CHECKS=0 BENCH_SYSTEM=0;
 *   the `jashik start` case alone: BENCH_INPROCESS=0 BENCH_CHECKS=0, BENCH_SMTP_PROCESSES=N;
 *   BENCH_FLOOR=1 adds smtp-server alone, storing nothing: the library's own cost and rate bound;
 *   BENCH_DEFAULT_PAUSE=0 skips the case with the default 100 ms greeting pause)
 *
 * Equal work: the ratio to Postfix is taken with SPF/DKIM/DMARC off and the early-talker greeting
 * pause off, as Postfix's smtpd does neither by default; both are measured on as cases of their own.
 *
 * Two jashik shapes: the SMTP server built in this process over a test evidence key (the
 * storage path alone, one process), and the system as `jashik start` runs it — demo operator
 * key with an RFC 3161 timestamp on every evidence, job workers, HTTP — with SMTP in
 * JASHIK_SMTP_PROCESSES worker processes (default here: one per CPU, as Postfix runs many smtpd).
 *
 * Postfix side by side: when Debian's postfix is installed (it brings `smtp-source`), a private
 * Postfix instance (bench/smtp-ingest/postfix.sh, delivering to a Maildir) and jashik both take
 * BENCH_MESSAGES messages from `smtp-source -s 20`, and the ratio is printed. Postfix's figure
 * counts until the last message is in the Maildir. Without Postfix, jashik is loaded by a plain
 * SMTP client of the same shape (one message per transaction, 20 sessions).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ensureEmbeddedPostgres, type EmbeddedServer } from '../../src/storage/db/embedded-postgres.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { openFsBlobStore } from '../../src/storage/blobs/fs-blob-store.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { startSystem } from '../../src/app/start-system.ts';
import { buildSmtpServer, DEFAULT_SMTP_LIMITS } from '../../src/smtp/build-smtp-server.ts';
import { mailSmtpHooks } from '../../src/smtp/mail-smtp-hooks.ts';
import { smtpConnect } from '../../src/smtp/smtp-test-client.ts';
import { testEvidenceSigner } from '../../src/modules/mail/test-support.ts';
import { DEFAULT_MAIL_LIMITS, type DnsResolve } from '../../src/modules/mail/types.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DOMAIN = 'pochta.localhost';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-bench-smtp-'));
fs.chmodSync(tmp, 0o755);
let server: EmbeddedServer | undefined;
if (process.env.JASHIK_DATABASE_URL) process.env.JASHIK_TEST_ADMIN_URL = process.env.JASHIK_DATABASE_URL;
else {
  server = await ensureEmbeddedPostgres(path.join(tmp, 'pg-root'));
  process.env.JASHIK_TEST_ADMIN_URL = server.adminUrl;
}
const t = await createTestDatabase();
t.database.pool.options.max = 20;
const blobs = openFsBlobStore(path.join(tmp, 'blobs'));

/** The stub resolver: SPF and DMARC records for the sending domain, no network. */
const zone: Record<string, Record<string, unknown>> = {
  'sender.example': { TXT: [['v=spf1 ip4:127.0.0.1 -all']] },
  '_dmarc.sender.example': { TXT: [['v=DMARC1; p=none']] },
};
const resolve: DnsResolve = async (name, rrtype) => {
  const r = zone[name.toLowerCase()]?.[rrtype];
  if (!r) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return r;
};

function message(size: number, i: number): string {
  const head = `From: Bench <bench@sender.example>\r\nTo: rcpt@${DOMAIN}\r\nSubject: bench ${i} — хат\r\nMessage-ID: <bench-${i}-${Date.now()}@sender.example>\r\nDate: ${new Date().toUTCString()}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
  const line = 'Lorem ipsum dolor sit amet, қазақ тілі, русский текст 0123456789 abcdefghij\r\n';
  return head + line.repeat(Math.max(1, Math.ceil((size - head.length) / Buffer.byteLength(line))));
}

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
// For profiling one case: BENCH_SIZES=1024 BENCH_POSTFIX=0 BENCH_CHECKS=0.
const SIZES = (process.env.BENCH_SIZES ?? '1024,102400').split(',').map(Number);
const WITH_POSTFIX = process.env.BENCH_POSTFIX !== '0';
const WITH_CHECKS = process.env.BENCH_CHECKS !== '0';
const WITH_SYSTEM = process.env.BENCH_SYSTEM !== '0';
const haveSmtpSource = spawnSync('smtp-source', [], { stdio: 'ignore' }).error === undefined && spawnSync('postfix', ['-h'], { stdio: 'ignore' }).error === undefined;

/** `smtp-source -s 20 -l SIZE -m N` against a port (asynchronously: jashik serves from this process); returns seconds. */
async function smtpSource(port: number, size: number, rcpt: string, messages = MESSAGES): Promise<number> {
  const t0 = performance.now();
  await promisify(execFile)('smtp-source', ['-s', String(CONNECTIONS), '-l', String(size), '-m', String(messages), '-f', 'bench@sender.example', '-t', rcpt, `127.0.0.1:${port}`], { timeout: SECONDS * 20_000 });
  return (performance.now() - t0) / 1000;
}

async function postfixRate(size: number): Promise<number> {
  const dir = path.join(tmp, `postfix-${size}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postfix.sh');
  execFileSync('sh', [script, 'start', dir, String(port)], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = performance.now();
    const accepted = await smtpSource(port, size, 'rcpt@bench.localhost');
    const maildir = path.join(dir, 'mail', 'rcpt', 'new');
    while ((fs.existsSync(maildir) ? fs.readdirSync(maildir).length : 0) < MESSAGES && performance.now() - t0 < SECONDS * 20_000) await new Promise((r) => setTimeout(r, 20));
    const secs = (performance.now() - t0) / 1000;
    const rate = MESSAGES / secs;
    console.log(`${`postfix ${size / 1024} KB → Maildir`.padEnd(44)} ${rate.toFixed(1).padStart(8)} msg/s  (${MESSAGES} in ${secs.toFixed(1)} s; accepted in ${accepted.toFixed(1)} s = ${(MESSAGES / accepted).toFixed(1)} msg/s)`);
    return rate;
  } finally {
    execFileSync('sh', [script, 'stop', dir], { stdio: 'ignore' });
  }
}

/**
 * BENCH_FLOOR=1: the same SMTP server with hooks that store nothing (every recipient accepted,
 * the data read and dropped) — what smtp-server itself allows on this machine: its CPU per
 * message, and a rate bounded by its fixed 100 ms pause before the greeting (early-talker
 * detection, not configurable) at 20 sessions of one message each: at most 200 msg/s.
 */
/**
 * Equal work with Postfix, as for the SPF/DKIM/DMARC checks: Postfix's smtpd greets at once, so the
 * ratio is taken with jashik's early-talker pause off (JASHIK_SMTP_GREETING_PAUSE_MS=0). The
 * default pause (100 ms, an anti-spam check) is measured as a case of its own.
 */
const EQUAL_WORK_PAUSE_MS = 0;
const floorHooks = { onRecipient: async () => {}, onMessage: async (s: NodeJS.ReadableStream) => { for await (const _ of s); } };

/**
 * JIT warm-up, not measured: without it the first jashik case (the one the ratio uses) pays for
 * compiling the whole receive path, which Postfix, compiled ahead of time, never does.
 */
async function warmUp(): Promise<void> {
  const smtp = buildSmtpServer({
    domain: DOMAIN, log: createLogger('silent'),
    hooks: mailSmtpHooks({ database: t.database, blobs, signer: testEvidenceSigner(), domain: DOMAIN, limits: DEFAULT_MAIL_LIMITS, resolve, authChecks: true, evidence: process.env.BENCH_EVIDENCE !== '0' }),
    limits: { maxConnectionsPerIp: 1000, maxMessagesPerIpPerMinute: 1_000_000, greetingPauseMs: 0 },
  });
  const port = await smtp.listen(0, '127.0.0.1');
  try {
    await smtpSource(port, 1024, `rcpt@${DOMAIN}`, Math.min(300, MESSAGES));
  } finally {
    await smtp.close();
  }
}

async function run(label: string, size: number, authChecks: boolean, floor = false, greetingPauseMs = EQUAL_WORK_PAUSE_MS): Promise<number> {
  const smtp = buildSmtpServer({
    domain: DOMAIN, log: createLogger('silent'),
    hooks: floor ? floorHooks : mailSmtpHooks({ database: t.database, blobs, signer: testEvidenceSigner(), domain: DOMAIN, limits: DEFAULT_MAIL_LIMITS, resolve, authChecks, evidence: process.env.BENCH_EVIDENCE !== '0' }),
    limits: { maxConnectionsPerIp: 1000, maxMessagesPerIpPerMinute: 1_000_000, greetingPauseMs },
  });
  const port = await smtp.listen(0, '127.0.0.1');
  if (haveSmtpSource) {
    const before = Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from letters`)).rows[0].n);
    const commits = async () => Number((await t.database.db.execute<{ n: string }>(sql`select xact_commit as n from pg_stat_database where datname = current_database()`)).rows[0].n);
    const commits0 = await commits();
    const cpu0 = process.cpuUsage();
    const secs = await smtpSource(port, size, `rcpt@${DOMAIN}`);
    const cpu = process.cpuUsage(cpu0);
    await new Promise((r) => setTimeout(r, 1200)); // statistics reach pg_stat_database when a backend goes idle
    const commitCount = (await commits()) - commits0;
    const stored = floor ? MESSAGES : Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from letters`)).rows[0].n) - before;
    await smtp.close();
    const rate = stored / secs;
    console.log(`${label.padEnd(44)} ${rate.toFixed(1).padStart(8)} msg/s  (${stored} of ${MESSAGES} ${floor ? 'accepted' : 'stored'} in ${secs.toFixed(1)} s, smtp-source -s ${CONNECTIONS}; jashik's Node process used ${((cpu.user + cpu.system) / 1000 / Math.max(1, stored)).toFixed(2)} CPU ms per message (user ${(cpu.user / 1000 / Math.max(1, stored)).toFixed(2)}: the system part swells when other processes contend for the CPUs); ${(commitCount / Math.max(1, stored)).toFixed(2)} database transactions per message)`);
    return rate;
  }
  const body = message(size, 0).replace(/\r\n\./g, '\r\n..');
  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    const c = await smtpConnect(port);
    await c.send('EHLO bench.sender.example');
    while (performance.now() - t0 < SECONDS * 1000) {
      await c.send('MAIL FROM:<bench@sender.example>');
      await c.send(`RCPT TO:<rcpt@${DOMAIN}>`);
      await c.send('DATA');
      c.write(body);
      const r = await c.send('.');
      if (r.code === 250) done++;
      else failed++;
    }
    await c.send('QUIT').catch(() => undefined);
    c.destroy();
  }));
  const secs = (performance.now() - t0) / 1000;
  await smtp.close();
  const rate = done / secs;
  console.log(`${label.padEnd(44)} ${rate.toFixed(1).padStart(8)} msg/s  (${done} accepted${failed ? `, ${failed} refused` : ''} in ${secs.toFixed(1)} s, ${CONNECTIONS} connections)`);
  return rate;
}

/**
 * The system as `jashik start` runs it (its operator evidence key, its blob store, its job
 * workers), with SMTP in `processes` worker processes (JASHIK_SMTP_PROCESSES) — the shape of
 * an MTA's one receiving process per core. SPF/DKIM/DMARC off for equal work with Postfix.
 */
async function runSystem(label: string, size: number, processes: number): Promise<number> {
  Object.assign(process.env, {
    JASHIK_SMTP_AUTH_CHECKS: 'off',
    // smtp-source's 20 sessions all come from 127.0.0.1.
    JASHIK_SMTP_MAX_CONNECTIONS_PER_IP: '1000',
    JASHIK_SMTP_MAX_MESSAGES_PER_IP_PER_MINUTE: '100000000',
    JASHIK_SMTP_GREETING_PAUSE_MS: String(EQUAL_WORK_PAUSE_MS),
  });
  const config = loadConfig({
    ...process.env, JASHIK_DATA_DIR: path.join(tmp, 'system'), JASHIK_DATABASE_URL: t.url, JASHIK_DEMO: 'on', JASHIK_DOMAIN: DOMAIN,
    JASHIK_HTTP_PORT: '0', JASHIK_HTTP_HOST: '127.0.0.1', JASHIK_SMTP_PORT: '0', JASHIK_SMTP_HOST: '127.0.0.1', JASHIK_SMTP_PROCESSES: String(processes), JASHIK_LOG_LEVEL: 'warn',
  });
  const system = await startSystem(config, createLogger('warn'));
  try {
    const count = async () => Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from letters`)).rows[0].n);
    const before = await count();
    const secs = await smtpSource(system.smtpPort, size, `rcpt@${DOMAIN}`);
    const stored = (await count()) - before;
    const rate = stored / secs;
    console.log(`${label.padEnd(44)} ${rate.toFixed(1).padStart(8)} msg/s  (${stored} of ${MESSAGES} stored in ${secs.toFixed(1)} s, smtp-source -s ${CONNECTIONS})`);
    return rate;
  } finally {
    await system.stop();
  }
}

try {
  await t.database.db.execute(sql`insert into mailboxes (login, address, kind, iin, display_name, quota_bytes) values ('rcpt', ${`rcpt@${DOMAIN}`}, 'personal', '900101300123', 'Bench', ${1e15})`);
  console.log(`bench/smtp-ingest on ${process.env.JASHIK_DATABASE_URL ? 'the external' : 'the embedded'} PostgreSQL, ${os.cpus().length} CPUs; every 250 follows a committed transaction and a written blob`);
  if (haveSmtpSource && process.env.BENCH_INPROCESS !== '0') await warmUp();
  for (const size of SIZES) {
    const pf = haveSmtpSource && WITH_POSTFIX ? await postfixRate(size) : undefined;
    if (process.env.BENCH_FLOOR === '1' && haveSmtpSource) await run(`smtp-server alone (stores nothing) ${size / 1024} KB`, size, false, true);
    const off = process.env.BENCH_INPROCESS === '0' ? 0 : await run(`jashik ${size / 1024} KB, SPF/DKIM/DMARC off`, size, false);
    const paused = process.env.BENCH_INPROCESS === '0' || process.env.BENCH_DEFAULT_PAUSE === '0' ? 0 : await run(`jashik ${size / 1024} KB, off, default 100 ms greeting pause`, size, false, false, DEFAULT_SMTP_LIMITS.greetingPauseMs);
    if (WITH_CHECKS) await run(`jashik ${size / 1024} KB, SPF/DKIM/DMARC on (stub DNS)`, size, true);
    if (pf && off) console.log(`${`ratio jashik/postfix ${size / 1024} KB (checks off)`.padEnd(44)} ${(off / pf).toFixed(2).padStart(8)}×`);
    if (pf && paused) console.log(`${`ratio with the greeting pause ${size / 1024} KB`.padEnd(44)} ${(paused / pf).toFixed(2).padStart(8)}×`);
    if (haveSmtpSource && WITH_SYSTEM) {
      const n = Number(process.env.BENCH_SMTP_PROCESSES ?? os.availableParallelism());
      const sys = await runSystem(`jashik start, ${n} SMTP processes, ${size / 1024} KB`, size, n);
      if (pf) console.log(`${`ratio jashik (${n} SMTP processes)/postfix ${size / 1024} KB`.padEnd(44)} ${(sys / pf).toFixed(2).padStart(8)}×`);
    }
  }
  if (!haveSmtpSource) console.log('(Postfix is not installed: apt-get install postfix for the side-by-side figures)');
} finally {
  await t.drop();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
