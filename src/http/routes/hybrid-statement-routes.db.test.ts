import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hybridApiForThisFile } from './hybrid-api-harness.ts';
import { submitHybridLetter } from '../../modules/hybrid/submit-hybrid-letter.ts';
import { ADDRESS, senderActor, staffActor } from '../../modules/hybrid/testkit.ts';

let sender: Awaited<ReturnType<typeof senderActor>>;
const s10s: string[] = [];

const h = hybridApiForThisFile(async () => {
  sender = await senderActor(h.t.database);
  h.actors.set('sender', sender);
  h.actors.set('other', await senderActor(h.t.database));
  h.actors.set('admin', staffActor('operator_admin'));
  h.actors.set('clerk', staffActor('clerk'));
  // Three paper items accepted in March 2026 (Almaty time; one just after midnight on 1 March
  // Almaty, which is still February in UTC), one in April, and one read online (never billed).
  const at = ['2026-02-28T19:30:00Z', '2026-03-15T08:00:00Z', '2026-03-31T18:59:00Z', '2026-03-31T19:00:00Z'];
  for (const [i, when] of at.entries()) {
    const r = await submitHybridLetter(h.env, sender, { recipient: { address: ADDRESS }, content: { text: `Statement ${i}` }, registered: i !== 1 });
    s10s.push(r.s10!);
    await h.t.database.pool.query(`update hybrid_items set accepted_at = $2 where id = $1`, [r.itemId, when]);
  }
});

test('MB-7: the monthly statement lists the sender\'s paper items of the Almaty calendar month with their stored prices and totals', async () => {
  await h.t.database.pool.query(`update hybrid_items set price_tiyn = 99999 where s10 = $1`, [s10s[3]]); // another month: must not count
  const r = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03', headers: { 'x-test-actor': 'sender' } });
  assert.equal(r.statusCode, 200, r.body);
  const s = r.json();
  assert.deepEqual(s.items.map((i: { s10: string }) => i.s10), s10s.slice(0, 3));
  assert.equal(s.periodStart, '2026-02-28T19:00:00.000Z');
  assert.equal(s.periodEnd, '2026-03-31T19:00:00.000Z');
  // Default tariff, 1 content page: registered 600.00, ordinary 250.00.
  assert.deepEqual(s.items.map((i: { priceTiyn: number }) => i.priceTiyn), [60_000, 25_000, 60_000]);
  assert.deepEqual(s.totals, { items: 3, pages: 3, priceTiyn: 145_000 });
});

test('MB-7: the statement as CSV has one row per item and a total row in tenge', async () => {
  const r = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03?format=csv', headers: { 'x-test-actor': 'sender' } });
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /^text\/csv/);
  assert.match(String(r.headers['content-disposition']), /hybrid-statement-2026-03\.csv/);
  const lines = r.body.trim().split('\n');
  assert.equal(lines[0], 'item_id,s10,accepted_at,pages,registered,status,price_kzt');
  assert.equal(lines.length, 5);
  assert.ok(lines[1].includes(s10s[0]) && lines[1].endsWith(',600.00'));
  assert.equal(lines[4], 'total,,,3,,3 items,1450.00');
});

test('MB-7: the statement as PDF shows the items and the total (pdftotext)', async () => {
  const r = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03?format=pdf', headers: { 'x-test-actor': 'sender' } });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-type'], 'application/pdf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stmt-'));
  try {
    fs.writeFileSync(path.join(dir, 's.pdf'), r.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 's.pdf'), '-'], { encoding: 'utf8' });
    for (const s10 of s10s.slice(0, 3)) assert.ok(text.includes(s10), s10);
    assert.ok(!text.includes(s10s[3]));
    assert.match(text, /Итого: 3 жөнелтілім \/ отправлений, 3 бет \/ стр\., 1450\.00 KZT/);
    assert.ok(text.includes(sender.address));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('MB-7: statements are the sender\'s own; operator admins name the mailbox; bad months and other roles are refused', async () => {
  const other = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03', headers: { 'x-test-actor': 'other' } });
  assert.equal(other.statusCode, 200);
  assert.equal(other.json().totals.items, 0);
  assert.equal((await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/statements/2026-03?mailboxId=${sender.mailboxId}`, headers: { 'x-test-actor': 'other' } })).statusCode, 403);
  const admin = await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/statements/2026-03?mailboxId=${sender.mailboxId}`, headers: { 'x-test-actor': 'admin' } });
  assert.equal(admin.json().totals.items, 3);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03', headers: { 'x-test-actor': 'admin' } })).json().error.fields[0].name, 'mailboxId');
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03', headers: { 'x-test-actor': 'clerk' } })).statusCode, 403);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-13', headers: { 'x-test-actor': 'sender' } })).statusCode, 400);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/statements/2026-03' })).statusCode, 401);
});
