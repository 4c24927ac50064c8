import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { refusalCode as code } from '../../../test/support/refusals.ts';
import { AppError } from '../../shared/errors.ts';
import { directoryPrintDrop } from './print-drop.ts';
import { buildPrintBatch } from './print-batch-job.ts';
import { getHybridEvidence } from './get-hybrid-evidence.ts';
import { listHybridLetters } from './list-hybrid-letters.ts';
import { recordHybridEvent } from './record-hybrid-event.ts';
import { recordPaperOriginalFate } from './record-original-fate.ts';
import { registerPaperLetter } from './register-paper-letter.ts';
import { submitHybridLetter } from './submit-hybrid-letter.ts';
import { ADDRESS, makeMailbox, senderActor, staffActor } from './testkit.ts';
import { hybridTestBedForThisFile } from './hybrid-test-bed.ts';

const bed = hybridTestBedForThisFile();

test('MB-7: the sender lists their own hybrid items newest first with recipient, status, last event and price, page by page without gaps or repeats', async () => {
  const sender = await senderActor(bed.database);
  const other = await senderActor(bed.database);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await submitHybridLetter(bed.env, sender, { recipient: { address: { ...ADDRESS, recipientName: `Алушы ${i}` } }, content: { text: `Хат ${i}` }, subject: `S${i}` })).itemId);
  await submitHybridLetter(bed.env, other, { recipient: { address: ADDRESS }, content: { text: 'not yours' } });

  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listHybridLetters(bed.database, sender, { limit: 2, cursor });
    seen.push(...page.items.map((i) => i.itemId));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen, [...ids].reverse(), 'newest first, each item once, only the sender\'s own');

  const first = (await listHybridLetters(bed.database, sender, { limit: 1 })).items[0];
  assert.equal(first.recipient.name, 'Алушы 4');
  assert.equal(first.recipient.locality, ADDRESS.locality);
  assert.equal(first.status, 'accepted');
  assert.match(first.s10 ?? '', /^RR\d{9}KZ$/);
  assert.equal(first.priceTiyn, 60_000);
  assert.equal(first.lastEvent?.event, 'accepted');
  assert.equal(first.lastEvent?.place, 'PC-ALMATY');

  // After the print centre reports "printed", the list shows it as the last event.
  const drop = directoryPrintDrop(bed.env.dropDir);
  await bed.database.db.transaction((tx) => buildPrintBatch(tx, { blobs: bed.env.blobs, drop, config: bed.env.config }, 'PC-ALMATY', `PC-ALMATY-L${Date.now()}`));
  await recordHybridEvent(bed.env, staffActor('print_centre'), { s10: first.s10!, event: 'printed', place: 'Алматы баспа орталығы' });
  const again = (await listHybridLetters(bed.database, sender, { limit: 1 })).items[0];
  assert.equal(again.status, 'printed');
  assert.deepEqual([again.lastEvent?.event, again.lastEvent?.place], ['printed', 'Алматы баспа орталығы']);
});

test('MB-7: listing hybrid items is for senders only; a forged cursor is refused naming the field', async () => {
  assert.equal(await code(listHybridLetters(bed.database, undefined)), 'UNAUTHENTICATED');
  assert.equal(await code(listHybridLetters(bed.database, staffActor('clerk'))), 'FORBIDDEN');
  const sender = await senderActor(bed.database);
  assert.equal(await code(listHybridLetters(bed.database, { actor: 'token:x', kind: 'token', mailboxId: sender.mailboxId, scopes: ['mail'] })), 'FORBIDDEN');
  const e = await listHybridLetters(bed.database, sender, { cursor: 'bm90LWEtY3Vyc29y' }).catch((err: AppError) => err);
  assert.ok(e instanceof AppError && e.code === 'VALIDATION_FAILED');
  assert.deepEqual(e.fields.map((f) => f.name), ['cursor']);
});

test('MB-7: the sender downloads each tracking evidence as a .p7s that OpenSSL verifies; other mailboxes are told "not found"', async () => {
  const sender = await senderActor(bed.database);
  const r = await submitHybridLetter(bed.env, sender, { recipient: { address: ADDRESS }, content: { text: 'Дәлел' } });
  const ev = await getHybridEvidence(bed.database, sender, r.evidenceId!);
  assert.equal(ev.event, 'SubmissionAcceptance');
  assert.equal(ev.itemId, r.itemId);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-dl-'));
  fs.writeFileSync(path.join(dir, 'e.p7s'), ev.cms);
  fs.writeFileSync(path.join(dir, 'ca.pem'), bed.env.signer.caPem);
  const signed = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(dir, 'e.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(signed, ev.document);
  assert.equal(JSON.parse(signed.toString('utf8')).item.s10, r.s10);
  const stranger = await senderActor(bed.database);
  assert.equal(await code(getHybridEvidence(bed.database, stranger, r.evidenceId!)), 'NOT_FOUND');
  assert.equal(await code(getHybridEvidence(bed.database, sender, '00000000-0000-0000-0000-000000000000')), 'NOT_FOUND');
});

async function paperLetter(postOfficeId?: string) {
  const rcpt = await makeMailbox(bed.database);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]);
  return registerPaperLetter(bed.env, staffActor('clerk', postOfficeId), { addressee: { mailbox: rcpt.address }, senderAsWritten: 'Сейітов С., Астана', scans: [jpeg] });
}
const audits = async (type: string, id: string) => (await bed.database.pool.query(`select payload from audit_log where type = $1 and payload::text like $2 order by seq`, [type, `%${id}%`])).rows.map((r) => r.payload);

test('MB-7: a clerk records later that the paper original was returned; the change is evidenced, audited and idempotent', async () => {
  const office = (await bed.database.pool.query(`insert into post_offices (code, name, address) values ('010000', 'Астана 010000', 'Мәңгілік Ел 1') returning id`)).rows[0].id as string;
  const p = await paperLetter(office);
  const clerk = staffActor('clerk', office);
  const later = new Date(Date.now() + 90 * 86_400_000);
  const kept = await recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'kept', keepUntil: later });
  assert.deepEqual([kept.previousFate, kept.originalFate, kept.keepUntil, kept.duplicate], ['kept', 'kept', later.toISOString(), false], 'kept longer');
  const returned = await recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'returned' });
  assert.deepEqual([returned.previousFate, returned.originalFate, returned.keepUntil, returned.duplicate], ['kept', 'returned', null, false]);
  const repeat = await recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'returned' });
  assert.equal(repeat.duplicate, true);
  assert.equal(repeat.evidenceId, returned.evidenceId, 'a repeat answers with the same evidence');

  const row = (await bed.database.pool.query(`select original_fate, keep_until, fate_recorded_at from hybrid_paper_letters where id = $1`, [p.paperLetterId])).rows[0];
  assert.deepEqual([row.original_fate, row.keep_until], ['returned', null]);
  assert.ok(row.fate_recorded_at);
  const ev = (await bed.database.pool.query(`select event, document from hybrid_evidence where id = $1`, [returned.evidenceId])).rows[0];
  assert.equal(ev.event, 'HybridOriginalFate');
  const doc = JSON.parse(ev.document.toString('utf8'));
  assert.deepEqual([doc.originalFate, doc.previousFate, doc.clerk, doc.paperLetter.intakeEvidenceId], ['returned', 'kept', clerk.actor, p.evidenceId]);
  const log = await audits('hybrid.paper_fate', p.paperLetterId);
  assert.deepEqual(log.map((a) => `${a.previous}>${a.fate}`), ['kept>kept', 'kept>returned'], 'one audit row per change, none for the repeat');
});

test('MB-7 (bad input): a fate change out of order (destroyed, then returned), for an unknown letter, by a non-clerk or another post office is refused and audited', async () => {
  const p = await paperLetter();
  const clerk = staffActor('clerk');
  assert.equal((await recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'destroyed' })).originalFate, 'destroyed');
  const e = await recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'returned' }).catch((err: AppError) => err);
  assert.ok(e instanceof AppError && e.code === 'HYBRID_EVENT_OUT_OF_ORDER');
  assert.deepEqual(e.fields.map((f) => `${f.name}:${f.code}`), ['fate:out_of_order']);
  assert.equal(await code(recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'kept' })), 'HYBRID_EVENT_OUT_OF_ORDER');
  assert.equal((await bed.database.pool.query(`select original_fate from hybrid_paper_letters where id = $1`, [p.paperLetterId])).rows[0].original_fate, 'destroyed');

  assert.equal(await code(recordPaperOriginalFate(bed.env, clerk, { paperLetterId: '00000000-0000-0000-0000-000000000000', fate: 'returned' })), 'NOT_FOUND');
  assert.equal(await code(recordPaperOriginalFate(bed.env, clerk, { paperLetterId: 'not-an-id', fate: 'returned' })), 'NOT_FOUND');
  assert.equal(await code(recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'burnt' })), 'VALIDATION_FAILED');
  assert.equal(await code(recordPaperOriginalFate(bed.env, clerk, { paperLetterId: p.paperLetterId, fate: 'kept', keepUntil: new Date(Date.now() - 1000) })), 'VALIDATION_FAILED');
  assert.equal(await code(recordPaperOriginalFate(bed.env, staffActor('print_centre'), { paperLetterId: p.paperLetterId, fate: 'returned' })), 'FORBIDDEN');
  assert.equal(await code(recordPaperOriginalFate(bed.env, await senderActor(bed.database), { paperLetterId: p.paperLetterId, fate: 'returned' })), 'FORBIDDEN');

  const office = (await bed.database.pool.query(`insert into post_offices (code, name, address) values ('100000', 'Қарағанды 100000', 'Бұқар жырау 1') returning id`)).rows[0].id as string;
  const held = await paperLetter(office);
  assert.equal(await code(recordPaperOriginalFate(bed.env, staffActor('clerk'), { paperLetterId: held.paperLetterId, fate: 'destroyed' })), 'FORBIDDEN');

  const rejected = (await bed.database.pool.query(`select payload from audit_log where type = 'hybrid.event_rejected' and payload->>'event' like $1`, [`original_fate:%${p.paperLetterId}`])).rows.map((r) => r.payload.reason);
  assert.ok(rejected.includes('out_of_order:destroyed'), JSON.stringify(rejected));
});
