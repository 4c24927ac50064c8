import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { getLetter, getLetterRaw } from './get-letter.ts';
import { listLetters } from './list-letters.ts';
import { sendLetter } from './send-letter.ts';
import { makeMailbox, TEST_DOMAIN } from './test-support.ts';
import { deleteLetters, markLetters, moveLetters } from './update-letters.ts';
import { createFolder, listFolders } from './folders.ts';
import { DEFAULT_MAIL_LIMITS } from './types.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';

const bed = mailTestBedForThisFile();
const { drain } = bed;

const read = { database: () => bed.database };

test('X-2, MB-7: a letter between two mailboxes reaches the Inbox and the Sent folder, with attachments', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, {
    to: [b.address], subject: 'Сәлем, қазақ тілі', text: 'Бұл хат — тест.', html: '<p>Hi<script>alert(1)</script></p>',
    attachments: [{ filename: 'есеп.txt', contentType: 'text/plain', content: Readable.from([Buffer.from('мазмұны')]) }],
  });
  assert.equal(sent.duplicate, false);
  await drain();
  const inbox = await listLetters(bed.database, b, { folder: 'inbox' });
  assert.equal(inbox.letters.length, 1);
  const l = inbox.letters[0];
  assert.equal(l.subject, 'Сәлем, қазақ тілі');
  assert.equal(l.from.address, a.address);
  assert.equal(l.hasAttachments, true);
  assert.equal(l.attachments[0].filename, 'есеп.txt');
  assert.equal(l.seen, false);
  const sentBox = await listLetters(bed.database, a, { folder: 'sent' });
  assert.equal(sentBox.letters[0].id, sent.letterId);
  const full = await getLetter({ ...bed.deps }, b, l.id);
  assert.match(full.text, /тест/);
  assert.ok(full.html && !full.html.includes('script'), 'HTML is sanitised');
  assert.equal(full.letter.seen, true);
  void read;
});

test('MB-7: the raw download is byte for byte the stored message, the same for sender and recipient', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'raw', text: 'x'.repeat(5000) });
  await drain();
  const [inb] = (await listLetters(bed.database, b)).letters;
  const rawB = await getLetterRaw(bed.deps, b, inb.id);
  const rawA = await getLetterRaw(bed.deps, a, sent.letterId);
  const bytesB = await buffer(rawB.stream);
  const bytesA = await buffer(rawA.stream);
  assert.deepEqual(bytesB, bytesA);
  assert.equal(bytesB.length, rawB.size);
  assert.match(bytesB.toString('utf8'), new RegExp(`Message-ID: ${sent.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'));
});

test('X-4: a repeat with the same Idempotency-Key returns the first letter and stores one', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const input = { to: [b.address], subject: 'once', text: 'one', idempotencyKey: 'key-1' };
  const [r1, r2] = await Promise.all([sendLetter(bed.deps, a, input), sendLetter(bed.deps, a, input)]);
  const r3 = await sendLetter(bed.deps, a, input);
  assert.equal(r1.letterId, r2.letterId);
  assert.equal(r1.letterId, r3.letterId);
  assert.equal(r3.duplicate, true);
  await drain();
  assert.equal((await listLetters(bed.database, a, { folder: 'sent' })).letters.length, 1);
  assert.equal((await listLetters(bed.database, b)).letters.length, 1);
});

test('X-4: an accepted letter survives a crash before delivery: its job is durable and runs after restart', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'durable', text: 'x' });
  // No worker ran: the "process" died right after the answer. The job is in the table.
  const jobs = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from jobs where kind = 'mail.deliver' and status = 'pending'`);
  assert.ok(Number(jobs.rows[0].n) >= 1);
  await drain(); // a new process starts its workers
  assert.equal((await listLetters(bed.database, b)).letters[0].subject, 'durable');
});

test('MB-1, MB-9: another mailbox\'s letter is not found for reading, raw download, marking or deleting, and each refusal is audited', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const intruder = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'secret', text: 'secret' });
  const before = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'mail.access_refused'`);
  await assert.rejects(getLetter(bed.deps, intruder, sent.letterId), { code: 'NOT_FOUND' });
  await assert.rejects(getLetterRaw(bed.deps, intruder, sent.letterId), { code: 'NOT_FOUND' });
  await assert.rejects(markLetters(bed.database, intruder, { ids: [sent.letterId], seen: true }), { code: 'NOT_FOUND' });
  await assert.rejects(moveLetters(bed.database, intruder, { ids: [sent.letterId], folder: 'trash' }), { code: 'NOT_FOUND' });
  await assert.rejects(deleteLetters(bed.deps, intruder, { ids: [sent.letterId] }), { code: 'NOT_FOUND' });
  await assert.rejects(getLetter(bed.deps, undefined, sent.letterId), { code: 'UNAUTHENTICATED' });
  const afterRows = await bed.database.db.execute<{ n: string; actor: string }>(sql`select count(*) as n from audit_log where type = 'mail.access_refused'`);
  assert.equal(Number(afterRows.rows[0].n) - Number(before.rows[0].n), 6);
  const row = await bed.database.db.execute<{ seen: boolean; folder: string }>(sql`select seen, folder from letters where id = ${sent.letterId}`);
  assert.equal(row.rows[0].folder, 'sent', 'nothing changed');
});

test('MB-7: folders, flags, moving, quota usage, and deletion from Trash releases the quota', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'folders', text: 'x' });
  await drain();
  const [l] = (await listLetters(bed.database, b)).letters;
  const f = await createFolder(bed.database, b, 'Жұмыс');
  await moveLetters(bed.database, b, { ids: [l.id], folder: f.id });
  await markLetters(bed.database, b, { ids: [l.id], flagged: true, keywords: ['маңызды'] });
  const inF = await listLetters(bed.database, b, { folder: f.id });
  assert.equal(inF.letters[0].flagged, true);
  assert.deepEqual(inF.letters[0].keywords, ['маңызды']);
  let usage = await listFolders(bed.database, b);
  assert.equal(usage.usedBytes, l.size);
  assert.equal(usage.folders.find((x) => x.id === f.id)?.unread, 1);
  await deleteLetters(bed.deps, b, { ids: [l.id] });
  assert.equal((await listLetters(bed.database, b, { folder: 'trash' })).letters.length, 1);
  await deleteLetters(bed.deps, b, { ids: [l.id] });
  usage = await listFolders(bed.database, b);
  assert.equal(usage.usedBytes, 0);
  await assert.rejects(listLetters(bed.database, a, { folder: f.id }), { code: 'VALIDATION_FAILED' }, "another mailbox's folder is unknown");
});

test('MB-7 bad input: header injection, unknown recipient, oversized attachments, an attachment whose declared type lies and exhausted quota are refused and store nothing', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database, undefined, { quotaBytes: 100 });
  const count = async () => Number((await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from mail_submissions where sender_mailbox_id = ${a.mailboxId}`)).rows[0].n);
  await assert.rejects(sendLetter(bed.deps, a, { to: [b.address], subject: 'x\r\nBcc: victim@example.com', text: 'x' }), (e: { code: string; fields: { name: string }[] }) => e.code === 'VALIDATION_FAILED' && e.fields[0].name === 'subject');
  await assert.rejects(sendLetter(bed.deps, a, { to: ['victim@example.com\r\nX: y'], subject: 's' }), (e: { fields: { code: string }[] }) => e.fields[0].code === 'header_injection');
  await assert.rejects(sendLetter(bed.deps, a, { to: [`nobody@${TEST_DOMAIN}`], subject: 's' }), { code: 'MAIL_UNKNOWN_RECIPIENT' });
  const small = { ...bed.deps, limits: { ...DEFAULT_MAIL_LIMITS, attachmentsBytes: 1000 } };
  await assert.rejects(sendLetter(small, a, { to: [b.address], subject: 's', attachments: [{ filename: 'big.bin', content: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]) }] }), { code: 'MAIL_TOO_LARGE' });
  await assert.rejects(sendLetter(bed.deps, a, { to: [b.address], subject: 's', attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', content: Buffer.from('MZ\x90\x00 this is an executable') }] }),
    (e: { code: string; fields: { name: string; code: string }[] }) => e.code === 'VALIDATION_FAILED' && e.fields[0].name === 'attachments[0].contentType' && e.fields[0].code === 'type_mismatch');
  const full = await makeMailbox(bed.database, undefined, { quotaBytes: 10 });
  await assert.rejects(sendLetter(bed.deps, full, { to: [b.address], subject: 's', text: 'x' }), { code: 'MAIL_QUOTA_EXCEEDED' });
  assert.equal(await count(), 0);
  // A recipient whose mailbox is full: the delivery fails and the sender gets a notice.
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'too big for b', text: 'x' });
  await drain();
  assert.equal((await listLetters(bed.database, b)).letters.length, 0);
  const notice = (await listLetters(bed.database, a)).letters[0];
  assert.match(notice.subject, /Undelivered/);
  assert.equal(notice.from.address, `mailer-daemon@${TEST_DOMAIN}`);
});

test('MB-7: drafts are saved, replaced, and removed when the letter is sent; another mailbox\'s draft cannot be used', async () => {
  const { saveDraft } = await import('./save-draft.ts');
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const d1 = await saveDraft(bed.deps, a, { to: [b.address], subject: 'жоба', text: 'бірінші нұсқа' });
  const d2 = await saveDraft(bed.deps, a, { to: [b.address], subject: 'жоба', text: 'екінші нұсқа', draftId: d1.letterId });
  const drafts = (await listLetters(bed.database, a, { folder: 'drafts' })).letters;
  assert.deepEqual(drafts.map((d) => d.id), [d2.letterId]);
  const intruder = await makeMailbox(bed.database);
  await assert.rejects(sendLetter(bed.deps, intruder, { to: [b.address], subject: 'x', draftId: d2.letterId }), { code: 'NOT_FOUND' });
  assert.equal((await listLetters(bed.database, intruder, { folder: 'sent' })).letters.length, 0, 'nothing sent');
  await sendLetter(bed.deps, a, { to: [b.address], subject: 'жоба', text: 'екінші нұсқа', draftId: d2.letterId });
  assert.equal((await listLetters(bed.database, a, { folder: 'drafts' })).letters.length, 0);
  await drain();
  assert.equal((await listLetters(bed.database, b)).letters[0].subject, 'жоба');
  const usage = await listFolders(bed.database, a);
  assert.equal(usage.usedBytes, (await listLetters(bed.database, a, { folder: 'sent' })).letters[0].size, 'the draft\'s bytes were given back');
});
