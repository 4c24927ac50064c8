/**
 * bench/mail: listing and searching a mailbox of 100,000 letters (MB-7), through the same
 * service functions the API calls. Prints p50/p99 of the first page, a deep page (keyset cursor
 * near the oldest letter), a rare-word search and a partial-word search — sequential, then with
 * 20 concurrent clients. Target: listing p99 under 50 ms on PostgreSQL.
 *
 *   node --import tsx bench/mail/list-100k.ts     (BENCH_LETTERS=100000 BENCH_SECONDS=120)
 * On the embedded PostgreSQL in a temporary directory, or JASHIK_DATABASE_URL's server (a
 * throw-away database is created there and dropped). Bounded: each measurement stops after its
 * share of BENCH_SECONDS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { ensureEmbeddedPostgres, type EmbeddedServer } from '../../src/storage/db/embedded-postgres.ts';
import { createTestDatabase } from '../../test/support/test-database.ts';
import { listLetters } from '../../src/modules/mail/list-letters.ts';
import { searchLetters } from '../../src/modules/mail/search-letters.ts';
import { encodeCursor } from '../../src/modules/mail/letter-view.ts';
import type { MailActor } from '../../src/modules/mail/types.ts';

const N = Number(process.env.BENCH_LETTERS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 120);
const CONCURRENCY = 20;

let server: EmbeddedServer | undefined;
let tmp: string | undefined;
if (process.env.JASHIK_DATABASE_URL) process.env.JASHIK_TEST_ADMIN_URL = process.env.JASHIK_DATABASE_URL;
else {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-bench-mail-'));
  fs.chmodSync(tmp, 0o755);
  server = await ensureEmbeddedPostgres(tmp);
  process.env.JASHIK_TEST_ADMIN_URL = server.adminUrl;
}
const t = await createTestDatabase();
// The running system's pool size (start-system opens 20 connections).
t.database.pool.options.max = 20;
const db = t.database.db;

try {
  const mb = await db.execute<{ id: string }>(sql`
    insert into mailboxes (login, address, kind, iin, display_name) values ('bench', 'bench@pochta.localhost', 'personal', '900101300123', 'Bench') returning id`);
  const actor: MailActor = { mailboxId: mb.rows[0].id, actor: 'user:bench' };
  // Noise: a second mailbox with as many letters, so the indexes must separate mailboxes.
  const other = await db.execute<{ id: string }>(sql`
    insert into mailboxes (login, address, kind, iin, display_name) values ('other', 'other@pochta.localhost', 'personal', '900101300123', 'Other') returning id`);
  const t0 = performance.now();
  for (const id of [actor.mailboxId, other.rows[0].id]) {
    for (let from = 1; from <= N; from += 25_000) {
      const to = Math.min(N, from + 24_999);
      await db.execute(sql`
        with w as (select array['есеп','отчёт','шарт','договор','хабарлама','уведомление','сәлем','привет','жоспар','бюджет','өтініш','заявление','құжат','документ','мерзім','срок'] as words),
        g as (select i, (select words from w) as words from generate_series(${from}::int, ${to}::int) i),
        r as (select i, words[1 + i % 16] || ' №' || i as subject,
                     words[1 + (i * 7) % 16] || ' ' || words[1 + (i * 11) % 16] || ' ' || words[1 + (i * 13) % 16] ||
                     case when i % 100 = 0 then ' қазақ тілі' else '' end || ' мәтін ' || i as body
              from g)
        insert into letters (mailbox_id, folder, direction, raw_sha256, size, message_id, thread_id, subject, from_address, from_name,
                             to_addresses, snippet, has_attachments, search_text, search_tsv, received_at)
        select ${id}, case when i % 10 = 0 then 'archive' else 'inbox' end, 'in', md5(i::text) || md5((i + 1)::text), 2000 + i % 5000,
               '<' || i || '@bench>', '<' || (i / 5) || '@bench>', subject, 'sender' || (i % 300) || '@example.kz', 'Жіберуші ' || (i % 300),
               '["bench@pochta.localhost"]'::jsonb, left(body, 200), i % 7 = 0,
               lower(subject || ' ' || body), to_tsvector('simple', lower(subject || ' ' || body)),
               now() - (${N} - i) * interval '1 minute'
        from r`);
    }
  }
  await db.execute(sql`vacuum analyze letters`);
  console.log(`bench/mail: ${N} letters in each of 2 mailboxes on ${process.env.JASHIK_DATABASE_URL ? 'the external' : 'the embedded'} PostgreSQL, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const oldest = await db.execute<{ seq: string }>(sql`select seq from letters where mailbox_id = ${actor.mailboxId} and folder = 'inbox' order by seq asc limit 1 offset 60`);
  const deepCursor = encodeCursor(oldest.rows[0].seq);
  for (const [label, q] of [
    ['first page', sql`select id from letters where mailbox_id = ${actor.mailboxId} and folder = 'inbox' order by seq desc nulls last limit 51`],
    ['deep page', sql`select id from letters where mailbox_id = ${actor.mailboxId} and folder = 'inbox' and seq < ${Number(oldest.rows[0].seq)} order by seq desc nulls last limit 51`],
    ['search', sql`select id from letters where mailbox_id = ${actor.mailboxId} and search_text like '%қазақ%' order by seq desc nulls last limit 51`],
  ] as const) {
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain (analyze, costs off) ${q}`);
    console.log(`plan, ${label}:\n  ${plan.rows.map((r) => r['QUERY PLAN']).join('\n  ')}`);
  }
  const cases: [string, () => Promise<unknown>][] = [
    ['first page (50)', () => listLetters(t.database, actor, { folder: 'inbox', limit: 50 })],
    ['deep page (50, near the oldest)', () => listLetters(t.database, actor, { folder: 'inbox', limit: 50, cursor: deepCursor })],
    ['search rare word "ҚАЗАҚ"', () => searchLetters(t.database, actor, { q: 'ҚАЗАҚ', limit: 50 })],
    ['search part of a word "ұжа"', () => searchLetters(t.database, actor, { q: 'ұжа', limit: 50 })],
  ];
  const budget = (SECONDS * 1000) / (cases.length * 2);
  const pct = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
  const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms  (${xs.length} calls)`;
  for (const [name, fn] of cases) {
    for (let i = 0; i < 5; i++) await fn(); // warm-up
    const seq: number[] = [];
    const s0 = performance.now();
    while (seq.length < 300 && performance.now() - s0 < budget) {
      const a = performance.now();
      await fn();
      seq.push(performance.now() - a);
    }
    const conc: number[] = [];
    const c0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (conc.length < 2000 && performance.now() - c0 < budget) {
        const a = performance.now();
        await fn();
        conc.push(performance.now() - a);
      }
    }));
    console.log(`${name.padEnd(34)} sequential: ${fmt(seq)}   ${CONCURRENCY} concurrent: ${fmt(conc)}`);
  }
} finally {
  await t.drop();
  await server?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
