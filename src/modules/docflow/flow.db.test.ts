import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { AppError } from '../../shared/errors.ts';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { signCms } from '../pki/cms-sign.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { verifyCms } from '../pki/verify.ts';
import { addDocumentSignature } from './add-signature.ts';
import { checkIncoming } from './check-incoming.ts';
import { acceptIncomingDocument, prepareIncomingDecision, rejectIncomingDocument } from './decide-incoming.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { prepareRegistration } from './prepare-registration.ts';
import { registerDocument } from './register-document.ts';
import type { ReceiptDocument } from './receipts.ts';
import { docflowDeliveries, docflowDocuments, docflowFiles, docflowReceipts } from './schema.ts';
import { detachedSign, makePerson, TestReceiptKeysDouble } from './testing.ts';
import { sendDocument } from './send-document.ts';

let t: TestDatabase;
let s: Scene;
before(async () => ({ t, s } = await openScene()));
after(() => closeScene(t, s));

async function runCheck(deliveryId: string) {
  return t.database.db.transaction((tx) => checkIncoming(tx, s.deps, deliveryId));
}

async function code(fn: () => Promise<unknown>): Promise<AppError> {
  const err: unknown = await fn().then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AppError, String(err));
  return err;
}

test('DF-19/DF-12/DF-10: a document signed by two officials is registered, sent, verified on arrival, registered by the recipient and answered with a DF-10 receipt', async () => {
  const sent = await s.sent();
  const [file] = await t.database.db.select().from(docflowFiles).where(eq(docflowFiles.documentId, sent.id));
  assert.equal(parseSignedData(file.cms!).signers.length, 2, 'co-signers are SignerInfos of the same CMS');
  const card = JSON.parse(sent.reg.card);
  assert.equal(card.software.name, 'jashik');
  assert.equal(card.files[0].sha256, file.sha256);
  assert.match(card.registration.number, /^01-01\/\d+$/);
  const [doc] = await t.database.db.select().from(docflowDocuments).where(eq(docflowDocuments.id, sent.id));
  assert.equal(card.date, doc.documentDate, 'DF-19: the first signature dates the document');

  const check = await runCheck(sent.deliveryId);
  assert.equal(check?.outcome, 'positive', JSON.stringify(check?.reasons));
  const prepared = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept', nomenclatureIndex: '01-02', responsibleExecutor: { name: 'Алушы Орындаушы', phone: '+7 701 000 0000' } });
  const signature = signCms(Buffer.from(prepared.receipt, 'utf8'), [s.B.officer.signer]);
  const accepted = await acceptIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature });
  assert.ok(accepted.registration?.number);
  const [receiptRow] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId));
  const receipt = JSON.parse(receiptRow.canonical.toString('utf8')) as ReceiptDocument;
  assert.equal(receipt.kind, 'accepted');
  assert.equal(receipt.from.address, s.B.address, 'DF-10 (1) the sender of the receipt');
  assert.ok(receipt.receivedAt, 'DF-10 (2) date and time received');
  assert.deepEqual(receipt.registration, accepted.registration, 'DF-10 (3) recipient registration number and date');
  assert.equal(receipt.signedBy, 'records_officer');
  assert.equal(receipt.responsibleExecutor?.name, 'Алушы Орындаушы', 'DF-10 (5) responsible executor');
  const v = await verifyCms(receiptRow.cms, { trust: s.ca.trust, revocation: { mode: 'off' } });
  assert.equal(v.valid, true, 'DF-10 (4) the records officer EDS verifies');
  assert.equal(v.signers[0].identity?.iin, s.B.officer.iin);
  const [d] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, sent.deliveryId));
  assert.equal(d.status, 'accepted');
});

test('DF-7: a document whose signature fails is not received and the sender gets a "not accepted" receipt with the reason', async () => {
  const sent = await s.sent();
  // The content signature replaced in transit by one over other content.
  const forged = detachedSign(Buffer.from('басқа мазмұн'), s.A.signatory);
  await t.database.db.update(docflowFiles).set({ cms: forged }).where(eq(docflowFiles.documentId, sent.id));
  const check = await runCheck(sent.deliveryId);
  assert.equal(check?.outcome, 'negative');
  assert.ok(check!.reasons.some((r) => r.code === 'SIGNATURE_INVALID' && r.checks?.some((c) => c.code === 'MESSAGE_DIGEST_MISMATCH')));
  const e = await code(() => prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept' }));
  assert.equal(e.code, 'DOCFLOW_WRONG_STATE', 'a negative check cannot be accepted');
  const prepared = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'reject' });
  await rejectIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature: signCms(Buffer.from(prepared.receipt), [s.B.officer.signer]) });
  const [r] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId));
  const receipt = JSON.parse(r.canonical.toString('utf8')) as ReceiptDocument;
  assert.equal(receipt.kind, 'not_accepted');
  assert.equal(receipt.registration, null, 'not registered');
  assert.ok(receipt.reasons.some((x) => x.code === 'SIGNATURE_INVALID'));
  const regs = await t.database.db.execute(sql`select 1 from docflow_registrations where document_id = ${sent.id} and journal = 'incoming'`);
  assert.equal(regs.rows.length, 0, 'nothing registered in the incoming journal');
});

test('DF-12: a signature over other content is refused when signing', async () => {
  const { id } = await s.draft();
  const e = await code(() => addDocumentSignature(s.deps, s.A.signatory.actor, id, [{ position: 0, cms: detachedSign(Buffer.from('other'), s.A.signatory) }]));
  assert.equal(e.code, 'PKI_SIGNATURE_INVALID');
  assert.ok(e.fields.some((f) => f.code === 'message_digest_mismatch'));
});

test('DF-19: a signer from another organisation is refused naming the BIN mismatch', async () => {
  const { id } = await s.draft();
  const stranger = makePerson(s.ca, { bin: s.B.bin! });
  s.deps.membership.grant(s.A.id, stranger.iin, 'signatory');
  const actor = { accountId: 'x', iin: stranger.iin, actor: 'user:x' };
  const { files } = await (await import('./load-document.ts')).loadDocument(t.database.db, id);
  const content = await s.blobs.getBytes(files[0].sha256);
  const e = await code(() => addDocumentSignature(s.deps, actor, id, [{ position: 0, cms: detachedSign(content, stranger) }]));
  assert.equal(e.code, 'DOCFLOW_SIGNER_NOT_AUTHORISED');
  assert.ok(e.fields.some((f) => f.code === 'signer_other_org'));
});

test('DF-19: an expired signing certificate is refused', async () => {
  const { id } = await s.draft();
  const old = makePerson(s.ca, { bin: s.A.bin!, notBefore: new Date(Date.now() - 3 * 365 * 864e5), notAfter: new Date(Date.now() - 864e5) });
  s.deps.membership.grant(s.A.id, old.iin, 'signatory');
  const { files } = await (await import('./load-document.ts')).loadDocument(t.database.db, id);
  const content = await s.blobs.getBytes(files[0].sha256);
  const e = await code(() => addDocumentSignature(s.deps, { accountId: 'o', iin: old.iin, actor: 'user:o' }, id, [{ position: 0, cms: detachedSign(content, old) }]));
  assert.equal(e.code, 'PKI_SIGNATURE_INVALID');
  assert.ok(e.fields.some((f) => f.code === 'cert_expired'));
});

test('DF-9: a type that needs the head is not registered without the head signature', async () => {
  const { id } = await s.draft({ typeCode: 'official_letter', requisites: { ...(await import('./testing.ts')).LETTER_REQUISITES.requisites, title: 'Хат' } });
  await s.signAll(id, s.A.signatory);
  const e = await code(() => prepareRegistration(s.deps, s.A.officer.actor, id));
  assert.equal(e.code, 'DOCFLOW_DOCUMENT_INVALID');
  assert.ok(e.fields.some((f) => f.code === 'head_required'));
  await s.signAll(id, s.A.head);
  await s.register(id);
});

test('DF-12: the RCC signature must be over the prepared card, by a records officer of the organisation', async () => {
  const { id } = await s.draft();
  await s.signAll(id, s.A.signatory);
  const prepared = await prepareRegistration(s.deps, s.A.officer.actor, id);
  let e = await code(() => registerDocument(s.deps, s.A.officer.actor, id, { signature: signCms(Buffer.from(prepared.card.replace('01-01', '01-09')), [s.A.officer.signer]) }));
  assert.equal(e.code, 'PKI_SIGNATURE_INVALID');
  e = await code(() => registerDocument(s.deps, s.A.officer.actor, id, { signature: signCms(Buffer.from(prepared.card), [s.A.signatory.signer]) }));
  assert.equal(e.code, 'DOCFLOW_SIGNER_NOT_AUTHORISED');
  e = await code(() => registerDocument(s.deps, s.A.signatory.actor, id, { signature: signCms(Buffer.from(prepared.card), [s.A.signatory.signer]) }));
  assert.equal(e.code, 'FORBIDDEN');
  await registerDocument(s.deps, s.A.officer.actor, id, { signature: signCms(Buffer.from(prepared.card), [s.A.officer.signer]) });
  e = await code(() => registerDocument(s.deps, s.A.officer.actor, id, { signature: signCms(Buffer.from(prepared.card), [s.A.officer.signer]) }));
  assert.equal(e.code, 'DOCFLOW_WRONG_STATE', 'the card is single use');
});

test('DF-12: two records officers registering at once get distinct numbers', async () => {
  const officer2 = makePerson(s.ca, { bin: s.A.bin! });
  s.deps.membership.grant(s.A.id, officer2.iin, 'records_officer');
  const ids = [];
  for (let i = 0; i < 6; i++) {
    const { id } = await s.draft();
    await s.signAll(id, s.A.signatory);
    ids.push(id);
  }
  const actors = [s.A.officer.actor, { accountId: 'o2', iin: officer2.iin, actor: 'user:o2' }];
  const numbers = await Promise.all(ids.map((id, i) => prepareRegistration(s.deps, actors[i % 2], id).then((p) => p.number)));
  assert.equal(new Set(numbers).size, numbers.length, numbers.join(', '));
});

test('DF-8: revocation status unknown holds the document for one working day, then it is refused with the reason', async () => {
  const sent = await s.sent();
  const saved = s.deps.trust;
  s.deps.trust = { trustStore: saved.trustStore, revocation: async () => ({ mode: 'require' }) };
  try {
    const held = await runCheck(sent.deliveryId);
    assert.equal(held?.outcome, 'held');
    const [d] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, sent.deliveryId));
    assert.equal(d.status, 'held');
    const jobs = await t.database.db.execute<{ n: string }>(sql`select count(*) as n from jobs where kind = 'docflow.check-incoming' and payload->>'deliveryId' = ${sent.deliveryId} and status = 'pending'`);
    assert.ok(Number(jobs.rows[0].n) >= 1, 're-check scheduled');
    const savedNow = s.deps.now;
    s.deps.now = () => new Date(d.heldUntil!.getTime() + 5000);
    try {
      const refused = await runCheck(sent.deliveryId);
      assert.equal(refused?.outcome, 'negative');
      assert.ok(refused!.reasons.some((r) => r.code === 'REVOCATION_UNKNOWN'));
    } finally {
      s.deps.now = savedNow;
    }
  } finally {
    s.deps.trust = saved;
  }
});

test('DF-10: with an information-system key the document is registered and the receipt signed automatically, saying so', async () => {
  const isKey = makePerson(s.ca, { bin: s.B.bin!, informationSystem: true });
  (s.deps.receiptKeys as TestReceiptKeysDouble).keys.set(s.B.id, isKey.signer);
  try {
    const sent = await s.sent();
    await runCheck(sent.deliveryId);
    const [r] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, sent.deliveryId));
    const receipt = JSON.parse(r.canonical.toString('utf8')) as ReceiptDocument;
    assert.equal(receipt.kind, 'accepted');
    assert.equal(receipt.signedBy, 'information_system');
    assert.ok(receipt.registration?.number);
    assert.equal(r.automatic, true);
    // Written in the receipt's statement: the journal entry, the receipt key's link, the check's
    // and the receipt's audit entries, one after the other, in a chain that verifies.
    const [reg] = (await t.database.db.execute<{ number: string; status: string }>(sql`
      select g.number, g.status from docflow_registrations g join docflow_deliveries d on d.registration_id = g.id where d.id = ${sent.deliveryId}`)).rows;
    assert.deepEqual(reg, { number: receipt.registration!.number, status: 'registered' });
    const keys = await t.database.db.execute(sql`select 1 from docflow_document_keys where document_id = ${sent.id} and usage = 'receipt' and fingerprint = ${isKey.cert.fingerprint}`);
    assert.equal(keys.rows.length, 1);
    const audit = (await t.database.db.execute<{ seq: string; type: string }>(sql`select seq, type from audit_log where payload->>'deliveryId' = ${sent.deliveryId} and type in ('docflow.checked', 'docflow.receipt_issued') order by seq`)).rows;
    assert.deepEqual(audit.map((a) => a.type), ['docflow.checked', 'docflow.receipt_issued']);
    assert.equal(Number(audit[1].seq), Number(audit[0].seq) + 1);
    assert.equal((await verifyAuditLog(t.database.db)).ok, true);
  } finally {
    (s.deps.receiptKeys as TestReceiptKeysDouble).keys.delete(s.B.id);
  }
});

test('DF-20: a document marked as containing state secrets is refused at receipt', async () => {
  const sent = await s.sent();
  await t.database.db.update(docflowDocuments).set({ stateSecret: true }).where(eq(docflowDocuments.id, sent.id));
  const check = await runCheck(sent.deliveryId);
  assert.equal(check?.outcome, 'negative');
  assert.ok(check!.reasons.some((r) => r.code === 'STATE_SECRET'));
});

test('MB-11: sending to a mailbox that lost its official mark is refused', async () => {
  const { id } = await s.draft();
  await s.signAll(id, s.A.signatory);
  await s.register(id);
  await t.database.db.execute(sql`update mailboxes set official = false where id = ${s.B.id}`);
  try {
    const e = await code(() => sendDocument(s.deps, s.A.officer.actor, id));
    assert.equal(e.code, 'DOCFLOW_NOT_OFFICIAL');
  } finally {
    await t.database.db.execute(sql`update mailboxes set official = true where id = ${s.B.id}`);
  }
});

test('acceptIncomingDocument / rejectIncomingDocument: 401 without an actor, 403 for the sender side, 404 for an unknown delivery', async () => {
  const sent = await s.sent();
  await runCheck(sent.deliveryId);
  assert.equal((await code(() => prepareIncomingDecision(s.deps, undefined, sent.deliveryId, { decision: 'accept' }))).code, 'UNAUTHENTICATED');
  assert.equal((await code(() => acceptIncomingDocument(s.deps, s.A.officer.actor, sent.deliveryId, { signature: Buffer.alloc(1) }))).code, 'FORBIDDEN');
  assert.equal((await code(() => rejectIncomingDocument(s.deps, s.B.executor.actor, sent.deliveryId, { signature: Buffer.alloc(1) }))).code, 'FORBIDDEN');
  assert.equal((await code(() => acceptIncomingDocument(s.deps, s.B.officer.actor, '00000000-0000-0000-0000-000000000000', { signature: Buffer.alloc(1) }))).code, 'NOT_FOUND');
});

test('DF-8: a signer certificate revoked before receipt makes the document not accepted with the reason', async () => {
  const sent = await s.sent();
  const saved = s.deps.trust;
  const { makeCrl } = await import('../pki/testkit.ts');
  const crl = makeCrl(s.ca, [{ serialNumber: s.A.signatory.cert.serialNumber, revokedAt: new Date(Date.now() - 60_000), reason: 'keyCompromise' }]);
  s.deps.trust = { trustStore: saved.trustStore, revocation: async () => ({ crls: [crl] }) };
  try {
    const check = await runCheck(sent.deliveryId);
    assert.equal(check?.outcome, 'negative');
    assert.ok(check!.reasons.some((r) => r.code === 'SIGNATURE_INVALID' && r.checks?.some((c) => c.code === 'REVOKED')), JSON.stringify(check!.reasons));
  } finally {
    s.deps.trust = saved;
  }
});

test('DF-6/DF-18: a document received only on paper is registered as an electronic copy (a scan) certified by the records officer, the RCC marking the medium as paper', async () => {
  const scan = { role: 'content' as const, filename: 'скан.pdf', content: Buffer.from('%PDF-1.4\n% scan of a paper letter\n%%EOF') };
  const { LETTER_REQUISITES } = await import('./testing.ts');
  const { id } = await s.draft({ medium: 'paper', files: [scan], card: { ...LETTER_REQUISITES.card, paperOriginal: 'paper_original' } });
  const e = await code(() => s.draft({ files: [scan] }));
  assert.equal(e.code, 'DOCFLOW_DOCUMENT_INVALID', 'an electronic original still needs DOC/DOCX content');
  await s.signAll(id, s.A.officer);
  const reg = await s.register(id);
  const card = JSON.parse(reg.card);
  assert.equal(card.medium, 'paper');
  assert.equal(card.card.paperOriginal, 'paper_original');
  assert.equal(card.files[0].signers[0].iin, s.A.officer.iin);
});

test('DF-12: before sending every signature is checked again; a signer certificate revoked after registration stops the sending', async () => {
  const { id } = await s.draft();
  await s.signAll(id, s.A.signatory);
  await s.register(id);
  const saved = s.deps.trust;
  const { makeCrl } = await import('../pki/testkit.ts');
  const crl = makeCrl(s.ca, [{ serialNumber: s.A.signatory.cert.serialNumber, revokedAt: new Date(Date.now() - 1000), reason: 'keyCompromise' }]);
  s.deps.trust = { trustStore: saved.trustStore, revocation: async () => ({ crls: [crl] }) };
  try {
    const e = await code(() => sendDocument(s.deps, s.A.officer.actor, id));
    assert.equal(e.code, 'PKI_SIGNATURE_INVALID');
    assert.ok(e.fields.some((f) => f.name === 'files[0]' && f.code === 'revoked'));
    const [doc] = await t.database.db.select().from(docflowDocuments).where(eq(docflowDocuments.id, id));
    assert.equal(doc.status, 'registered', 'not sent');
  } finally {
    s.deps.trust = saved;
  }
});
