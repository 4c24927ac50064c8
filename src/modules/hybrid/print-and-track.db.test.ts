import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { refusalCode as code } from '../../../test/support/refusals.ts';
import { directoryPrintDrop } from './print-drop.ts';
import { buildPrintBatch } from './print-batch-job.ts';
import { recordHybridEvent } from './record-hybrid-event.ts';
import { isValidS10 } from './s10.ts';
import { submitHybridLetter } from './submit-hybrid-letter.ts';
import { makeTestPdf } from './pdf-fixtures.ts';
import { ADDRESS, hybridTestEnv, senderActor, staffActor } from './testkit.ts';
import { hybridTestBedForThisFile } from './hybrid-test-bed.ts';

const bed = hybridTestBedForThisFile((database) => hybridTestEnv(database, undefined, { batchFileMaxItems: 2 }));

const sha = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
const printer = staffActor('print_centre');
const clerk = staffActor('clerk');

async function printBatch(): Promise<string> {
  const drop = directoryPrintDrop(bed.env.dropDir);
  const name = `PC-ALMATY-T${Date.now()}`;
  await bed.database.db.transaction((tx) => buildPrintBatch(tx, { blobs: bed.env.blobs, drop, config: bed.env.config }, 'PC-ALMATY', name));
  return path.join(bed.env.dropDir, 'PC-ALMATY', name);
}

test('MB-7: letters are printed into a batch whose manifest digests match the files and whose barcode decodes to the S10', async () => {
  const actor = await senderActor(bed.database);
  const items = [];
  for (let i = 0; i < 3; i++) items.push(await submitHybridLetter(bed.env, actor, { recipient: { address: { ...ADDRESS, recipientName: `Алушы ${i} Қасымова` } }, content: { text: `Хат №${i}: ә ғ қ ң ө ұ ү һ і` } }));
  items.push(await submitHybridLetter(bed.env, actor, { recipient: { address: ADDRESS }, content: { pdf: await makeTestPdf({ pages: 2 }) } }));
  const dir = await printBatch();
  assert.ok(!fs.readdirSync(path.dirname(dir)).some((f) => f.startsWith('.incoming')), 'no staging directory is left behind');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.itemCount, 4);
  assert.equal(manifest.files.length, 2, 'at most 2 items per file in this test');
  for (const f of manifest.files) assert.equal(sha(path.join(dir, f.name)), f.sha256);
  assert.equal(sha(path.join(dir, 'manifest.csv')), manifest.csvSha256);
  assert.equal(createHash('sha256').update(fs.readFileSync(path.join(dir, 'SHA256SUMS'))).digest('hex'), manifest.checksum);
  execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: dir });
  const csv = fs.readFileSync(path.join(dir, 'manifest.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 5);
  assert.deepEqual(manifest.items.map((i: { s10: string }) => i.s10), items.map((i) => i.s10));
  assert.deepEqual(manifest.items.map((i: { pages: number }) => i.pages), [2, 2, 2, 3]);

  // First item of the first file: page 1 is its cover; the barcode decodes to its S10.
  const first = manifest.files[0].name;
  execFileSync('pdftoppm', ['-r', '200', '-png', '-f', '1', '-l', '1', path.join(dir, first), path.join(bed.env.dropDir, 'cover')]);
  const png = fs.readdirSync(bed.env.dropDir).find((f) => f.startsWith('cover') && f.endsWith('.png'))!;
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Scode128.enable', path.join(bed.env.dropDir, png)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(decoded, items[0].s10);
  assert.ok(isValidS10(decoded));
  const text = execFileSync('pdftotext', [path.join(dir, first), '-'], { encoding: 'utf8' });
  assert.ok(text.includes('Алушы 0 Қасымова') && text.includes('ә ғ қ ң ө ұ ү һ і'));

  const batches = await bed.database.pool.query(`select status, item_count, checksum from hybrid_batches`);
  assert.deepEqual(batches.rows, [{ status: 'dropped', item_count: 4, checksum: manifest.checksum }]);
});

test('MB-7: the full status lifecycle with evidence; duplicates are idempotent; out of order and unknown S10 are refused and logged', async () => {
  const actor = await senderActor(bed.database);
  const item = await submitHybridLetter(bed.env, actor, { recipient: { address: ADDRESS }, content: { text: 'Lifecycle' } });
  const s10 = item.s10!;
  assert.equal(await code(recordHybridEvent(bed.env, printer, { s10, event: 'printed' })), 'HYBRID_EVENT_OUT_OF_ORDER', 'not in a batch yet');
  await printBatch();
  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10, event: 'delivered' })), 'HYBRID_EVENT_OUT_OF_ORDER', 'delivered before printed');
  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10, event: 'printed' })), 'FORBIDDEN', 'a clerk does not print');
  assert.equal(await code(recordHybridEvent(bed.env, undefined, { s10, event: 'printed' })), 'UNAUTHENTICATED');
  const evidence: string[] = [];
  for (const [who, event, place] of [[printer, 'printed', 'PC-ALMATY'], [printer, 'enveloped', 'PC-ALMATY'], [printer, 'handed_over', 'Алматы 050000'], [clerk, 'delivered', 'Алматы 050010']] as const) {
    const r = await recordHybridEvent(bed.env, who, { s10, event, place, eventId: `${event}-1` });
    assert.equal(r.status, event);
    assert.equal(r.duplicate, false);
    evidence.push(r.evidenceId);
  }
  const dup = await recordHybridEvent(bed.env, clerk, { s10, event: 'delivered', place: 'Алматы 050010' });
  assert.equal(dup.duplicate, true);
  assert.equal(dup.evidenceId, evidence[3]);
  const evs = await bed.database.pool.query(`select event, document from hybrid_evidence where item_id = $1 order by created_at`, [item.itemId]);
  assert.deepEqual(evs.rows.map((r) => r.event), ['SubmissionAcceptance', 'HybridPrinted', 'HybridEnveloped', 'RelayToNonERDS', 'HybridDelivered']);
  assert.equal(JSON.parse(evs.rows[4].document.toString()).place, 'Алматы 050010');

  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10: 'RR000000005KZ', event: 'delivered' })), 'HYBRID_UNKNOWN_ITEM');
  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10: 'RR000000004KZ', event: 'delivered' })), 'VALIDATION_FAILED', 'bad check digit');
  const rejected = await bed.database.pool.query(`select payload from audit_log where type = 'hybrid.event_rejected' order by seq`);
  const reasons = rejected.rows.map((r) => r.payload.reason);
  assert.ok(reasons.includes('unknown_item') && reasons.includes('out_of_order:accepted') && reasons.includes('s10_check_digit'), reasons.join());
});

test('MB-7: returned paper goes back to the sender or is shredded as the sender chose, each with its own receipt', async () => {
  const actor = await senderActor(bed.database);
  const back = await submitHybridLetter(bed.env, actor, { recipient: { address: ADDRESS }, content: { text: 'Return me' }, returnPolicy: 'return_to_sender' });
  const shred = await submitHybridLetter(bed.env, actor, { recipient: { address: ADDRESS }, content: { text: 'Shred me' }, returnPolicy: 'shred' });
  await printBatch();
  for (const s10 of [back.s10!, shred.s10!]) {
    for (const [who, event] of [[printer, 'printed'], [printer, 'enveloped'], [printer, 'handed_over'], [clerk, 'returned']] as const) await recordHybridEvent(bed.env, who, { s10, event });
  }
  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10: back.s10!, event: 'destroyed' })), 'HYBRID_EVENT_OUT_OF_ORDER', 'the sender chose return');
  assert.equal(await code(recordHybridEvent(bed.env, clerk, { s10: shred.s10!, event: 'returned_to_sender' })), 'HYBRID_EVENT_OUT_OF_ORDER', 'the sender chose shredding');
  const r1 = await recordHybridEvent(bed.env, clerk, { s10: back.s10!, event: 'returned_to_sender', place: 'Астана 010000' });
  const r2 = await recordHybridEvent(bed.env, clerk, { s10: shred.s10!, event: 'destroyed', place: 'Алматы 050000' });
  const docs = await bed.database.pool.query(`select id, event, document from hybrid_evidence where id = any($1::uuid[]) order by event`, [[r1.evidenceId, r2.evidenceId]]);
  assert.deepEqual(docs.rows.map((d) => [d.event, JSON.parse(d.document.toString()).returnPolicy]), [['HybridDestroyed', 'shred'], ['HybridReturnedToSender', 'return_to_sender']]);
});

test('MB-7: the print queue is read in keyset pages, and every queued item lands in the batch exactly once', async () => {
  const actor = await senderActor(bed.database);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await submitHybridLetter(bed.env, actor, { recipient: { address: ADDRESS }, content: { text: `Paged ${i}` } })).itemId);
  const drop = directoryPrintDrop(bed.env.dropDir);
  const r = await bed.database.db.transaction((tx) => buildPrintBatch(tx, { blobs: bed.env.blobs, drop, config: bed.env.config }, 'PC-ALMATY', `PC-ALMATY-P${Date.now()}`, 2));
  assert.equal(r?.items, 5);
  const rows = await bed.database.pool.query(`select id, batch_id, batch_file, batch_first_page from hybrid_items where id = any($1::uuid[])`, [ids]);
  assert.ok(rows.rows.every((x) => x.batch_id === r?.batchId && x.batch_file && x.batch_first_page >= 1));
});
