/**
 * bench/mailbox-list (issue 5, MB-7): p50/p99 latency and requests per second of listLetters
 * (the first page of Inbox and a deep page, keyset cursor near the oldest letter) and of
 * searchLetters (a rare whole word and part of a word) in a mailbox of 100,000 letters, over
 * HTTP, 20 concurrent autocannon connections. Target: listing p99 under 50 ms on PostgreSQL.
 *
 *   node --import tsx bench/mailbox-list/run.ts
 *     (BENCH_LETTERS=100000, BENCH_SECONDS=15 per case, BENCH_CONNECTIONS=20, BENCH_PLANS=1 for whole
 *      query plans, BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' to profile the server)
 *
 * The system runs as `jashik start` runs it — its own process, the embedded PostgreSQL in a
 * temporary data directory, the production defaults (log level info, to /dev/null here) — and
 * the bench signs in as the mailbox owner the way the web cabinet does (POST /api/v1/auth/login,
 * then the session cookie). Letters are loaded with one bulk insert through the real schema
 * (index rows, search text and tsvector as store-letter writes them), plus as many letters in a
 * second mailbox, so the indexes must separate mailboxes. Besides latency it prints the CPU the
 * server (Node) and PostgreSQL spent per request: on a shared 2-core machine that is the figure
 * that does not depend on what else runs. Exit code 1 when a listing p99 misses the target.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { freePort } from '../../src/shared/free-port.ts';
import { fromUrl } from '../../src/storage/db/database.ts';
import { argon2Hasher } from '../../src/modules/accounts/password.ts';
import { currentAgreement } from '../../src/modules/accounts/agreements.ts';
import { createMailboxAccount } from '../../src/modules/accounts/create-mailbox-account.ts';
import { encodeCursor, SUMMARY_COLUMNS } from '../../src/modules/mail/letter-view.ts';

const N = Number(process.env.BENCH_LETTERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const TARGET_P99_MS = 50;
const DOMAIN = 'pochta.localhost';
const LOGIN = 'benchowner';
const PASSWORD = 'bench-Пароль-2026-long';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-bench-list-'));
fs.chmodSync(dataDir, 0o755);
const httpPort = await freePort();
const base = `http://127.0.0.1:${httpPort}`;

function startJashik(): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, JASHIK_DATA_DIR: dataDir, JASHIK_HTTP_PORT: String(httpPort), JASHIK_HTTP_HOST: '127.0.0.1', JASHIK_SMTP_PORT: '0', JASHIK_SMTP_HOST: '127.0.0.1', JASHIK_DOMAIN: DOMAIN };
  for (const k of ['JASHIK_DATABASE_URL', 'JASHIK_BLOB_URL', 'JASHIK_LOG_LEVEL']) delete env[k];
  // Its own process group: the bench measures (and at the end stops) jashik and its PostgreSQL together.
  // Run as an operator runs it: bin/jashik.js with the Node flags its shebang line carries.
  // BENCH_NODE_ARGS: more flags for jashik's Node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const shebang = fs.readFileSync(path.join(root, 'bin/jashik.js'), 'utf8').split('\n')[0];
  const jashikFlags = /^#!\/usr\/bin\/env -S node (.*)$/.exec(shebang)?.[1].split(' ').filter(Boolean) ?? [];
  const nodeArgs = [...jashikFlags, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  return spawn(process.execPath, [...nodeArgs, 'bin/jashik.js', 'start'], { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function waitReady(child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jashik exited with ${child.exitCode}: ${stderr}`);
    if (await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`jashik did not become ready: ${stderr}`);
}

interface Proc { pid: number; ppid: number; comm: string; cpu: number }

function procs(): Proc[] {
  const out: Proc[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] = state (field 3)
      // utime + stime in USER_HZ (100 on Linux).
      out.push({ pid: Number(d), ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), cpu: (Number(f[11]) + Number(f[12])) / 100 });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** A process and its descendants (the postmaster calls setsid, so a process group would miss PostgreSQL). */
function tree(root: number): Proc[] {
  const all = procs();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

/** CPU seconds (user + system) of jashik's process tree, split into PostgreSQL and the rest (Node). */
function treeCpu(root: number): { node: number; pg: number } {
  const out = { node: 0, pg: 0 };
  for (const p of tree(root)) {
    if (p.comm.startsWith('postgres')) out.pg += p.cpu;
    else out.node += p.cpu;
  }
  return out;
}

/**
 * Letters as store-letter indexes them: subject, people, snippet, lower-cased search text and its
 * `simple` tsvector. The mailboxes' letters arrive interleaved (as mail does), so a mailbox's
 * letters are spread over the table and its `seq` range, not one contiguous block.
 */
async function seed(db: ReturnType<typeof fromUrl>['db'], mailboxIds: string[]): Promise<void> {
  for (let from = 1; from <= N; from += 20_000) {
    const to = Math.min(N, from + 19_999);
    await db.execute(sql`
      with w as (select array['есеп','отчёт','шарт','договор','хабарлама','уведомление','сәлем','привет','жоспар','бюджет','өтініш','заявление','құжат','документ','мерзім','срок'] as words),
      g as (select i, (select words from w) as words from generate_series(${from}::int, ${to}::int) i),
      r as (select i, words[1 + i % 16] || ' №' || i as subject,
                   words[1 + (i * 7) % 16] || ' ' || words[1 + (i * 11) % 16] || ' ' || words[1 + (i * 13) % 16] ||
                   case when i % 100 = 0 then ' қазақ тілі' else '' end || ' мәтін ' || i as body
            from g)
      insert into letters (mailbox_id, folder, direction, raw_sha256, size, message_id, thread_id, subject, from_address, from_name,
                           to_addresses, snippet, has_attachments, search_text, search_tsv, received_at)
      select m.id, case when i % 10 = 0 then 'archive' else 'inbox' end, 'in', md5(i::text) || md5((i + 1)::text), 2000 + i % 5000,
             '<' || i || '@bench>', '<' || (i / 5) || '@bench>', subject, 'sender' || (i % 300) || '@example.kz', 'Жіберуші ' || (i % 300),
             ${JSON.stringify([`${LOGIN}@${DOMAIN}`])}::jsonb, left(body, 200), i % 7 = 0,
             lower(subject || ' ' || body), to_tsvector('simple', lower(subject || ' ' || body)),
             now() - (${N} - i) * interval '1 minute'
      from r cross join unnest(array[${sql.join(mailboxIds.map((id) => sql`${id}::uuid`), sql`, `)}]) with ordinality as m(id, k)
      order by i, k`);
  }
}

async function account(db: ReturnType<typeof fromUrl>['db'], login: string, iin: string, passwordHash: string): Promise<string> {
  return db.transaction(async (tx) => {
    const agreement = await currentAgreement(tx, DOMAIN);
    const created = await createMailboxAccount(tx, DOMAIN, {
      applicant: { kind: 'individual', fullName: `Bench ${login}`, iin, identityDocument: { number: '000000001' }, residentialAddress: 'Астана', mobilePhone: '+77010000000' },
      login, passwordHash, agreement, application: { channel: 'counter' },
    }, { actor: 'system' });
    return created.mailboxId;
  });
}

/** Signs in as the web cabinet does; returns the Cookie header of the session. */
async function signIn(): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: LOGIN, password: PASSWORD }) });
  if (r.status !== 200) throw new Error(`login: ${r.status} ${await r.text()}`);
  return r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

interface CaseResult { name: string; p50: number; p99: number; rps: number; non2xx: number; errors: number; nodeMsPerReq: number; pgMsPerReq: number }

async function measure(name: string, url: string, cookie: string, serverPid: number): Promise<CaseResult> {
  const check = await fetch(base + url, { headers: { cookie } });
  const body = (await check.json()) as { letters?: unknown[] };
  if (check.status !== 200 || !body.letters?.length) throw new Error(`${name}: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
  // Warm-up (JIT, plan cache, buffer cache), not measured.
  await autocannon({ url: base + url, connections: CONNECTIONS, duration: 2, headers: { cookie } });
  const c0 = treeCpu(serverPid);
  const r = await autocannon({ url: base + url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
  const c1 = treeCpu(serverPid);
  const n = Math.max(1, r.requests.total);
  return {
    name, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx, errors: r.errors + r.timeouts,
    nodeMsPerReq: ((c1.node - c0.node) * 1000) / n, pgMsPerReq: ((c1.pg - c0.pg) * 1000) / n,
  };
}

const child = startJashik();
let failed = false;
try {
  await waitReady(child);
  const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const pgPort = fs.readFileSync(path.join(dataDir, 'pg-port'), 'utf8').trim();
  const database = fromUrl(`postgres://jashik:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/jashik`, 'embedded', 2);
  let deepCursor: string;
  try {
    const t0 = performance.now();
    const owner = await account(database.db, LOGIN, '900101300123', await argon2Hasher.hash(PASSWORD));
    const other = await account(database.db, 'benchother', '850505400456', await argon2Hasher.hash(`${PASSWORD}-other`));
    await seed(database.db, [owner, other]);
    await database.db.execute(sql`vacuum analyze letters`);
    console.log(`bench/mailbox-list: ${N} letters in each of 2 mailboxes, embedded PostgreSQL, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} CPUs shared by jashik, PostgreSQL and autocannon`);
    const oldest = await database.db.execute<{ seq: string }>(sql`select seq from letters where mailbox_id = ${owner} and folder = 'inbox' order by seq asc limit 1 offset 60`);
    deepCursor = encodeCursor(oldest.rows[0].seq);
    // The listing and search queries' plans on this mailbox (BENCH_PLANS=1 prints them whole).
    for (const [label, q] of [
      ['first page', sql`select ${SUMMARY_COLUMNS} from letters where mailbox_id = ${owner} and folder = 'inbox' order by seq desc nulls last limit 51`],
      ['deep page', sql`select ${SUMMARY_COLUMNS} from letters where mailbox_id = ${owner} and folder = 'inbox' and seq < ${Number(oldest.rows[0].seq)} order by seq desc nulls last limit 51`],
      ['search', sql`select ${SUMMARY_COLUMNS} from letters where mailbox_id = ${owner} and search_text like '%қазақ%' order by seq desc nulls last limit 51`],
    ] as const) {
      const plan = (await database.db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, costs off) ${q}`)).rows.map((r) => r['QUERY PLAN']);
      if (process.env.BENCH_PLANS) console.log(`plan, ${label}:\n  ${plan.join('\n  ')}`);
      else console.log(`plan, ${label}: ${plan.find((l) => l.includes('Index') || l.includes('Scan'))?.trim()}; ${plan.find((l) => l.startsWith('Execution Time'))}`);
    }
  } finally {
    await database.close();
  }
  const cookie = await signIn();
  const cases: [string, string, boolean][] = [
    ['listLetters, first page of Inbox (50)', '/api/mail/letters?folder=inbox&limit=50', true],
    ['listLetters, deep page (50, near the oldest)', `/api/mail/letters?folder=inbox&limit=50&cursor=${deepCursor}`, true],
    ['searchLetters, rare word "ҚАЗАҚ"', `/api/mail/search?q=${encodeURIComponent('ҚАЗАҚ')}&limit=50`, false],
    ['searchLetters, part of a word "ұжа"', `/api/mail/search?q=${encodeURIComponent('ұжа')}&limit=50`, false],
  ];
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per case, GET over HTTP with the owner's session cookie\n`);
  console.log(`${'case'.padEnd(46)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)}  ${'CPU ms/req: node'.padStart(16)} ${'postgres'.padStart(8)}  verdict`);
  for (const [name, url, isListing] of cases) {
    const r = await measure(name, url, cookie, child.pid!);
    const bad = r.non2xx > 0 || r.errors > 0;
    const verdict = bad ? `FAIL (${r.non2xx} non-2xx, ${r.errors} errors)` : isListing ? (r.p99 < TARGET_P99_MS ? `PASS (p99 < ${TARGET_P99_MS} ms)` : `FAIL (p99 ≥ ${TARGET_P99_MS} ms)`) : '(no target)';
    if (bad || (isListing && r.p99 >= TARGET_P99_MS)) failed = true;
    console.log(`${name.padEnd(46)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${r.rps.toFixed(0).padStart(7)}  ${r.nodeMsPerReq.toFixed(2).padStart(16)} ${r.pgMsPerReq.toFixed(2).padStart(8)}  ${verdict}`);
  }
} finally {
  const started = tree(child.pid!).map((p) => p.pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  // jashik stops its PostgreSQL; the data directory goes only once none of those processes runs.
  for (let i = 0; i < 300 && procs().some((p) => started.includes(p.pid)); i++) await new Promise((r) => setTimeout(r, 100));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
