import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { addBlobRef, deleteUnreferencedBlob } from '../../storage/blob-refs.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { signCms } from '../pki/cms-sign.ts';
import { makeCrl, YEAR } from '../pki/testkit.ts';
import { exportArchivePackage } from './archive-package.ts';
import { checkIncoming } from './check-incoming.ts';
import { acceptIncomingDocument, prepareIncomingDecision } from './decide-incoming.ts';
import { approveDestruction, proposeDestruction } from './destruction.ts';
import { remindExecution } from './execution-reminders.ts';
import { acceptExecution, assignExecution, fileDocument, listControl, reportExecution } from './executions.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { makePaperCopy } from './make-paper-copy.ts';
import { watchReceipt } from './receipt-watch.ts';
import { docflowAlerts, docflowDeliveries, docflowFiles } from './schema.ts';
import { searchDocuments } from './queries.ts';
import { verifyArchivePackage } from './verify-package.ts';

const run = promisify(execFile);
let t: TestDatabase;
let s: Scene;
before(async () => ({ t, s } = await openScene()));
after(() => closeScene(t, s));

/** Sent, checked and accepted by B's records officer. */
async function received(over: Parameters<typeof s.sent>[0] = {}) {
  const sent = await s.sent(over);
  await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
  const p = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept', nomenclatureIndex: '01-04', responsibleExecutor: { name: 'Орындаушы' } });
  const r = await acceptIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature: signCms(Buffer.from(p.receipt), [s.B.officer.signer]) });
  const [d] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, sent.deliveryId));
  return { ...sent, registrationId: d.registrationId!, receipt: r };
}

test('DF-11: no receipt within one working day across a holiday and a weekend alerts the sender in the cabinet and by e-mail; a later receipt is logged', async () => {
  const sent = await s.sent();
  // Sent Thursday 8 May 2025, 10:00 Almaty; 9 May (Victory Day) is a holiday, then the weekend.
  await t.database.db.update(docflowDeliveries).set({ sentAt: new Date('2025-05-08T05:00:00Z') }).where(eq(docflowDeliveries.id, sent.deliveryId));
  const at = (iso: string) => ({ now: () => new Date(iso) });
  assert.equal(await t.database.db.transaction((tx) => watchReceipt(tx, at('2025-05-10T10:00:00Z'), sent.deliveryId)), 'not_due', 'Saturday: not yet');
  assert.equal(await t.database.db.transaction((tx) => watchReceipt(tx, at('2025-05-12T12:00:00Z'), sent.deliveryId)), 'not_due', 'Monday, the one working day: not yet');
  assert.equal(await t.database.db.transaction((tx) => watchReceipt(tx, at('2025-05-12T19:00:01Z'), sent.deliveryId)), 'alerted', 'after Monday ends in Almaty');
  const alerts = await t.database.db.select().from(docflowAlerts).where(eq(docflowAlerts.documentId, sent.id));
  assert.ok(alerts.some((a) => a.kind === 'receipt_missing' && a.mailboxId === s.A.id));
  const jobs = await t.database.db.execute<{ payload: { subject: string } }>(sql`select payload from jobs where kind = 'docflow.notify' and payload->>'idempotencyKey' = ${`receipt-missing:${sent.deliveryId}`}`);
  assert.equal(jobs.rows.length, 1, 'the e-mail goes out through a durable job');
  const audit = await t.database.db.execute(sql`select 1 from audit_log where type = 'docflow.receipt_missing' and payload->>'deliveryId' = ${sent.deliveryId}`);
  assert.equal(audit.rows.length, 1);
  // The receipt arrives late: delivered, and logged as late.
  await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, sent.deliveryId));
  const p = await prepareIncomingDecision(s.deps, s.B.officer.actor, sent.deliveryId, { decision: 'accept' });
  await acceptIncomingDocument(s.deps, s.B.officer.actor, sent.deliveryId, { signature: signCms(Buffer.from(p.receipt), [s.B.officer.signer]) });
  const late = await t.database.db.execute<{ late: string }>(sql`select payload->>'late' as late from audit_log where type = 'docflow.receipt_received' and payload->>'deliveryId' = ${sent.deliveryId}`);
  assert.equal(late.rows[0].late, 'true');
});

test('DF-13: the head assigns an executor with a working-day deadline; past it the reminder job marks it overdue and alerts; report and acceptance close it', async () => {
  const doc = await received();
  const a = await assignExecution(s.deps, s.B.head.actor, doc.registrationId, { executorIin: s.B.executor.iin, executorName: 'Орындаушы', instruction: 'Жауап дайындау', workingDays: 3 });
  const deadline = new Date(a.deadline);
  assert.ok(deadline.getTime() > Date.now());
  assert.equal((await listControl(s.deps, s.B.head.actor, s.B.id, 'open')).filter((x) => x.executionId === a.executionId).length, 1);
  const job = await t.database.db.execute<{ run_at: Date }>(sql`select run_at from jobs where kind = 'docflow.execution-reminder' and payload->>'executionId' = ${a.executionId}`);
  assert.ok(new Date(job.rows[0].run_at).getTime() > deadline.getTime(), 'the reminder is due at the deadline');
  assert.equal(await t.database.db.transaction((tx) => remindExecution(tx, { now: () => new Date() }, a.executionId)), 'not_due');
  const later = { ...s.deps, now: () => new Date(deadline.getTime() + 60_000) };
  assert.equal(await t.database.db.transaction((tx) => remindExecution(tx, later, a.executionId)), 'overdue');
  assert.equal((await listControl(later, s.B.head.actor, s.B.id, 'overdue')).filter((x) => x.executionId === a.executionId).length, 1);
  const alerts = await t.database.db.select().from(docflowAlerts).where(eq(docflowAlerts.kind, 'execution_overdue'));
  assert.ok(alerts.some((x) => (x.payload as { executionId: string }).executionId === a.executionId));
  await assert.rejects(reportExecution(s.deps, s.B.officer.actor, a.executionId, { report: 'дайын' }), { code: 'FORBIDDEN' });
  await reportExecution(s.deps, s.B.executor.actor, a.executionId, { report: 'Жауап жіберілді' });
  await assert.rejects(acceptExecution(s.deps, s.B.executor.actor, a.executionId), { code: 'FORBIDDEN' });
  await acceptExecution(s.deps, s.B.head.actor, a.executionId);
  assert.equal((await listControl(s.deps, s.B.head.actor, s.B.id, 'open')).filter((x) => x.executionId === a.executionId).length, 0);
});

test('DF-13: assignExecution is refused without an actor (401), for a non-head (403), with a deadline in the past', async () => {
  const doc = await received();
  await assert.rejects(assignExecution(s.deps, undefined, doc.registrationId, { executorIin: s.B.executor.iin }), { code: 'UNAUTHENTICATED' });
  await assert.rejects(assignExecution(s.deps, s.B.officer.actor, doc.registrationId, { executorIin: s.B.executor.iin }), { code: 'FORBIDDEN' });
  await assert.rejects(assignExecution(s.deps, s.B.head.actor, doc.registrationId, { executorIin: s.B.executor.iin, deadlineDate: '2020-01-01' }), { code: 'VALIDATION_FAILED' });
});

test('DF-1: search finds documents by RCC fields and by the text of their files, with filters', async () => {
  const doc = await received();
  const byText = await searchDocuments(s.deps, s.B.officer.actor, { mailboxId: s.B.id, q: 'СЫНАҚ ХАТЫ', journal: 'incoming' });
  assert.ok(byText.some((x) => x.documentId === doc.id));
  const bySubject = await searchDocuments(s.deps, s.A.officer.actor, { mailboxId: s.A.id, q: 'ынтымақтастық', journal: 'outgoing', typeCode: 'letter' });
  assert.ok(bySubject.some((x) => x.documentId === doc.id));
  assert.equal((await searchDocuments(s.deps, s.B.officer.actor, { mailboxId: s.B.id, q: 'жоқ-мұндай-сөз' })).length, 0);
  await assert.rejects(searchDocuments(s.deps, s.A.officer.actor, { mailboxId: s.B.id, q: 'хат' }), { code: 'FORBIDDEN' });
});

test('DF-17: a certified paper copy PDF holds the mark, the verification result, the source system, the stamp and the sheet count', async () => {
  const doc = await received();
  const copy = await makePaperCopy(s.deps, s.B.officer.actor, doc.id, { certifierName: 'Тестов Т.' });
  const file = path.join(os.tmpdir(), `copy-${copy.copyId}.pdf`);
  fs.writeFileSync(file, copy.pdf);
  const { stdout } = await run('pdftotext', ['-layout', file, '-']);
  fs.rmSync(file);
  const text = stdout.replace(/\s+/g, ' ');
  assert.match(text, /Электрондық құжаттың көшірмесі/);
  assert.match(text, /\* \* \* Электрондық құжаттың көшірмесі дұрыс\./);
  assert.match(text, new RegExp(`Парақтар саны / Количество листов: ${copy.sheets}`));
  assert.match(text, /Результат проверки ЭЦП/);
  assert.match(text, /положительный/);
  assert.match(text, /jashik/);
  assert.match(text, /Сынақ хаты/, 'the content is readable');
  assert.match(text, /Тестов Т\./);
  await assert.rejects(makePaperCopy(s.deps, s.B.executor.actor, doc.id), { code: 'FORBIDDEN' });
});

test('DF-14: an archive package is re-verified in a fresh process with no network, after its certificates and CRL expired', async () => {
  const saved = s.deps.trust;
  const crl = makeCrl(s.ca);
  s.deps.trust = { trustStore: saved.trustStore, revocation: async () => ({ crls: [crl] }) };
  let pkgFile = '';
  try {
    const doc = await received();
    const pkg = await exportArchivePackage(s.deps, s.B.officer.actor, doc.id);
    const verdict = await verifyArchivePackage(pkg, { at: new Date(Date.now() + 3 * YEAR) });
    assert.equal(verdict.valid, true, JSON.stringify(verdict, null, 1));
    pkgFile = path.join(os.tmpdir(), `pkg-${doc.id}.zip`);
    fs.writeFileSync(pkgFile, pkg);
    const later = new Date(Date.now() + 3 * YEAR).toISOString();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/modules/docflow/verify-package-main.ts', pkgFile, '--at', later], { env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' } });
    assert.match(stdout, /Package: VALID/);
    // One flipped byte in a content file is caught.
    const bad = Buffer.from(pkg);
    const i = bad.indexOf(Buffer.from('word/document.xml'), 200);
    bad[i + 40] ^= 0xff;
    assert.equal((await verifyArchivePackage(bad, { at: new Date() })).valid, false);
  } finally {
    s.deps.trust = saved;
    if (pkgFile) fs.rmSync(pkgFile, { force: true });
  }
});

test('DF-14: at retention expiry a destruction list is approved, the act signed, the rows and blob references go, a blob shared with a letter stays', async () => {
  const own = Buffer.from(`%PDF-1.4\nтек осы құжатқа ${Date.now()}\n%%EOF`);
  const doc = await received({ files: [(await import('./testing.ts')).docxFile(), { role: 'attachment', filename: 'қосымша.pdf', content: own }] });
  const ownSha = (await s.blobs.put(own)).sha256;
  const regs = await t.database.db.execute<{ id: string; mailbox_id: string }>(sql`select id, mailbox_id from docflow_registrations where document_id = ${doc.id}`);
  for (const r of regs.rows) {
    const who = r.mailbox_id === s.A.id ? s.A.officer.actor : s.B.officer.actor;
    const filed = await fileDocument(s.deps, who, r.id, { nomenclatureIndex: '01-04' });
    assert.match(filed.retainUntil!, /^\d{4}-12-31$/);
  }
  const [file] = (await t.database.db.select().from(docflowFiles).where(eq(docflowFiles.documentId, doc.id))).filter((f) => f.role === 'content');
  // The same content also attached to a letter: its blob must survive the destruction.
  await t.database.db.transaction((tx) => addBlobRef(tx, s.blobs, { sha256: file.sha256, size: file.size }, { kind: 'mail.letter', id: 'letter-1' }));
  const farFuture = `${new Date().getUTCFullYear() + 3}-01-01`;
  const listB = await proposeDestruction(s.deps, s.B.officer.actor, s.B.id, farFuture);
  assert.ok(listB.items.some((x) => x.documentId === doc.id));
  await assert.rejects(approveDestruction(s.deps, s.B.officer.actor, listB.destructionId), { code: 'FORBIDDEN' });
  const actB = await approveDestruction(s.deps, s.B.head.actor, listB.destructionId);
  assert.deepEqual(actB.destroyed.includes(doc.id), false, 'the sender still holds the original');
  const listA = await proposeDestruction(s.deps, s.A.officer.actor, s.A.id, farFuture);
  const actA = await approveDestruction(s.deps, s.A.head.actor, listA.destructionId);
  assert.ok(actA.destroyed.includes(doc.id));
  assert.match(actA.act, new RegExp(file.sha256));
  for (const table of ['docflow_documents', 'docflow_files', 'docflow_receipts', 'docflow_deliveries', 'docflow_registrations', 'docflow_evidence']) {
    const col = table === 'docflow_documents' ? 'id' : 'document_id';
    const left = await t.database.db.execute(sql.raw(`select 1 from ${table} where ${col} = '${doc.id}'`));
    assert.equal(left.rows.length, 0, `${table} emptied`);
  }
  const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 10, handlers: { 'blob.delete': deleteUnreferencedBlob(s.blobs) } });
  await w.idle();
  await w.stop();
  assert.equal(await s.blobs.has(file.sha256), true, 'the blob shared with a letter stays');
  assert.equal(await s.blobs.has(ownSha), false, "the document's own blob is gone from the store");
  const rccOnly = await t.database.db.execute(sql`select count(*)::int as n from blob_refs where owner_kind = 'docflow.document' and owner_id = ${doc.id}`);
  assert.equal((rccOnly.rows[0] as { n: number }).n, 0);
});
