import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import type { TestDatabase } from '../../../test/support/test-database.ts';
import { parseEvidenceBatchManifest } from '../operator-keys/evidence-batch.ts';
import { parseSignedData } from '../pki/cms-parse.ts';
import { makeCrl, YEAR } from '../pki/testkit.ts';
import { verifyCms } from '../pki/verify.ts';
import { exportArchivePackage, type Manifest } from './archive-package.ts';
import { checkIncomingMany } from './check-incoming.ts';
import { closeScene, openScene, type Scene } from './scene-database.ts';
import { docflowEvidence } from './schema.ts';
import { makePerson, TestReceiptKeysDouble } from './testing.ts';
import type { EvidenceSigner } from './types.ts';
import { docflowEvidenceDocument, verifyArchivePackage } from './verify-package.ts';
import { zipEntries, zipPart } from './zip-read.ts';
import { zipStore } from './zip-write.ts';

const run = promisify(execFile);
let t: TestDatabase;
let s: Scene;
before(async () => {
  ({ t, s } = await openScene({ informationSystemKeyForB: true }));
});
after(() => closeScene(t, s));

/** TEST DOUBLE: the scene's evidence signer, counting its signatures. */
function countingEvidenceSignerDouble(inner: EvidenceSigner) {
  const counter = { signatures: 0, sign: async (bytes: Uint8Array) => (counter.signatures++, inner.sign(bytes)) };
  return counter;
}

async function receiptEvidence(deliveryIds: string[]) {
  return t.database.db.select().from(docflowEvidence).where(and(inArray(docflowEvidence.deliveryId, deliveryIds), eq(docflowEvidence.event, 'ReceiptForwarded')));
}

/** Three documents sent and decided automatically in one check batch. */
async function checkedInOneBatch(n = 3) {
  const sent: Awaited<ReturnType<Scene['sent']>>[] = [];
  for (let i = 0; i < n; i++) sent.push(await s.sent());
  const evidence = countingEvidenceSignerDouble(s.deps.evidence);
  const results = await t.database.db.transaction((tx) => checkIncomingMany(tx, { ...s.deps, evidence }, sent.map((d) => d.deliveryId)));
  assert.deepEqual(results.map((r) => (r as { outcome: string }).outcome), Array(n).fill('positive'));
  return { sent, signatures: evidence.signatures };
}

test('X-3/DF-10: the automatic receipts of one check batch share one operator evidence signature and each verifies with its own document', async () => {
  const { sent, signatures } = await checkedInOneBatch(3);
  assert.equal(signatures, 1, 'one operator signature for the evidence of the whole batch');
  const rows = await receiptEvidence(sent.map((d) => d.deliveryId));
  assert.equal(rows.length, 3, 'each delivery keeps its own evidence row');
  const trust = await s.deps.trust.trustStore();
  const manifest = parseEvidenceBatchManifest(parseSignedData(rows[0].cms).eContent!);
  assert.equal(manifest?.documents.length, 3, 'the signed content lists the three evidence documents');
  for (const row of rows) {
    const doc = JSON.parse(row.canonical.toString('utf8')) as { event: string; deliveryId: string; documentId: string };
    assert.deepEqual([doc.event, doc.deliveryId, doc.documentId], ['ReceiptForwarded', row.deliveryId, row.documentId], 'each row holds its own evidence document');
    assert.ok(manifest!.documents.includes(createHash('sha256').update(row.canonical).digest('hex')));
    assert.equal((await verifyCms(row.cms, { trust, revocation: { mode: 'off' } })).valid, true, 'the operator signature verifies');
    const vouched = docflowEvidenceDocument(row.cms, row.canonical);
    assert.ok(vouched.ok && vouched.document.equals(row.canonical) && vouched.batch?.count === 3, JSON.stringify(vouched));
    // One byte changed in the document: not what the operator signed.
    const deliveryId = row.deliveryId!;
    const altered = Buffer.from(row.canonical.toString('utf8').replace(deliveryId, deliveryId.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))));
    assert.match((docflowEvidenceDocument(row.cms, altered) as { problem: string }).problem, /^NOT_IN_BATCH/);
  }
  // Evidence of another batch (and the single-signed evidence of sending) is not vouched for by this signature.
  const other = await checkedInOneBatch(3);
  const otherRows = await receiptEvidence(other.sent.map((d) => d.deliveryId));
  assert.match((docflowEvidenceDocument(rows[0].cms, otherRows[0].canonical) as { problem: string }).problem, /^NOT_IN_BATCH/);
  assert.match((docflowEvidenceDocument(otherRows[0].cms, rows[0].canonical) as { problem: string }).problem, /^NOT_IN_BATCH/);
  const [submission] = await t.database.db.select().from(docflowEvidence).where(and(eq(docflowEvidence.documentId, sent[0].id), eq(docflowEvidence.event, 'SubmissionAcceptance')));
  assert.deepEqual(Buffer.from(parseSignedData(submission.cms).eContent!), submission.canonical, 'evidence issued alone is signed as itself');
  assert.match((docflowEvidenceDocument(rows[0].cms, submission.canonical) as { problem: string }).problem, /^NOT_IN_BATCH/);
  assert.match((docflowEvidenceDocument(submission.cms, rows[0].canonical) as { problem: string }).problem, /^DOCUMENT_MISMATCH/);
});

/** Rewrites a package: its manifest edited, and optionally one entry replaced with the manifest's digest of it recomputed, as someone recomputing digests would. */
function rewritePackage(pkg: Buffer, edit: (m: Manifest) => void, replace?: { name: string; data: Buffer }): Buffer {
  const manifest = JSON.parse(zipPart(pkg, 'manifest.json')!.toString('utf8')) as Manifest;
  edit(manifest);
  if (replace) {
    const entry = manifest.entries.find((e) => e.path === replace.name)!;
    entry.sha256 = createHash('sha256').update(replace.data).digest('hex');
    entry.size = replace.data.length;
  }
  const names = zipEntries(pkg)!.map((e) => e.name).filter((n) => n !== 'manifest.json');
  return zipStore([{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }, ...names.map((n) => ({ name: n, data: n === replace?.name ? replace.data : zipPart(pkg, n, 256 * 1024 * 1024)! }))]);
}
const replaceEntry = (pkg: Buffer, name: string, data: Buffer) => rewritePackage(pkg, () => {}, { name, data });

test('DF-14/X-3: an archive package with batch-signed evidence re-verifies in a fresh process with no network after its certificates and CRL expired; evidence swapped for another document of the batch is refused', async () => {
  const saved = s.deps.trust;
  s.deps.trust = { trustStore: saved.trustStore, revocation: async () => ({ crls: [makeCrl(s.ca)] }) };
  let pkgFile = '';
  try {
    const { sent } = await checkedInOneBatch(3);
    const pkg = await exportArchivePackage(s.deps, s.B.officer.actor, sent[1].id);
    const later = new Date(Date.now() + 3 * YEAR);
    const verdict = await verifyArchivePackage(pkg, { at: later });
    assert.equal(verdict.valid, true, JSON.stringify(verdict, null, 1));
    const batchEvidence = verdict.evidence.filter((e) => e.batch);
    assert.equal(batchEvidence.length, 1, 'the receipt\'s evidence is the batch-signed one');
    assert.equal(batchEvidence[0].batch?.count, 3);
    assert.ok(verdict.evidence.length >= 3 && verdict.evidence.every((e) => e.valid && e.signers.length === 1), 'sending evidence and receipt evidence all verified');
    const manifest = JSON.parse(zipPart(pkg, 'manifest.json')!.toString('utf8')) as Manifest;
    for (const e of manifest.evidence!) {
      assert.ok(manifest.entries.some((x) => x.path === e.content) && manifest.entries.some((x) => x.path === e.signature), 'the digest manifest covers the evidence document and its CMS');
    }

    pkgFile = path.join(os.tmpdir(), `pkg-batch-${sent[1].id}.zip`);
    fs.writeFileSync(pkgFile, pkg);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/modules/docflow/verify-package-main.ts', pkgFile, '--at', later.toISOString()], { env: { ...process.env, HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' } });
    assert.match(stdout, /Package: VALID/);
    assert.match(stdout, /evidence\/[0-9a-f-]+\.json: valid \(operator evidence, one of 3 signed together\)/);

    // The evidence document replaced by a sibling's from the same batch (listed in the same
    // manifest, so the signature alone would accept it): the package names this document, the
    // sibling names another delivery — refused because the package's evidence must be about it.
    const [own] = await receiptEvidence([sent[1].deliveryId]);
    const [sibling] = await receiptEvidence([sent[2].deliveryId]);
    const swapped = replaceEntry(pkg, `evidence/${own.id}.json`, sibling.canonical);
    const bad = await verifyArchivePackage(swapped, { at: later });
    assert.equal(bad.valid, false);
    assert.ok(bad.evidence.some((e) => !e.valid && e.errors.some((x) => x.startsWith('OTHER_DOCUMENT'))), JSON.stringify(bad.evidence));
    const forged = replaceEntry(pkg, `evidence/${own.id}.json`, Buffer.from(own.canonical.toString('utf8').replace('ReceiptForwarded', 'ContentConsignment')));
    const badForged = await verifyArchivePackage(forged, { at: later });
    assert.equal(badForged.valid, false);
    assert.ok(badForged.evidence.some((e) => !e.valid && e.errors.some((x) => x.startsWith('NOT_IN_BATCH'))), JSON.stringify(badForged.evidence));

    // A package made before its manifest listed the evidence verifies as it did then: the
    // evidence entries against their digests.
    const older = await verifyArchivePackage(rewritePackage(pkg, (m) => delete m.evidence), { at: later });
    assert.equal(older.valid, true, JSON.stringify(older.problems));
    assert.deepEqual(older.evidence, []);
  } finally {
    s.deps.trust = saved;
    if (pkgFile) fs.rmSync(pkgFile, { force: true });
  }
});
