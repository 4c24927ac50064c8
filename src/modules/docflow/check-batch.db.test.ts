import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { checkIncomingMany } from './check-incoming.ts';
import { docflowJobHandlers } from './jobs.ts';
import type { ReceiptDocument } from './receipts.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { docflowDeliveries, docflowEvidence, docflowFiles, docflowReceipts } from './schema.ts';
import { detachedSign, makePerson, TestReceiptKeysDouble } from './testing.ts';
import { docflowEvidenceDocument } from './verify-package.ts';

let t: TestDatabase;
let s: Scene;
before(async () => {
  ({ t, s } = await openScene({ informationSystemKeyForB: true }));
});
after(() => closeScene(t, s));

async function receiptOf(deliveryId: string) {
  const [r] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, deliveryId));
  return r ? (JSON.parse(r.canonical.toString('utf8')) as ReceiptDocument) : undefined;
}

async function auditTypes(deliveryId: string) {
  const r = await t.database.db.execute<{ type: string }>(sql`select type from audit_log where payload->>'deliveryId' = ${deliveryId} and type in ('docflow.checked', 'docflow.receipt_issued', 'docflow.receipt_received') order by seq`);
  return r.rows.map((x) => x.type);
}

test('DF-7/DF-10/DF-12: a batch of deliveries checked in one transaction: each document judged on its own, accepted ones get distinct numbers, a failing one writes nothing and does not stop the others', async () => {
  const good1 = await s.sent();
  const good2 = await s.sent();
  const forged = await s.sent();
  const missing = await s.sent();
  // A signature over other content (refused with a "not accepted" receipt) and a content file
  // the store does not hold (the check throws: that delivery alone fails, to be retried).
  await t.database.db.update(docflowFiles).set({ cms: detachedSign(Buffer.from('басқа мазмұн'), s.A.signatory) }).where(eq(docflowFiles.documentId, forged.id));
  await t.database.db.update(docflowFiles).set({ sha256: 'f'.repeat(64) }).where(eq(docflowFiles.documentId, missing.id));

  const results = await t.database.db.transaction((tx) => checkIncomingMany(tx, s.deps, [good1.deliveryId, forged.deliveryId, missing.deliveryId, good2.deliveryId, good1.deliveryId]));
  assert.equal((results[0] as { outcome: string }).outcome, 'positive');
  assert.equal((results[1] as { outcome: string }).outcome, 'negative');
  assert.ok(results[2] instanceof Error, 'the missing file fails its own delivery');
  assert.equal((results[3] as { outcome: string }).outcome, 'positive');
  assert.equal(results[4], undefined, 'a delivery twice in the batch is checked once');

  const r1 = await receiptOf(good1.deliveryId);
  const r2 = await receiptOf(good2.deliveryId);
  assert.equal(r1?.kind, 'accepted');
  assert.equal(r2?.kind, 'accepted');
  assert.equal(r1?.signedBy, 'information_system');
  assert.ok(r1?.registration?.number && r2?.registration?.number);
  assert.notEqual(r1.registration.number, r2.registration.number, 'distinct registration numbers in one organisation');
  const regs = await t.database.db.execute<{ number: string; status: string; delivery: string }>(sql`
    select g.number, g.status, d.id as delivery from docflow_registrations g join docflow_deliveries d on d.registration_id = g.id
    where d.id in (${good1.deliveryId}, ${good2.deliveryId}) order by g.number`);
  assert.deepEqual(regs.rows.map((x) => x.status), ['registered', 'registered']);
  assert.deepEqual(new Set(regs.rows.map((x) => x.number)), new Set([r1.registration.number, r2.registration.number]));

  const rf = await receiptOf(forged.deliveryId);
  assert.equal(rf?.kind, 'not_accepted');
  assert.ok(rf.reasons.some((x) => x.code === 'SIGNATURE_INVALID'));
  assert.equal((await t.database.db.execute(sql`select 1 from docflow_registrations where document_id = ${forged.id} and journal = 'incoming'`)).rows.length, 0);

  const [m] = await t.database.db.select().from(docflowDeliveries).where(eq(docflowDeliveries.id, missing.deliveryId));
  assert.equal(m.status, 'checking', 'the failed delivery is left to its job to retry');
  assert.equal(await receiptOf(missing.deliveryId), undefined);
  assert.deepEqual(await auditTypes(missing.deliveryId), []);

  for (const d of [good1, good2, forged]) {
    assert.deepEqual(await auditTypes(d.deliveryId), ['docflow.checked', 'docflow.receipt_issued']);
    const ev = await t.database.db.select().from(docflowEvidence).where(and(eq(docflowEvidence.deliveryId, d.deliveryId), eq(docflowEvidence.event, 'ReceiptForwarded')));
    assert.equal(ev.length, 1, 'operator evidence about the receipt for each delivery');
    // Each row holds its own bytes: the CMS carries exactly the canonical JSON stored beside it.
    const [rc] = await t.database.db.select().from(docflowReceipts).where(eq(docflowReceipts.deliveryId, d.deliveryId));
    assert.deepEqual(Buffer.from(parseSignedData(rc.cms).eContent!), rc.canonical);
    assert.equal((JSON.parse(rc.canonical.toString('utf8')) as ReceiptDocument).deliveryId, d.deliveryId);
    // The evidence of the batch's receipts shares one operator signature (X-3): its signed
    // content lists this row's document.
    assert.ok(docflowEvidenceDocument(ev[0].cms, ev[0].canonical).ok);
    assert.equal((JSON.parse(ev[0].canonical.toString('utf8')) as { deliveryId: string }).deliveryId, d.deliveryId);
    const keys = await t.database.db.execute(sql`select distinct usage from docflow_document_keys where document_id = ${d.id} order by usage`);
    assert.deepEqual(keys.rows.map((k) => k.usage), ['content', 'rcc', 'receipt'], 'the signers\' and the receipt key\'s certificates linked');
  }
  assert.equal((await verifyAuditLog(t.database.db)).ok, true);
});

test('DF-7: the check job runs its deliveries in batches through the job worker; each job is done or failed on its own', async () => {
  const sent = [await s.sent(), await s.sent(), await s.sent()];
  const bad = await s.sent();
  await t.database.db.update(docflowFiles).set({ sha256: 'e'.repeat(64) }).where(eq(docflowFiles.documentId, bad.id));
  const checkJob = docflowJobHandlers(s.deps)['docflow.check-incoming'];
  const batches: number[] = [];
  const batch = checkJob.batch!;
  const counted = Object.assign(checkJob.bind(null), {
    batch: { max: batch.max, run: (...a: Parameters<typeof batch.run>) => (batches.push(a[0].length), batch.run(...a)) },
  });
  const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 20, retryBaseMs: 60_000, concurrency: 1, handlers: { 'docflow.check-incoming': counted } });
  try {
    for (let i = 0; i < 200; i++) {
      const left = await t.database.db.execute<{ n: string }>(sql`select count(*) as n from jobs where kind = 'docflow.check-incoming' and status in ('pending', 'running') and run_at <= now()`);
      if (Number(left.rows[0].n) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await w.stop();
  }
  assert.ok(batches.some((n) => n > 1), `jobs claimed together (batches: ${batches.join(', ')})`);
  for (const d of sent) assert.equal((await receiptOf(d.deliveryId))?.kind, 'accepted');
  const jobs = await t.database.db.execute<{ status: string; delivery: string; last_error: string | null }>(sql`
    select status, payload->>'deliveryId' as delivery, last_error from jobs where kind = 'docflow.check-incoming' and payload->>'deliveryId' in (${bad.deliveryId}, ${sent[0].deliveryId})`);
  const byDelivery = new Map(jobs.rows.map((j) => [j.delivery, j]));
  assert.equal(byDelivery.get(sent[0].deliveryId)?.status, 'done');
  assert.equal(byDelivery.get(bad.deliveryId)?.status, 'pending', 'the failing job waits for its retry');
  assert.ok(byDelivery.get(bad.deliveryId)?.last_error);
  assert.equal(await receiptOf(bad.deliveryId), undefined);
});

test('DF-12: two batches deciding at once for one organisation give every document its own registration number', async () => {
  const sent = [await s.sent(), await s.sent(), await s.sent(), await s.sent(), await s.sent(), await s.sent()];
  const ids = sent.map((d) => d.deliveryId);
  const [a, b] = await Promise.all([
    t.database.db.transaction((tx) => checkIncomingMany(tx, s.deps, ids.slice(0, 3))),
    t.database.db.transaction((tx) => checkIncomingMany(tx, s.deps, ids.slice(3))),
  ]);
  assert.deepEqual([...a, ...b].map((r) => (r as { outcome: string }).outcome), Array(6).fill('positive'));
  const numbers = [];
  for (const d of sent) numbers.push((await receiptOf(d.deliveryId))?.registration?.number);
  assert.equal(new Set(numbers).size, 6, `distinct numbers: ${numbers.join(', ')}`);
  const journal = await t.database.db.execute(sql`select number from docflow_registrations where mailbox_id = ${s.B.id} and journal = 'incoming' and document_id in (${sql.join(sent.map((d) => sql`${d.id}::uuid`), sql`, `)})`);
  assert.deepEqual(new Set(journal.rows.map((r) => r.number)), new Set(numbers));
  assert.equal((await verifyAuditLog(t.database.db)).ok, true);
});

test('DF-8: a batch asks for the trust anchors and revocation options once and judges every document against them', async () => {
  const sent = [await s.sent(), await s.sent(), await s.sent()];
  const inner = s.deps.trust;
  const calls = { trustStore: 0, revocation: 0 };
  const countingTrustDouble = {
    trustStore: () => (calls.trustStore++, inner.trustStore()),
    revocation: () => (calls.revocation++, inner.revocation()),
  };
  const results = await t.database.db.transaction((tx) => checkIncomingMany(tx, { ...s.deps, trust: countingTrustDouble }, sent.map((d) => d.deliveryId)));
  assert.deepEqual(results.map((r) => (r as { outcome: string }).outcome), ['positive', 'positive', 'positive']);
  assert.deepEqual(calls, { trustStore: 1, revocation: 1 });
  for (const r of results) assert.ok((r as { signers: unknown[] }).signers.length >= 2, 'each document\'s own signers verified');
});
