import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { buildHttpServer } from '../build-http-server.ts';
import { createLogger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import { startJobWorkers } from '../../storage/jobs/job-worker.ts';
import { mailJobHandlers } from '../../modules/mail/mail-jobs.ts';
import type { MailRuntime } from '../../modules/mail/mail-runtime.ts';
import { makeMailbox, tempBlobStore, testEvidenceSigner, TEST_DOMAIN } from '../../modules/mail/test-support.ts';
import { DEFAULT_MAIL_LIMITS, type MailActor } from '../../modules/mail/types.ts';
import { activateOperatorCertificate, lockOperatorKeys } from '../../modules/operator-keys/operator-certificates.ts';
import { mailRoutes } from './mail-routes.ts';
import { commitInbound, prepareInbound } from '../../modules/mail/receive-message.ts';

let t: TestDatabase;
let app: FastifyInstance;
const blobs = tempBlobStore();
const signer = testEvidenceSigner();
const actors = new Map<string, MailActor>();

/** TEST DOUBLE of the accounts module's session/token check: `x-test-caller: <name>` names a caller. */
async function testAuthenticate(req: { headers: Record<string, unknown> }): Promise<MailActor> {
  const a = actors.get(String(req.headers['x-test-caller'] ?? ''));
  if (!a) throw new AppError('UNAUTHENTICATED');
  return a;
}

before(async () => {
  t = await createTestDatabase();
  const send = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS };
  const rt: MailRuntime = {
    settings: { limits: DEFAULT_MAIL_LIMITS, dkimSelector: 'x', authChecks: false }, signer, resolve: async () => [], send,
    inbound: { ...send, resolve: async () => [], authChecks: false },
    jobs: () => ({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve: async () => [] } }),
  };
  app = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [mailRoutes(() => rt, testAuthenticate)] });
  actors.set('alice', await makeMailbox(t.database, 'alice'));
  actors.set('bob', await makeMailbox(t.database, 'bob'));
  actors.set('eve', await makeMailbox(t.database, 'eve'));
  actors.set('admin', { mailboxId: '', actor: 'staff:admin' });
  actors.set('readonly-token', { ...actors.get('alice')!, actor: 'token:ro', scopes: ['read'] });
  await t.database.db.transaction(async (tx) => {
    await lockOperatorKeys(tx);
    await activateOperatorCertificate(tx, signer.operator.cert, { chain: [signer.ca.cert], source: 'configured' });
  });
});
after(async () => {
  await app?.close();
  await t?.drop();
  blobs.cleanup();
});

async function drain(): Promise<void> {
  const w = startJobWorkers({ database: t.database, log: createLogger('silent'), pollMs: 20, handlers: mailJobHandlers({ blobs: blobs.store, signer, domain: TEST_DOMAIN, relay: { resolve: async () => [] } }) });
  await w.idle();
  await w.stop();
}

const call = (caller: string | undefined, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url, payload: payload as never, headers: { ...(caller ? { 'x-test-caller': caller } : {}), ...headers } });

test('X-2, MB-7 API: sendLetter with an Idempotency-Key, then listLetters, getLetter and getLetterRaw byte for byte', async () => {
  const body = { to: ['bob@pochta.test'], subject: 'API хат', text: 'Сәлем', registered: true, attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('тіркеме').toString('base64') }] };
  const first = await call('alice', 'POST', '/api/mail/letters', body, { 'idempotency-key': 'api-1' });
  assert.equal(first.statusCode, 201, first.body);
  const again = await call('alice', 'POST', '/api/mail/letters', body, { 'idempotency-key': 'api-1' });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().letterId, first.json().letterId);
  await drain();
  const page = await call('bob', 'GET', '/api/mail/letters?folder=inbox&limit=10');
  assert.equal(page.statusCode, 200);
  const [l] = page.json().letters;
  assert.equal(l.subject, 'API хат');
  assert.equal(l.verifiedSender, true);
  const one = await call('bob', 'GET', `/api/mail/letters/${l.id}`);
  assert.equal(one.json().text.trim(), 'Сәлем');
  const raw = await call('bob', 'GET', `/api/mail/letters/${l.id}/raw`);
  assert.equal(raw.headers['content-type'], 'message/rfc822');
  assert.equal(createHash('sha256').update(raw.rawPayload).digest('hex'), raw.headers['x-content-sha256']);
  const att = await call('bob', 'GET', `/api/mail/letters/${l.id}/attachments/0`);
  assert.equal(att.statusCode, 200);
  assert.equal(att.rawPayload.toString(), 'тіркеме');
  assert.equal(att.headers['x-content-type-options'], 'nosniff');
  assert.match(String(att.headers['content-disposition']), /attachment;/);
  assert.equal((await call('eve', 'GET', `/api/mail/letters/${l.id}/attachments/0`)).statusCode, 404);
  assert.equal((await call('bob', 'GET', `/api/mail/letters/${l.id}/attachments/5`)).statusCode, 404);
  const sentRaw = await call('alice', 'GET', `/api/mail/letters/${first.json().letterId}/raw`);
  assert.deepEqual(sentRaw.rawPayload, raw.rawPayload);
  const found = await call('bob', 'GET', `/api/mail/search?q=${encodeURIComponent('ХАТ')}`);
  assert.equal(found.json().letters.length, 1);
  const zip = await call('bob', 'GET', '/api/mail/export?folder=inbox');
  assert.equal(zip.headers['content-type'], 'application/zip');
  assert.equal(zip.rawPayload.subarray(0, 2).toString(), 'PK');
  assert.ok(zip.rawPayload.includes(Buffer.from(`_${l.id}.eml`)), 'the letter is in the ZIP');
  assert.equal((await call('admin', 'GET', '/api/mail/export')).statusCode, 403);
});

test('X-3 API: listEvidence, getEvidence as .p7s, and verifyEvidence says what it proves; a tampered file does not verify', async () => {
  const sent = await call('alice', 'POST', '/api/mail/letters', { to: ['bob@pochta.test'], subject: 'evidence', text: 'x', registered: true });
  await drain();
  const list = await call('alice', 'GET', `/api/mail/letters/${sent.json().letterId}/evidence`);
  assert.deepEqual(list.json().map((e: { event: string }) => e.event), ['SubmissionAcceptance', 'ContentConsignment']);
  const p7s = await call('alice', 'GET', `/api/mail/evidence/${list.json()[1].id}?format=p7s`);
  assert.equal(p7s.headers['content-type'], 'application/pkcs7-signature');
  const prev = await call('alice', 'GET', `/api/mail/evidence/${list.json()[0].id}`);
  assert.equal(prev.json().document.event, 'SubmissionAcceptance');
  const v = await app.inject({ method: 'POST', url: '/api/mail/evidence/verify?lang=ru', payload: { evidenceBase64: p7s.rawPayload.toString('base64'), previousEvidenceBase64: prev.json().cmsBase64 } });
  assert.equal(v.statusCode, 200);
  assert.equal(v.json().valid, true, v.json().problems.join('; '));
  assert.equal(v.json().event, 'ContentConsignment');
  assert.equal(v.json().meaning, 'Письмо доставлено в ящик получателя');
  const bad = Buffer.from(p7s.rawPayload);
  bad[bad.indexOf(Buffer.from('"event"')) + 10] ^= 1;
  const vb = await app.inject({ method: 'POST', url: '/api/mail/evidence/verify', payload: { evidenceBase64: bad.toString('base64') } });
  assert.equal(vb.json().valid, false);
});

test('X-3 API: verifyEvidence takes the evidence document beside a batch-signed .p7s and says the batch signed it and how many documents it lists; without the document, BATCH_DOCUMENT_REQUIRED', async () => {
  const inbound = { database: t.database, blobs: blobs.store, signer, domain: TEST_DOMAIN, limits: DEFAULT_MAIL_LIMITS, resolve: async () => [], authChecks: false };
  const bob = actors.get('bob') as MailActor & { address: string };
  // Three messages meet in the committer: the first commits alone, the other two share a signature.
  const pending = await Promise.all([0, 1, 2].map((i) => prepareInbound(inbound, Readable.from([Buffer.from(`From: x@example.org\r\nSubject: batch ${i}\r\n\r\nbody ${i}\r\n`)]), { mailFrom: 'x@example.org', rcptTo: [bob.address], remoteAddress: '127.0.0.1' })));
  const [, second, third] = await Promise.all(pending.map((p) => commitInbound(inbound, p)));
  const evidenceOf = async (letterId: string) => {
    const [e] = (await call('bob', 'GET', `/api/mail/letters/${letterId}/evidence`)).json();
    return (await call('bob', 'GET', `/api/mail/evidence/${e.id}`)).json() as { cmsBase64: string; documentBase64: string };
  };
  const [ev2, ev3] = [await evidenceOf(second.letterIds[0]), await evidenceOf(third.letterIds[0])];
  assert.equal(ev2.cmsBase64, ev3.cmsBase64, 'one signature for both');
  const verify = (payload: object) => app.inject({ method: 'POST', url: '/api/mail/evidence/verify', payload });
  const ok = await verify({ evidenceBase64: ev2.cmsBase64, documentBase64: ev2.documentBase64 });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().valid, true, ok.json().problems.join('; '));
  assert.equal(ok.json().event, 'ReceivedFromNonERDS');
  assert.equal(ok.json().batch.count, 2);
  assert.equal(ok.json().document.chain, second.letterIds[0]);
  const missing = await verify({ evidenceBase64: ev2.cmsBase64 });
  assert.equal(missing.statusCode, 200);
  assert.equal(missing.json().valid, false);
  assert.match(missing.json().problems.join('; '), /^BATCH_DOCUMENT_REQUIRED/);
  const foreign = await verify({ evidenceBase64: ev2.cmsBase64, documentBase64: Buffer.from(JSON.stringify({ type: 'jashik.mail.evidence' })).toString('base64') });
  assert.match(foreign.json().problems.join('; '), /^NOT_IN_BATCH/);
});

test('MB-1, MB-9 API: anonymous → 401, another user → 404, an operator admin → 403, a read-only token cannot send; each refusal audited', async () => {
  const sent = await call('alice', 'POST', '/api/mail/letters', { to: ['bob@pochta.test'], subject: 'secret', text: 'x', registered: true });
  const id = sent.json().letterId;
  await drain();
  const [ev] = (await call('alice', 'GET', `/api/mail/letters/${id}/evidence`)).json();
  const count = async () => Number((await t.database.db.execute<{ n: string }>(sql`select count(*) as n from audit_log where type = 'mail.access_refused'`)).rows[0].n);
  const ops: [string, 'GET' | 'POST', string, unknown?][] = [
    ['getLetter', 'GET', `/api/mail/letters/${id}`],
    ['getLetterRaw', 'GET', `/api/mail/letters/${id}/raw`],
    ['listEvidence', 'GET', `/api/mail/letters/${id}/evidence`],
    ['getEvidence', 'GET', `/api/mail/evidence/${ev.id}`],
    ['markLetters', 'POST', '/api/mail/letters/mark', { ids: [id], seen: false }],
    ['moveLetters', 'POST', '/api/mail/letters/move', { ids: [id], folder: 'trash' }],
    ['deleteLetters', 'POST', '/api/mail/letters/delete', { ids: [id] }],
  ];
  for (const [name, method, url, body] of ops) {
    assert.equal((await call(undefined, method, url, body)).statusCode, 401, `${name} anonymous`);
    const before = await count();
    assert.equal((await call('eve', method, url, body)).statusCode, 404, `${name} another user`);
    assert.equal((await call('admin', method, url, body)).statusCode, 403, `${name} operator admin`);
    assert.equal(await count(), before + 2, `${name}: both refusals audited`);
  }
  for (const [method, url] of [['GET', '/api/mail/letters'], ['GET', '/api/mail/search?q=secret'], ['GET', '/api/mail/folders']] as const) {
    assert.equal((await call('admin', method, url)).statusCode, 403, `${url} operator admin`);
    if (url.includes('search')) assert.equal((await call('eve', method, url)).json().letters.length, 0);
  }
  const ro = await call('readonly-token', 'POST', '/api/mail/letters', { to: ['bob@pochta.test'], subject: 'x' });
  assert.equal(ro.statusCode, 403);
  assert.equal((await call('readonly-token', 'GET', '/api/mail/letters')).statusCode, 200);
  const row = await t.database.db.execute<{ folder: string }>(sql`select folder from letters where id = ${id}`);
  assert.equal(row.rows[0].folder, 'sent', 'nothing changed');
});

test('MB-7 API: saveDraft keeps a draft in Drafts; sending with its id removes it', async () => {
  const d = await call('alice', 'POST', '/api/mail/drafts', { to: ['bob@pochta.test'], subject: 'жоба', text: 'x' });
  assert.equal(d.statusCode, 201, d.body);
  assert.equal((await call('alice', 'GET', '/api/mail/letters?folder=drafts')).json().letters[0].id, d.json().letterId);
  assert.equal((await call('eve', 'POST', '/api/mail/letters', { to: ['bob@pochta.test'], subject: 'x', draftId: d.json().letterId })).statusCode, 404);
  assert.equal((await call('alice', 'POST', '/api/mail/letters', { to: ['bob@pochta.test'], subject: 'жоба', draftId: d.json().letterId })).statusCode, 201);
  assert.equal((await call('alice', 'GET', '/api/mail/letters?folder=drafts')).json().letters.length, 0);
});

test('MB-7 API bad input: errors name the field', async () => {
  const r = await call('alice', 'POST', '/api/mail/letters?lang=en', { to: ['not an address'], subject: 'a\r\nb' });
  assert.equal(r.statusCode, 400);
  const names = r.json().error.fields.map((f: { name: string }) => f.name).sort();
  assert.deepEqual(names, ['subject', 'to[0]']);
  const missing = await call('alice', 'POST', '/api/mail/letters', { subject: 'x' });
  assert.equal(missing.statusCode, 400);
  const badFolder = await call('alice', 'GET', '/api/mail/letters?folder=nope');
  assert.equal(badFolder.json().error.fields[0].name, 'folder');
});
