import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { searchLetters } from './search-letters.ts';
import { sendLetter } from './send-letter.ts';
import { makeMailbox } from './test-support.ts';
import type { MailActor } from './types.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';

let a: MailActor & { address: string };
let b: MailActor & { address: string };
const bed = mailTestBedForThisFile(async () => {
  a = await makeMailbox(bed.database, 'aigerim');
  b = await makeMailbox(bed.database, 'bolat');
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'ҚАЗАҚ ТІЛІ КУРСЫ', text: 'Сабақ дүйсенбіде басталады.' });
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'Отчёт за квартал', text: 'Прошу рассмотреть ОТЧЁТ о проделанной работе.' });
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'Құжаттар', text: 'Тіркемеде шарт бар.', registered: true,
    attachments: [{ filename: 'келісімшарт-2026.pdf', contentType: 'application/pdf', content: Readable.from([Buffer.from('%PDF-1.4 test')]) }] });
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'Әңгіме', text: 'Үйде өнер һәм ғылым туралы ұзақ әңгіме болды.' });
  await bed.drain();
});

const subjects = async (actor: MailActor, q: string, extra: Record<string, unknown> = {}) => (await searchLetters(bed.database, actor, { q, folder: 'inbox', ...extra })).letters.map((l) => l.subject).sort();

test('X-2 search: ҚАЗАҚ is found by қазақ (Kazakh case folding)', async () => {
  assert.deepEqual(await subjects(b, 'қазақ'), ['ҚАЗАҚ ТІЛІ КУРСЫ']);
  assert.deepEqual(await subjects(b, 'Қазақ тілі'), ['ҚАЗАҚ ТІЛІ КУРСЫ']);
});

test('X-2 search: Russian text folds case (отчёт / ОТЧЁТ) and words are found by their middle', async () => {
  assert.deepEqual(await subjects(b, 'отчёт'), ['Отчёт за квартал']);
  assert.deepEqual(await subjects(b, 'роделан'), ['Отчёт за квартал'], 'middle of проделанной');
  assert.deepEqual(await subjects(b, 'йсенбі'), ['ҚАЗАҚ ТІЛІ КУРСЫ'], 'middle of дүйсенбіде');
});

test('X-2 search: all Kazakh letters ә ғ қ ң ө ұ ү һ і are searchable, in any case', async () => {
  for (const w of ['ҮЙДЕ', 'өнер', 'Һәм', 'ҒЫЛЫМ', 'ұзақ', 'әңгіме', 'ӘҢГІМЕ']) assert.deepEqual(await subjects(b, w), ['Әңгіме'], w);
});

test('X-2 search: sender, recipient and attachment names are searched', async () => {
  assert.equal((await subjects(b, 'aigerim')).length, 4);
  assert.deepEqual(await subjects(b, 'келісімшарт'), ['Құжаттар']);
  assert.deepEqual(await subjects(b, '2026.pdf'), ['Құжаттар']);
});

test('X-2 search filters: folder, date range, has-attachment, registered; short words match whole words', async () => {
  assert.deepEqual(await subjects(b, 'aigerim', { hasAttachments: true }), ['Құжаттар']);
  assert.deepEqual(await subjects(b, 'aigerim', { registered: true }), ['Құжаттар']);
  assert.equal((await subjects(b, 'aigerim', { from: new Date(Date.now() + 3600_000) })).length, 0);
  assert.equal((await subjects(b, 'aigerim', { from: new Date(Date.now() - 3600_000), to: new Date(Date.now() + 3600_000) })).length, 4);
  assert.deepEqual(await subjects(b, 'за'), ['Отчёт за квартал']);
  assert.equal((await subjects(b, 'aigerim', { folder: 'trash' })).length, 0);
  assert.equal((await searchLetters(bed.database, a, { q: 'квартал', folder: 'sent' })).letters.length, 1);
});

test('MB-9 search: a mailbox never finds another mailbox\'s letters; LIKE wildcards are literal', async () => {
  const c = await makeMailbox(bed.database);
  assert.equal((await searchLetters(bed.database, c, { q: 'қазақ' })).letters.length, 0);
  assert.equal((await searchLetters(bed.database, b, { q: '%%%' })).letters.length, 0);
  await assert.rejects(searchLetters(bed.database, b, { q: '   ' }), { code: 'VALIDATION_FAILED' });
});

test('MB-7 search: Cyrillic words make trigrams, and the trigram index serves a substring search', async () => {
  const tg = await bed.database.db.execute<{ t: string[] }>(sql`select show_trgm('қазақ') as t`);
  assert.ok(tg.rows[0].t.length >= 5, `trigrams: ${tg.rows[0].t.join(',')}`); // multibyte trigrams show as hashes
  const plan = await bed.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    await tx.execute(sql`set local enable_indexscan = off`);
    return tx.execute<{ 'QUERY PLAN': string }>(sql`explain select id from letters where search_text like '%қазақ%'`);
  });
  assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /letters_search_trgm_idx/);
});
