import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { addWorkingDays } from '../../domain/working-days.ts';
import { makeBin, makeIin } from '../../domain/iin-bin.ts';
import { AppError } from '../../shared/errors.ts';
import { isValidS10 } from './s10.ts';
import { printIfUnreadJob } from './print-if-unread-job.ts';
import { registerPaperLetter } from './register-paper-letter.ts';
import { submitHybridLetter } from './submit-hybrid-letter.ts';
import { makeTestPdf } from './pdf-fixtures.ts';
import { ADDRESS, hybridTestEnv, makeMailbox, memoryAddressRegistry, senderActor, staffActor } from './testkit.ts';
import { hybridTestBedForThisFile } from './hybrid-test-bed.ts';

function validId(make: (serial: number) => string): string {
  for (let s = 1; ; s++) {
    try { return make(s); } catch { /* no check digit for this serial */ }
  }
}
const BIN_REG = validId((s) => makeBin(2012, 3, 4, 0, 100 + s));
const BIN_MISSING = validId((s) => makeBin(2012, 3, 4, 0, 500 + s));
const IIN_RCPT = validId((s) => makeIin('1990-01-01', 'male', 200 + s));

const bed = hybridTestBedForThisFile((database) => hybridTestEnv(database, memoryAddressRegistry({ [BIN_REG]: { ...ADDRESS, recipientName: 'ТОО «Қағаз»' } })));

const log = pino({ level: 'silent' });
async function runFallback(itemId: string) {
  const job = await bed.database.pool.query(`select id, run_at from jobs where kind = 'hybrid.print_if_unread' and payload->>'itemId' = $1`, [itemId]);
  await bed.database.db.transaction((tx) => printIfUnreadJob(bed.env)({ id: Number(job.rows[0].id), kind: 'hybrid.print_if_unread', version: 1, payload: { itemId }, attempts: 1, maxAttempts: 10 }, { tx, log }));
  return new Date(job.rows[0].run_at);
}
const item = async (id: string) => (await bed.database.pool.query('select status, s10 from hybrid_items where id = $1', [id])).rows[0];

test('hybrid print-if-unread: not opened in N working days → printed, with S10, and the mailbox shows it', async () => {
  const sender = await senderActor(bed.database);
  const rcpt = await makeMailbox(bed.database);
  const before = new Date();
  const r = await submitHybridLetter(bed.env, sender, { recipient: { mailbox: rcpt.address, address: ADDRESS }, content: { text: 'Оқыңыз' }, subject: 'Хабарлама', printIfUnreadDays: 3 });
  assert.equal(r.mode, 'digital_first');
  assert.equal(r.s10, null);
  assert.ok(r.letterId);
  const due = addWorkingDays(before, 3).getTime();
  assert.ok(Math.abs(new Date(r.printAfter!).getTime() - due) < 86_400_000);
  const runAt = await runFallback(r.itemId);
  assert.equal(runAt.toISOString(), r.printAfter);
  const after = await item(r.itemId);
  assert.equal(after.status, 'accepted');
  assert.ok(isValidS10(after.s10));
  const inbox = await bed.database.pool.query(`select subject from letters where mailbox_id = $1 order by seq`, [rcpt.mailboxId]);
  assert.equal(inbox.rows.length, 2);
  assert.match(inbox.rows[1].subject, /Sent on paper/);
  assert.ok((await bed.database.pool.query(`select 1 from jobs where kind = 'hybrid.print_batch'`)).rows.length > 0);
});

test('hybrid print-if-unread: opened in time → no paper is made', async () => {
  const sender = await senderActor(bed.database);
  const rcpt = await makeMailbox(bed.database);
  const r = await submitHybridLetter(bed.env, sender, { recipient: { mailbox: rcpt.address, address: ADDRESS }, content: { text: 'Оқыңыз' }, printIfUnreadDays: 2 });
  await bed.database.db.execute(sql`update letters set seen = true, handed_over_at = now() where id = ${r.letterId}`);
  await runFallback(r.itemId);
  const after = await item(r.itemId);
  assert.equal(after.status, 'read_online');
  assert.equal(after.s10, null);
});

test('hybrid by IIN/BIN: an organisation reaches a mailbox when one exists, else paper at the registry address', async () => {
  const org = await senderActor(bed.database, { organisation: true, bin: '120340011111' });
  const r = await submitHybridLetter(bed.env, org, { recipient: { idNumber: BIN_REG }, content: { text: 'Paper' } });
  assert.equal(r.mode, 'paper');
  assert.ok(r.s10);
  const missing = await submitHybridLetter(bed.env, org, { recipient: { idNumber: BIN_MISSING }, content: { text: 'x' } }).catch((e: AppError) => e.code);
  assert.equal(missing, 'HYBRID_NO_POSTAL_ADDRESS');
  const token = { actor: 'token:t1', kind: 'token' as const, mailboxId: org.mailboxId, scopes: ['hybrid'] };
  const rcpt = await makeMailbox(bed.database);
  await bed.database.db.execute(sql`update mailboxes set iin = ${IIN_RCPT} where id = ${rcpt.mailboxId}`);
  const m = await submitHybridLetter(bed.env, token, { recipient: { idNumber: IIN_RCPT }, content: { text: 'to the mailbox' } });
  assert.equal(m.mode, 'mailbox');
  assert.ok(m.letterId);
  void rcpt;
});

test('hybrid paper → e-mailbox: scans delivered as an e-letter with ReceivedFromNonERDS evidence verified by OpenSSL', async () => {
  const rcpt = await makeMailbox(bed.database);
  const office = await bed.database.pool.query(`insert into post_offices (code, name, address) values ('050000', 'Алматы 050000', 'Абай 1') returning id`);
  const clerk = staffActor('clerk', office.rows[0].id);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);
  const pdf = Buffer.from(await makeTestPdf());
  const r = await registerPaperLetter(bed.env, clerk, { addressee: { mailbox: rcpt.address }, senderAsWritten: 'Иванов И.И., Қарағанды', scans: [pdf, jpeg], originalFate: 'kept' });
  assert.equal(r.deliveredTo, rcpt.address);
  assert.ok(r.letterId && r.keepUntil);
  const letter = await bed.database.pool.query(`select attachments from letters where id = $1`, [r.letterId]);
  assert.equal(letter.rows[0].attachments.length, 2);
  const ev = await bed.database.pool.query(`select event, document, cms from hybrid_evidence where id = $1`, [r.evidenceId]);
  assert.equal(ev.rows[0].event, 'ReceivedFromNonERDS');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hybrid-rfn-'));
  fs.writeFileSync(path.join(dir, 'e.p7s'), ev.rows[0].cms);
  fs.writeFileSync(path.join(dir, 'ca.pem'), bed.env.signer.caPem);
  const content = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(dir, 'e.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
  fs.rmSync(dir, { recursive: true, force: true });
  const doc = JSON.parse(content.toString('utf8'));
  assert.equal(doc.event, 'ReceivedFromNonERDS');
  assert.equal(doc.postOffice.code, '050000');
  assert.equal(doc.clerk, clerk.actor);
  assert.deepEqual(doc.scans.map((s: { sha256: string }) => s.sha256), [pdf, jpeg].map((b) => createHash('sha256').update(b).digest('hex')));
  assert.ok(doc.receivedAt);
});

test('hybrid paper → e-mailbox (bad input): a scan that is not an image or PDF is refused naming it; nothing is delivered', async () => {
  const rcpt = await makeMailbox(bed.database);
  const clerk = staffActor('clerk');
  const n = (await bed.database.pool.query('select count(*) as n from hybrid_paper_letters')).rows[0].n;
  const e = await registerPaperLetter(bed.env, clerk, { addressee: { mailbox: rcpt.address }, senderAsWritten: 'X', scans: [Buffer.from('%PDF-1.4 ok?'), Buffer.from('GIF89a....')] }).catch((err: AppError) => err);
  assert.ok(e instanceof AppError);
  assert.equal(e.code, 'HYBRID_SCAN_UNSUPPORTED');
  assert.deepEqual(e.fields.map((f) => `${f.name}:${f.code}`), ['scans[1]:unsupported_type']);
  assert.equal((await bed.database.pool.query('select count(*) as n from hybrid_paper_letters')).rows[0].n, n);
  const sender = await senderActor(bed.database);
  assert.equal((await registerPaperLetter(bed.env, sender, { addressee: { mailbox: rcpt.address }, senderAsWritten: 'X', scans: [] }).catch((err: AppError) => err.code)), 'FORBIDDEN');
});
