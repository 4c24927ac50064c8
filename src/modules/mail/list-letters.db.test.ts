import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { LETTER_COLUMNS, toSummary, type LetterRow, type LetterSummary } from './letter-view.ts';
import Fastify from 'fastify';
import { letterPage } from '../../http/routes/mail-schemas.ts';
import { listLetters, listLettersJson } from './list-letters.ts';
import { makeMailbox } from './test-support.ts';
import type { MailActor } from './types.ts';

let t: TestDatabase;
let me: MailActor;
let other: MailActor;

/** Letters inserted directly, with the awkward values a page must carry through unchanged. */
async function insertLetter(mailboxId: string, i: number, o: { folder?: string; thread?: string; seen?: boolean } = {}): Promise<void> {
  await t.database.db.execute(sql`
    insert into letters (mailbox_id, folder, direction, raw_sha256, size, message_id, thread_id, subject, from_address, from_name,
                         to_addresses, cc_addresses, sent_at, received_at, snippet, seen, flagged, keywords, has_attachments, attachments,
                         registered, verified_sender, handed_over_at)
    values (${mailboxId}, ${o.folder ?? 'inbox'}, ${i % 3 === 0 ? 'out' : 'in'}, ${'ab'.repeat(32)}, ${3_000_000_000 + i}, ${i % 4 === 0 ? null : `<${i}@test>`},
            ${o.thread ?? null}, ${`Тақырып "${i}" \\ \u0001 ✓`}, ${`s${i}@example.kz`}, ${'Жіберуші'},
            ${JSON.stringify([`a${i}@pochta.test`, 'b@pochta.test'])}::jsonb, ${JSON.stringify(i % 2 ? ['c@x.kz'] : [])}::jsonb,
            ${i % 5 === 0 ? null : sql`timestamptz '2026-03-01 10:00:00.999999+05' + ${i} * interval '1 minute'`},
            timestamptz '1969-12-01 23:59:59.123456+00' + ${i} * interval '1 day 0.000789 second',
            ${`snippet ${i}`}, ${o.seen ?? i % 2 === 0}, ${i % 7 === 0}, ${JSON.stringify(i % 3 ? ['$label'] : [])}::jsonb, ${i % 4 === 1},
            ${JSON.stringify(i % 4 === 1 ? [{ filename: `файл ${i}.pdf`, contentType: 'application/pdf', size: 1234, sha256: 'cd'.repeat(32) }] : [])}::jsonb,
            ${i % 6 === 0}, ${i % 6 === 0}, ${i % 8 === 0 ? sql`now()` : null})`);
}

/** What the letter's own view (getLetter's mapping of the whole row) says about these letters, newest first. */
async function reference(where: ReturnType<typeof sql>): Promise<LetterSummary[]> {
  const r = await t.database.db.execute<LetterRow>(sql`select ${LETTER_COLUMNS} from letters where ${where} order by seq desc`);
  return r.rows.map(toSummary);
}

before(async () => {
  t = await createTestDatabase();
  me = await makeMailbox(t.database, 'lister');
  other = await makeMailbox(t.database, 'neighbour');
  for (let i = 1; i <= 23; i++) {
    await insertLetter(me.mailboxId, i);
    await insertLetter(other.mailboxId, i);
  }
  for (let i = 24; i <= 27; i++) await insertLetter(me.mailboxId, i, { folder: 'archive', thread: '<root@test>' });
  await insertLetter(me.mailboxId, 28, { thread: '<root@test>', seen: false });
});
after(async () => t?.drop());

test('MB-7: a listing pages through a folder newest first and shows each letter as the letter view does', async () => {
  const seen: LetterSummary[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10; pages++) {
    const page = await listLetters(t.database, me, { folder: 'inbox', limit: 5, cursor });
    seen.push(...page.letters);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  assert.deepEqual(seen, await reference(sql`mailbox_id = ${me.mailboxId} and folder = 'inbox'`));
  assert.equal(seen.length, 24);
  assert.ok(seen.some((l) => l.sentAt === null) && seen.some((l) => l.handedOverAt !== null) && seen.some((l) => l.attachments.length === 1));
});

test('MB-7: timestamps keep their milliseconds (microseconds cut, not rounded), also before 1970', async () => {
  const page = await listLetters(t.database, me, { folder: 'inbox', limit: 200 });
  const first = page.letters.find((l) => l.subject.startsWith('Тақырып "1"'))!;
  assert.equal(first.receivedAt, '1969-12-02T23:59:59.124Z');
  assert.equal(first.sentAt, '2026-03-01T05:01:00.999Z');
});

test('MB-7: a thread, unseen letters only, and a page exactly as long as the limit', async () => {
  const thread = await listLetters(t.database, me, { threadId: '<root@test>' });
  assert.deepEqual(thread.letters, await reference(sql`mailbox_id = ${me.mailboxId} and thread_id = '<root@test>'`));
  assert.equal(thread.letters.length, 5);
  const unseen = await listLetters(t.database, me, { folder: 'inbox', unseen: true, limit: 200 });
  assert.deepEqual(unseen.letters, await reference(sql`mailbox_id = ${me.mailboxId} and folder = 'inbox' and not seen`));
  const exact = await listLetters(t.database, me, { folder: 'archive', limit: 4 });
  assert.equal(exact.letters.length, 4);
  assert.equal(exact.nextCursor, null);
});

test('MB-1: a listing shows only the caller\'s mailbox', async () => {
  const mine = await listLetters(t.database, me, { folder: 'inbox', limit: 200 });
  const theirs = await listLetters(t.database, other, { folder: 'inbox', limit: 200 });
  assert.equal(theirs.letters.length, 23);
  assert.equal(mine.letters.filter((l) => theirs.letters.some((x) => x.id === l.id)).length, 0);
});

test('MB-7 API: the page JSON the route sends is what the letterPage schema makes of the letter view, field for field', async () => {
  // The reference: the letter view's objects through the response schema's serializer, as Fastify would send them.
  const app = Fastify();
  app.get('/ref', { schema: { response: { 200: letterPage } } }, async (req) => {
    const where = (req.query as { unseen?: string }).unseen ? sql`and not seen` : sql``;
    const letters = await reference(sql`mailbox_id = ${me.mailboxId} and folder = 'inbox' ${where}`);
    return { letters: letters.slice(0, 7), nextCursor: (await listLetters(t.database, me, { folder: 'inbox', limit: 7, unseen: Boolean(where.queryChunks.length) })).nextCursor };
  });
  try {
    for (const unseen of [false, true]) {
      const expected = (await app.inject({ url: `/ref${unseen ? '?unseen=1' : ''}` })).json();
      const actual = JSON.parse(await listLettersJson(t.database, me, { folder: 'inbox', limit: 7, unseen }));
      assert.deepEqual(actual, expected);
      assert.ok(actual.letters.some((l: LetterSummary) => l.attachments.length === 1), 'attachments are compared too');
    }
  } finally {
    await app.close();
  }
});

test('MB-7 API: attachment entries show only the schema\'s fields, whatever else is stored with them', async () => {
  const id = (await listLetters(t.database, me, { folder: 'inbox', limit: 200 })).letters.find((l) => l.attachments.length === 1)!.id;
  await t.database.db.execute(sql`update letters set attachments = jsonb_set(attachments, '{0,internalPart}', '"1.2"') where id = ${id}`);
  const page = JSON.parse(await listLettersJson(t.database, me, { folder: 'inbox', limit: 200 })) as { letters: LetterSummary[] };
  assert.deepEqual(Object.keys(page.letters.find((l) => l.id === id)!.attachments[0]).sort(), ['contentType', 'filename', 'sha256', 'size']);
});
