import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { sql } from 'drizzle-orm';
import { createLogger } from '../../shared/logger.ts';
import { buildSmtpServer } from '../../smtp/build-smtp-server.ts';
import { mailSmtpHooks } from '../../smtp/mail-smtp-hooks.ts';
import { smtpConnect } from '../../smtp/smtp-test-client.ts';
import { runVerifyCommand } from '../pki/cli.ts';
import { parseEvidenceBatchManifest } from '../operator-keys/evidence-batch.ts';
import { getEvidence, listEvidence } from './evidence/read-evidence.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { verifyEvidence } from './evidence/verify-evidence.ts';
import type { EvidenceDocument } from './evidence/evidence-document.ts';
import { exportMailbox } from './export-mailbox.ts';
import { commitInbound, prepareInbound, type InboundDeps } from './receive-message.ts';
import { makeMailbox, TEST_DOMAIN, unzip } from './test-support.ts';
import { mailTestBedForThisFile } from './mail-test-bed.ts';
import { DEFAULT_MAIL_LIMITS, type EvidenceSigner } from './types.ts';

const bed = mailTestBedForThisFile();
const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** TEST DOUBLE: the test operator signer, counting its signatures. */
function countingSigner(inner: EvidenceSigner = bed.signer) {
  const calls: number[] = [];
  return { calls, async sign(bytes: Uint8Array) { calls.push(bytes.length); return inner.sign(bytes); } };
}

/** Inbound dependencies of their own (so their own group committer) over the test bed. */
function inboundDeps(signer: EvidenceSigner): InboundDeps {
  return { database: bed.database, blobs: bed.blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS, resolve: async () => [], authChecks: false };
}

const rawMessage = (to: string[], i: number) =>
  Buffer.from(`From: A <a@example.org>\r\nTo: ${to.join(', ')}\r\nSubject: batch ${i} — хат\r\nMessage-ID: <batch-${i}-${Date.now()}@example.org>\r\n\r\nbody ${i}\r\n`);

type Row = { id: string; chain: string; document: Buffer; cms: Buffer; cms_sha256: string };

/**
 * Sends messages through the inbound path so that they meet in the committer: all are prepared
 * first, then handed over in one turn. The first starts a group commit of its own; the others
 * wait for the next one, so the committer signs twice.
 */
async function receiveTogether(deps: InboundDeps, messages: { raw: Buffer; to: string[] }[]) {
  const pending = await Promise.all(messages.map((m) => prepareInbound(deps, Readable.from([m.raw]), { mailFrom: 'a@example.org', rcptTo: m.to, remoteAddress: '127.0.0.1' })));
  const results = await Promise.all(pending.map((p) => commitInbound(deps, p)));
  const rows = await bed.database.db.execute<Row>(sql`
    select id, chain, document, cms, cms_sha256 from mail_evidence where chain = any(${sql.param(results.flatMap((r) => r.letterIds))}::uuid[])`);
  const byLetter = new Map(rows.rows.map((r) => [r.chain, { ...r, document: Buffer.from(r.document), cms: Buffer.from(r.cms) }]));
  return results.map((r) => r.letterIds.map((id) => byLetter.get(id) ?? assert.fail(`evidence of letter ${id}`)));
}

/** `jashik verify FILE [--document DOC] --trust DIR --no-revocation`: exit code and output. */
async function jashikVerify(cms: Buffer, document?: Buffer, extra: string[] = []): Promise<{ code: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(bed.blobs.dir, 'jv-'));
  fs.mkdirSync(path.join(dir, 'trust'));
  fs.writeFileSync(path.join(dir, 'trust', 'operator-ca.pem'), bed.signer.caPem);
  fs.writeFileSync(path.join(dir, 'evidence.p7s'), cms);
  const args = [path.join(dir, 'evidence.p7s'), '--trust', path.join(dir, 'trust'), '--no-revocation', ...extra];
  if (document) {
    fs.writeFileSync(path.join(dir, 'evidence.json'), document);
    args.push('--document', path.join(dir, 'evidence.json'));
  }
  const out: string[] = [];
  const code = await runVerifyCommand(args, { stdout: { write: (c) => out.push(String(c)) }, stderr: { write: (c) => out.push(c) }, readFile: (p) => fs.promises.readFile(p) });
  return { code, out: out.join('') };
}

/** `openssl cms -verify` with the operator CA: the signed content (the batch manifest), or throws. */
function opensslVerify(cms: Buffer): Buffer {
  const dir = fs.mkdtempSync(path.join(bed.blobs.dir, 'ossl-'));
  fs.writeFileSync(path.join(dir, 'ca.pem'), bed.signer.caPem);
  fs.writeFileSync(path.join(dir, 'evidence.p7s'), cms);
  return execFileSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(dir, 'evidence.p7s'), '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'any'], { stdio: ['ignore', 'pipe', 'pipe'] });
}

test('X-3: messages accepted in one SMTP group commit share one operator signature and each evidence verifies with its document', async () => {
  const a = await makeMailbox(bed.database);
  const b = await makeMailbox(bed.database);
  const signer = countingSigner();
  const deps = inboundDeps(signer);
  const messages = [[a.address], [a.address], [b.address], [a.address, b.address], [b.address]].map((to, i) => ({ to, raw: rawMessage(to, i) }));
  const [[alone], ...together] = await receiveTogether(deps, messages);
  assert.equal(signer.calls.length, 2, 'one signature for the first commit, one for all the messages that waited for the next');

  // The first commit held one message: its CMS signs its document itself, as single evidence always did.
  const single = await verifyEvidence(alone.cms, { trust: bed.signer.ca.trust, operatorFingerprints: [bed.signer.operator.cert.fingerprint], message: messages[0].raw });
  assert.equal(single.valid, true, single.problems.join('; '));
  assert.equal(single.batch, null);
  assert.deepEqual(opensslVerify(alone.cms), alone.document);

  // The other four messages (five letters: one has two recipients) share one CMS; each row keeps its own document.
  const rows = together.flat();
  assert.equal(rows.length, 5);
  assert.equal(new Set(rows.map((r) => r.cms_sha256)).size, 1);
  assert.equal(new Set(rows.map((r) => sha256Hex(r.document))).size, 5);
  for (const r of rows) assert.equal(r.cms_sha256, sha256Hex(r.cms), 'cms_sha256 is the digest of the CMS stored in the row');
  const manifest = parseEvidenceBatchManifest(opensslVerify(rows[0].cms));
  assert.ok(manifest, 'OpenSSL verifies the batch signature and returns the manifest');
  assert.deepEqual([...manifest.documents].sort(), rows.map((r) => sha256Hex(r.document)).sort());
  for (const [i, letterRows] of together.entries()) {
    for (const r of letterRows) {
      // The offline check: `sha256sum evidence.json` is one of the manifest's documents.
      const digest = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: r.document }).toString().split(' ')[0];
      assert.ok(manifest.documents.includes(digest));
      const v = await verifyEvidence(r.cms, { trust: bed.signer.ca.trust, operatorFingerprints: [bed.signer.operator.cert.fingerprint], document: r.document, message: messages[i + 1].raw });
      assert.equal(v.valid, true, v.problems.join('; '));
      assert.deepEqual(v.batch, { issuedAt: manifest.issuedAt, count: 5 });
      assert.equal(v.document?.event, 'ReceivedFromNonERDS');
      assert.equal(v.document?.chain, r.chain);
      assert.ok(v.meaning?.en);
    }
  }
  const [first, second] = rows;
  const without = await verifyEvidence(first.cms, { trust: bed.signer.ca.trust });
  assert.equal(without.valid, false);
  assert.match(without.problems.join('; '), /^BATCH_DOCUMENT_REQUIRED/);
  const fromAlone = await verifyEvidence(first.cms, { trust: bed.signer.ca.trust, document: alone.document });
  assert.equal(fromAlone.valid, false, 'a letter\'s document from another commit is not vouched for by this batch');
  assert.match(fromAlone.problems.join('; '), /^NOT_IN_BATCH/);
  const wrongMessage = await verifyEvidence(first.cms, { trust: bed.signer.ca.trust, document: second.document, message: messages[1].raw });
  assert.match(wrongMessage.problems.join('; '), /CONTENT_MISMATCH/, 'another letter of the batch is vouched for, but names another message');

  // jashik verify does both steps: the signature and the document's place in the manifest.
  const ok = await jashikVerify(first.cms, first.document);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /signed in a batch of 5 evidence documents/);
  const json = await jashikVerify(first.cms, first.document, ['--json']);
  assert.equal(json.code, 0);
  assert.deepEqual((JSON.parse(json.out) as { evidence: unknown }).evidence, { valid: true, problem: null, batch: { issuedAt: manifest.issuedAt, count: 5 }, documentSha256: sha256Hex(first.document) });
  const missing = await jashikVerify(first.cms);
  assert.equal(missing.code, 1);
  assert.match(missing.out, /BATCH_DOCUMENT_REQUIRED/);
  const foreign = await jashikVerify(first.cms, alone.document);
  assert.equal(foreign.code, 1);
  assert.match(foreign.out, /NOT_IN_BATCH/);
  assert.equal((await jashikVerify(alone.cms)).code, 0, 'single evidence needs no document beside it');

  // What the recipient downloads: the shared .p7s and its own canonical document.
  const [listed] = await listEvidence(bed.database, b, second.chain);
  const got = await getEvidence(bed.database, b, listed.id);
  assert.deepEqual([got.cms, got.document], [second.cms, second.document]);
});

test('X-3: evidence issued after a batch-signed evidence links to it by the digest of the shared CMS', async () => {
  const a = await makeMailbox(bed.database);
  const deps = inboundDeps(bed.signer);
  const [, [r]] = await receiveTogether(deps, [0, 1, 2].map((i) => ({ to: [a.address], raw: rawMessage([a.address], 100 + i) })));
  const first = JSON.parse(r.document.toString()) as EvidenceDocument;
  const next = await bed.database.db.transaction((tx) => issueEvidence(tx, { signer: bed.signer, operator: TEST_DOMAIN }, {
    chain: r.chain, event: 'ContentHandover', content: first.content, sender: first.sender, recipient: first.recipient, recipientMailboxId: a.mailboxId,
  }));
  assert.equal(next.position, 2);
  const ev = await getEvidence(bed.database, a, next.id);
  const v = await verifyEvidence(ev.cms, { trust: bed.signer.ca.trust, previousCms: r.cms });
  assert.equal(v.valid, true, v.problems.join('; '));
  assert.equal((JSON.parse(ev.document.toString()) as EvidenceDocument).previousEvidenceSha256, r.cms_sha256);
});

test('X-3, MB-7: the export puts each inbound letter\'s batch-signed .p7s and its evidence document beside the .eml, both in the manifest, and they verify', async () => {
  const a = await makeMailbox(bed.database);
  await receiveTogether(inboundDeps(bed.signer), [0, 1, 2].map((i) => ({ to: [a.address], raw: rawMessage([a.address], 200 + i) })));
  const zip = await buffer((await exportMailbox(bed.deps, a, { folder: 'inbox' })).stream);
  const files = unzip(zip);
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { files: { path: string; sha256: string }[] };
  const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const emls = [...files.keys()].filter((k) => k.endsWith('.eml'));
  assert.equal(emls.length, 3);
  let batched = 0;
  for (const eml of emls) {
    const base = `${eml.slice(0, -'.eml'.length)}.evidence/01-ReceivedFromNonERDS`;
    const [p7s, json] = [files.get(`${base}.p7s`), files.get(`${base}.json`)];
    assert.ok(p7s && json, `${base}.p7s and .json beside ${eml}`);
    for (const [name, bytes] of [[eml, files.get(eml)!], [`${base}.p7s`, p7s], [`${base}.json`, json]] as const) assert.equal(listed.get(name), sha256Hex(bytes), `${name} in the manifest`);
    const v = await verifyEvidence(p7s, { trust: bed.signer.ca.trust, document: json, message: files.get(eml) });
    assert.equal(v.valid, true, v.problems.join('; '));
    if (v.batch) batched++;
  }
  assert.equal(batched, 2, 'the two messages that met in one commit are batch-signed');
});

test('X-3: when the operator cannot sign, the messages of that group commit get 451 and nothing of them is stored', async () => {
  const a = await makeMailbox(bed.database);
  const failing: EvidenceSigner = { async sign() { throw new Error('TEST DOUBLE: the signing key is unavailable'); } };
  const server = buildSmtpServer({ domain: TEST_DOMAIN, log: createLogger('silent'), hooks: mailSmtpHooks(inboundDeps(failing)), limits: {} });
  const port = await server.listen(0, '127.0.0.1');
  try {
    const s = await smtpConnect(port);
    await s.send('EHLO a');
    await s.send('MAIL FROM:<a@example.org>');
    assert.equal((await s.send(`RCPT TO:<${a.address}>`)).code, 250);
    assert.equal((await s.send('DATA')).code, 354);
    s.write(rawMessage([a.address], 300).toString());
    const reply = await s.send('.');
    assert.equal(reply.code, 451, reply.text);
    s.destroy();
  } finally {
    await server.close();
  }
  const stored = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from letters where mailbox_id = ${a.mailboxId}`);
  assert.equal(Number(stored.rows[0].n), 0);
  const evidence = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from mail_evidence where recipient = ${a.address}`);
  assert.equal(Number(evidence.rows[0].n), 0);
});

test('X-2: a message whose stored bytes are deleted before its commit (the blob.delete of equal content) is refused and nothing of it is stored; the next message is stored as usual', async () => {
  const a = await makeMailbox(bed.database);
  const deps = inboundDeps(bed.signer);
  const env = { mailFrom: 'a@example.org', rcptTo: [a.address], remoteAddress: '127.0.0.1' };
  const gone = await prepareInbound(deps, Readable.from([rawMessage([a.address], 400)]), env);
  // What the blob.delete job does to content whose last reference went, between this put and the commit.
  await bed.blobs.store.delete(gone.raw.sha256);
  await assert.rejects(commitInbound(deps, gone), /vanished/);
  const kept = await prepareInbound(deps, Readable.from([rawMessage([a.address], 401)]), env);
  const { letterIds } = await commitInbound(deps, kept);
  const letters = await bed.database.db.execute<{ id: string; raw_sha256: string }>(sql`select id, raw_sha256 from letters where mailbox_id = ${a.mailboxId}`);
  assert.deepEqual(letters.rows.map((r) => r.id), letterIds);
  assert.equal(letters.rows[0].raw_sha256, kept.raw.sha256);
  const refs = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from blob_refs where sha256 = ${gone.raw.sha256}`);
  assert.equal(Number(refs.rows[0].n), 0);
  const evidence = await bed.database.db.execute<{ n: string }>(sql`select count(*) as n from mail_evidence where recipient = ${a.address}`);
  assert.equal(Number(evidence.rows[0].n), 1);
});
