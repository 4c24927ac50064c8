import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSignedData } from '../pki/cms-parse.ts';
import { testEvidenceSigner } from '../mail/test-support.ts';
import { EVIDENCE_BATCH_TYPE, MAX_EVIDENCE_BATCH, evidenceDocumentOf, parseEvidenceBatchManifest, signEvidenceBatch } from './evidence-batch.ts';

const doc = (n: number) => Buffer.from(JSON.stringify({ evidenceId: randomUUID(), n }));
const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function countingSigner() {
  const inner = testEvidenceSigner();
  let signatures = 0;
  return { inner, get signatures() { return signatures; }, async sign(bytes: Uint8Array) { signatures++; return inner.sign(bytes); } };
}

test('X-3: evidence documents ready together are signed with one operator signature over a manifest of their digests', async () => {
  const signer = countingSigner();
  const docs = [doc(1), doc(2), doc(3)];
  const cms = await signEvidenceBatch(signer, docs);
  assert.equal(signer.signatures, 1);
  assert.equal(cms.length, 3);
  const content = parseSignedData(cms[0]).eContent!;
  const manifest = parseEvidenceBatchManifest(content);
  assert.equal(manifest?.type, EVIDENCE_BATCH_TYPE);
  assert.deepEqual(manifest?.documents, docs.map(sha256Hex));
  for (const [i, d] of docs.entries()) {
    const r = evidenceDocumentOf(parseSignedData(cms[i]).eContent!, d);
    assert.ok(r.ok);
    assert.deepEqual(r.ok && r.document, d);
    assert.deepEqual(r.ok && r.batch?.count, 3);
  }
});

test('X-3: a single evidence document is signed as itself, so its CMS alone says what it proves', async () => {
  const signer = countingSigner();
  const d = doc(1);
  const [cms] = await signEvidenceBatch(signer, [d]);
  const content = parseSignedData(cms).eContent!;
  assert.deepEqual(Buffer.from(content), d);
  const alone = evidenceDocumentOf(content);
  assert.ok(alone.ok && alone.batch === null && alone.document.equals(d));
  const other = evidenceDocumentOf(content, doc(2));
  assert.equal(other.ok, false);
  assert.match(!other.ok ? other.problem : '', /^DOCUMENT_MISMATCH/);
});

test('X-3: a batch signature vouches only for documents its manifest lists, and needs the document beside it', async () => {
  const docs = [doc(1), doc(2)];
  const [cms] = await signEvidenceBatch(countingSigner(), docs);
  const content = parseSignedData(cms).eContent!;
  const missing = evidenceDocumentOf(content);
  assert.match(!missing.ok ? missing.problem : '', /^BATCH_DOCUMENT_REQUIRED/);
  const forged = Buffer.from(docs[0].toString().replace('"n":1', '"n":9'));
  const r = evidenceDocumentOf(content, forged);
  assert.match(!r.ok ? r.problem : '', /^NOT_IN_BATCH/);
});

test('X-3: a batch larger than one manifest holds is signed in parts, each document under the part that lists it', async () => {
  const signer = countingSigner();
  const docs = Array.from({ length: MAX_EVIDENCE_BATCH + 2 }, (_, i) => doc(i));
  const cms = await signEvidenceBatch(signer, docs);
  assert.equal(signer.signatures, 2);
  assert.ok(evidenceDocumentOf(parseSignedData(cms[0]).eContent!, docs[0]).ok);
  assert.ok(evidenceDocumentOf(parseSignedData(cms.at(-1)!).eContent!, docs.at(-1)!).ok);
  assert.equal(evidenceDocumentOf(parseSignedData(cms[0]).eContent!, docs.at(-1)!).ok, false);
});

test('X-3: batch evidence verifies offline with OpenSSL: the signature over the manifest, then the document digest in it', async () => {
  const signer = countingSigner();
  const docs = [doc(1), doc(2), doc(3)];
  const cms = await signEvidenceBatch(signer, docs);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jashik-batch-'));
  try {
    fs.writeFileSync(path.join(dir, 'evidence.p7s'), cms[1]);
    fs.writeFileSync(path.join(dir, 'ca.pem'), signer.inner.caPem);
    const manifest = execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'evidence.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const digest = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: docs[1] }).toString().split(' ')[0];
    assert.ok(JSON.parse(manifest.toString()).documents.includes(digest));
    // A changed manifest no longer verifies.
    const tampered = Buffer.from(cms[1]);
    const at = tampered.indexOf(Buffer.from(sha256Hex(docs[0])));
    tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
    fs.writeFileSync(path.join(dir, 'tampered.p7s'), tampered);
    assert.throws(() => execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'tampered.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
