/**
 * Receipts from a person's own official mailbox (DF-10: the receipt names the person, signed
 * with their own EDS) and certified paper copies made by a post-office clerk (DF-17).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { signCms } from '../pki/cms-sign.ts';
import { verifyCms } from '../pki/verify.ts';
import { checkIncoming } from './check-incoming.ts';
import { acceptIncomingDocument, prepareIncomingDecision, rejectIncomingDocument } from './decide-incoming.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { makePaperCopy } from './make-paper-copy.ts';
import type { ReceiptDocument } from './receipts.ts';
import { docflowDeliveries, docflowPaperCopies, docflowReceipts } from './schema.ts';
import { insertMailbox, makePerson, nextIin } from './testing.ts';
import type { DocflowActor } from './types.ts';

const run = promisify(execFile);
let t: TestDatabase;
let s: Scene;
before(async () => ({ t, s } = await openScene()));
after(() => closeScene(t, s));

/** A person's official mailbox; the owner holds every role in it (as sql-membership grants). */
async function personalRecipient() {
  const iin = nextIin();
  const mb = await insertMailbox(t.database, { kind: 'personal', iin, name: 'Тестова Айгүл' });
  const person = makePerson(s.ca, { iin });
  s.deps.membership.grant(mb.id, iin, 'head', 'records_officer', 'executor', 'reader');
  const actor: DocflowActor = { accountId: `acc-${iin}`, iin, actor: `user:acc-${iin}`, displayName: 'Тестова Айгүл' };
  return { ...mb, iin, person, actor };
}

test('DF-10: a document sent to a person\'s official mailbox is accepted by its owner with their own EDS; the receipt names the person by IIN, with no BIN', async () => {
  const p = await personalRecipient();
  const sent = await s.sent({ recipientMailboxId: p.id });
  const check = await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
  assert.equal(check?.outcome, 'positive', JSON.stringify(check?.reasons));
  const prepared = await prepareIncomingDecision(s.deps, p.actor, sent.deliveryId, { decision: 'accept', nomenclatureIndex: '01-02', responsibleExecutor: { name: 'Тестова Айгүл' } });
  const accepted = await acceptIncomingDocument(s.deps, p.actor, sent.deliveryId, { signature: signCms(Buffer.from(prepared.receipt), [p.person.signer]) });
  assert.ok(accepted.registration?.number);
  const [row] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId));
  const receipt = JSON.parse(row.canonical.toString('utf8')) as ReceiptDocument;
  assert.equal(receipt.kind, 'accepted');
  assert.deepEqual({ address: receipt.from.address, iin: receipt.from.iin, bin: receipt.from.bin }, { address: p.address, iin: p.iin, bin: null });
  assert.equal(receipt.signedBy, 'records_officer');
  const v = await verifyCms(row.cms, { trust: s.ca.trust, revocation: { mode: 'off' } });
  assert.equal(v.valid, true);
  assert.equal(v.signers[0].identity?.iin, p.iin, 'the owner\'s own EDS');
  const regs = await t.database.db.execute<{ mailbox_id: string; status: string }>(sql`select mailbox_id, status from docflow_registrations where document_id = ${sent.id} and journal = 'incoming'`);
  assert.deepEqual(regs.rows, [{ mailbox_id: p.id, status: 'registered' }]);
});

test('DF-10: a receipt for a person\'s mailbox signed with another person\'s key is refused and nothing is issued', async () => {
  const p = await personalRecipient();
  const sent = await s.sent({ recipientMailboxId: p.id });
  await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
  const prepared = await prepareIncomingDecision(s.deps, p.actor, sent.deliveryId, { decision: 'reject', comment: 'Маған арналмаған' });
  const stranger = makePerson(s.ca, { iin: nextIin() });
  await assert.rejects(rejectIncomingDocument(s.deps, p.actor, sent.deliveryId, { signature: signCms(Buffer.from(prepared.receipt), [stranger.signer]) }), { code: 'DOCFLOW_SIGNER_NOT_AUTHORISED' });
  assert.equal((await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId))).length, 0);
  const [d] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, sent.deliveryId));
  assert.equal(d.status, 'awaiting_acceptance');
  // The owner's own key: a "not accepted" receipt with the officer's reason.
  await rejectIncomingDocument(s.deps, p.actor, sent.deliveryId, { signature: signCms(Buffer.from(prepared.receipt), [p.person.signer]) });
  const [row] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId));
  const receipt = JSON.parse(row.canonical.toString('utf8')) as ReceiptDocument;
  assert.equal(receipt.kind, 'not_accepted');
  assert.equal(receipt.from.iin, p.iin);
  assert.deepEqual(receipt.reasons.map((r) => r.code), ['OFFICER_DECISION']);
});

test('DF-17: a post-office clerk certifies a paper copy for a person outside the system: the stamp names the clerk, the copy is recorded as a clerk\'s', async () => {
  const sent = await s.sent();
  const clerk: DocflowActor = { accountId: 'clerk-1', iin: null, actor: 'staff:clerk-1', staffRole: 'clerk', displayName: 'Операционист Сәулет' };
  const copy = await makePaperCopy(s.deps, clerk, sent.id);
  const file = path.join(os.tmpdir(), `copy-${copy.copyId}.pdf`);
  fs.writeFileSync(file, copy.pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  fs.rmSync(file);
  const text = stdout.replace(/\s+/g, ' ');
  assert.match(text, /\* \* \* Электрондық құжаттың көшірмесі дұрыс\./);
  assert.match(text, /Куәландырған \/ Заверил: Операционист Сәулет/);
  assert.match(text, new RegExp(`Парақтар саны / Количество листов: ${copy.sheets}`));
  assert.match(text, /положительный/);
  const [row] = await t.database.db.select().from(docflowPaperCopies).where(eq(docflowPaperCopies.id, copy.copyId));
  assert.equal(row.mailboxId, null, 'made at the post office, for no organisation');
  assert.deepEqual(row.certifier, { name: 'Операционист Сәулет', accountId: 'clerk-1', iin: null, clerk: true });
  const audit = await t.database.db.execute(sql`select 1 from audit_log where type = 'docflow.paper_copy' and actor = 'staff:clerk-1' and payload->>'copyId' = ${copy.copyId}`);
  assert.equal(audit.rows.length, 1);
});

test('DF-17: other staff (a print-centre operator) cannot certify a paper copy', async () => {
  const sent = await s.sent();
  const printCentre: DocflowActor = { accountId: 'pc-1', iin: null, actor: 'staff:pc-1', staffRole: 'print_centre' };
  await assert.rejects(makePaperCopy(s.deps, printCentre, sent.id), (err: { code?: string }) => err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND');
  assert.equal((await t.database.db.select().from(docflowPaperCopies).where(eq(docflowPaperCopies.documentId, sent.id))).length, 0, 'no copy recorded');
});
