import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { verifyAuditLog } from '../audit/verify-audit.ts';
import { getEvidence, listEvidence } from './evidence/read-evidence.ts';
import { verifyEvidence } from './evidence/verify-evidence.ts';
import { runVerifyCommand } from '../pki/cli.ts';
import type { EvidenceDocument } from './evidence/evidence-document.ts';
import { getLetter, getLetterRaw } from './get-letter.ts';
import { listLetters } from './list-letters.ts';
import { sendLetter } from './send-letter.ts';
import { makeMailbox, testEvidenceSigner } from './test-support.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';

const bed = mailTestBedForThisFile(async () => {
  fs.writeFileSync(caFile, bed.signer.caPem);
});
const { blobs, signer, drain } = bed;
const caFile = path.join(blobs.dir, 'operator-ca.pem');

/** `jashik verify FILE --trust DIR --no-revocation`: its exit code. */
async function jashikVerify(cms: Buffer): Promise<number> {
  const trustDir = path.join(blobs.dir, 'trust');
  fs.mkdirSync(trustDir, { recursive: true });
  fs.writeFileSync(path.join(trustDir, 'operator-ca.pem'), signer.caPem);
  const f = path.join(blobs.dir, `jv-${Date.now()}-${Math.random()}.p7s`);
  fs.writeFileSync(f, cms);
  const out: string[] = [];
  return runVerifyCommand([f, '--trust', trustDir, '--no-revocation'], { stdout: { write: (c) => out.push(String(c)) }, stderr: { write: (c) => out.push(c) }, readFile: (p) => fs.promises.readFile(p) });
}

/** `openssl cms -verify` with the operator CA as published: exit 0 and the document on stdout, or throws. */
function opensslVerify(cms: Buffer): Buffer {
  const f = path.join(blobs.dir, `ev-${Date.now()}-${Math.random()}.p7s`);
  fs.writeFileSync(f, cms);
  return execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', f, '-CAfile', caFile, '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
}

test('X-3: a registered letter between two mailboxes yields a chain of signed evidence that OpenSSL and jashik verify', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'Тапсырыс хат', text: 'маңызды', registered: true });
  await drain();
  const [inbox] = (await listLetters(bed.database, b)).letters;
  assert.equal(inbox.registered, true);
  assert.equal(inbox.verifiedSender, true, 'registered letters carry the verified-sender mark');
  await getLetter(bed.deps, b, inbox.id); // first opening: ContentHandover
  await getLetter(bed.deps, b, inbox.id); // second opening: nothing more
  const list = await listEvidence(bed.database, a, sent.letterId);
  assert.deepEqual(list.map((e) => e.event), ['SubmissionAcceptance', 'ContentConsignment', 'ContentHandover']);
  const raw = await buffer((await getLetterRaw(bed.deps, a, sent.letterId)).stream);
  let prev: Buffer | undefined;
  for (const e of list) {
    const ev = await getEvidence(bed.database, a, e.id);
    const fromOpenssl = opensslVerify(ev.cms);
    assert.deepEqual(fromOpenssl, ev.document, 'OpenSSL returns exactly the canonical document');
    assert.equal(await jashikVerify(ev.cms), 0, 'jashik verify accepts it');
    const doc = JSON.parse(ev.document.toString()) as EvidenceDocument;
    assert.equal(doc.content.messageId, sent.messageId);
    assert.equal(doc.content.rawSha256, createHash('sha256').update(raw).digest('hex'));
    assert.ok(doc.content.parts.some((p) => p.name === 'text'));
    assert.equal(doc.previousEvidenceSha256, prev ? createHash('sha256').update(prev).digest('hex') : null);
    const v = await verifyEvidence(ev.cms, { trust: signer.ca.trust, operatorFingerprints: [signer.operator.cert.fingerprint], previousCms: prev, message: raw });
    assert.equal(v.valid, true, v.problems.join('; '));
    assert.ok(v.meaning?.en);
    prev = ev.cms;
  }
  // Evidence entries are in the audit log, whose chain is intact.
  const audited = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'mail.evidence' and payload->>'chain' = ${sent.submissionId}`);
  assert.equal(Number(audited.rows[0].n), 3);
  assert.equal((await verifyAuditLog(bed.database.db)).ok, true);
});

test('X-3: tampered evidence fails with OpenSSL and jashik; evidence out of its chain is reported', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'tamper', text: 'x', registered: true });
  await drain();
  const [first, second] = await listEvidence(bed.database, a, sent.letterId);
  const ev = await getEvidence(bed.database, a, second.id);
  const tampered = Buffer.from(ev.cms);
  const at = tampered.indexOf(Buffer.from('ContentConsignment'));
  tampered.write('X', at); // "XontentConsignment"
  assert.throws(() => opensslVerify(tampered));
  assert.equal(await jashikVerify(tampered), 1, 'jashik verify rejects it');
  const v = await verifyEvidence(tampered, { trust: signer.ca.trust });
  assert.equal(v.valid, false);
  const other = testEvidenceSigner();
  const wrongTrust = await verifyEvidence(ev.cms, { trust: other.ca.trust });
  assert.equal(wrongTrust.valid, false, 'not trusted under another CA');
  const wrongPrev = await verifyEvidence(ev.cms, { trust: signer.ca.trust, previousCms: ev.cms });
  assert.match(wrongPrev.problems.join(), /CHAIN_BROKEN/);
  const firstEv = await getEvidence(bed.database, a, first.id);
  const ok = await verifyEvidence(ev.cms, { trust: signer.ca.trust, previousCms: firstEv.cms });
  assert.equal(ok.valid, true);
});

test('X-3, MB-9: another mailbox cannot list or read a letter\'s evidence', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const c = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'private', text: 'x', registered: true });
  await drain();
  const [e] = await listEvidence(bed.database, a, sent.letterId);
  await assert.rejects(listEvidence(bed.database, c, sent.letterId), { code: 'NOT_FOUND' });
  await assert.rejects(getEvidence(bed.database, c, e.id), { code: 'NOT_FOUND' });
  await assert.rejects(getEvidence(bed.database, undefined, e.id), { code: 'UNAUTHENTICATED' });
});

test('X-3: an unopened registered letter produces AcceptanceRejectionExpiry at the sender\'s deadline and a notice', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const sent = await sendLetter(bed.deps, a, { to: [b.address], subject: 'deadline', text: 'x', registered: true, handoverDeadline: new Date(Date.now() + 1500) });
  await drain();
  const events = (await listEvidence(bed.database, a, sent.letterId)).map((e) => e.event);
  assert.deepEqual(events, ['SubmissionAcceptance', 'ContentConsignment', 'AcceptanceRejectionExpiry']);
  const notice = (await listLetters(bed.database, a)).letters[0];
  assert.match(notice.subject, /Not opened by the deadline/);
});

test('X-3: a refused registered letter (quota exhausted) gets SubmissionRejection evidence with the reason', async () => {
  const a = await makeMailbox(bed.database, undefined, { quotaBytes: 10 });
  const b = await makeMailbox(bed.database);
  await assert.rejects(sendLetter(bed.deps, a, { to: [b.address], subject: 'no room', text: 'x', registered: true }), { code: 'MAIL_QUOTA_EXCEEDED' });
  const r = await bed.database.db.execute<{ event: string; document: Buffer }>(sql`select event, document from mail_evidence where sender_mailbox_id = ${a.mailboxId}`);
  assert.equal(r.rows[0].event, 'SubmissionRejection');
  assert.equal((JSON.parse(Buffer.from(r.rows[0].document).toString()) as EvidenceDocument).reason?.code, 'MAIL_QUOTA_EXCEEDED');
});
