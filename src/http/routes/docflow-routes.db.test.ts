import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createLogger } from '../../shared/logger.ts';
import { AppError } from '../../shared/errors.ts';
import { buildHttpServer } from '../build-http-server.ts';
import { signCms } from '../../modules/pki/cms-sign.ts';
import { checkIncoming } from '../../modules/docflow/check-incoming.ts';
import { scene } from '../../modules/docflow/flow-fixture.ts';
import { detachedSign, docxFile, LETTER_REQUISITES } from '../../modules/docflow/testing.ts';
import type { DocflowActor } from '../../modules/docflow/types.ts';
import { docflowRoutes } from './docflow-routes.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof scene>>;
let app: FastifyInstance;
const actors = new Map<string, DocflowActor>();

/** TEST DOUBLE of the accounts authenticator: `x-test-actor: <name>` picks a prepared actor. */
async function testAuthenticateDouble(req: FastifyRequest): Promise<DocflowActor> {
  const a = actors.get(String(req.headers['x-test-actor'] ?? ''));
  if (!a) throw new AppError('UNAUTHENTICATED');
  return a;
}

before(async () => {
  t = await createTestDatabase();
  s = await scene(t.database);
  for (const [k, v] of Object.entries({ aExec: s.A.executor, aSign: s.A.signatory, aHead: s.A.head, aOff: s.A.officer, bOff: s.B.officer, bHead: s.B.head, bExec: s.B.executor })) actors.set(k, v.actor);
  actors.set('admin', { accountId: 'admin', iin: null, actor: 'staff:admin', staffRole: 'operator_admin' });
  app = await buildHttpServer({ log: createLogger('silent'), readiness: {}, routes: [docflowRoutes(s.deps, testAuthenticateDouble)] });
});
after(async () => {
  await app?.close();
  s?.cleanup();
  await t?.drop();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, who?: string, payload?: unknown) =>
  app.inject({ method, url, payload: payload as object, headers: { ...(who ? { 'x-test-actor': who } : {}), 'accept-language': 'ru' } });

test('docflow API: every endpoint answers 401 without a caller', async () => {
  const id = '00000000-0000-0000-0000-000000000000';
  const q = `mailboxId=${id}`;
  const endpoints: ['GET' | 'POST' | 'PUT', string, unknown?][] = [
    ['POST', '/api/v1/docflow/documents', { senderMailboxId: id, typeCode: 'letter', files: [] }], ['GET', `/api/v1/docflow/documents/${id}`],
    ['POST', `/api/v1/docflow/documents/${id}/signatures`, { signatures: [{ position: 0, signature: 'AA==' }] }], ['POST', `/api/v1/docflow/documents/${id}/registration-card`, {}],
    ['POST', `/api/v1/docflow/documents/${id}/registration`, { signature: 'AA==' }], ['POST', `/api/v1/docflow/documents/${id}/send`],
    ['POST', `/api/v1/docflow/incoming/${id}/accept`, { signature: 'AA==' }], ['POST', `/api/v1/docflow/incoming/${id}/reject`, { signature: 'AA==' }],
    ['GET', `/api/v1/docflow/journal?${q}&journal=outgoing`], ['GET', `/api/v1/docflow/receipts/${id}`], ['POST', `/api/v1/docflow/registrations/${id}/executions`, { executorIin: '900101000001' }],
    ['POST', `/api/v1/docflow/executions/${id}/report`, { report: 'x' }], ['POST', `/api/v1/docflow/documents/${id}/paper-copy`, {}], ['GET', `/api/v1/docflow/search?${q}`],
    ['GET', `/api/v1/docflow/reference/document_type`],
  ];
  for (const [m, url, body] of endpoints) {
    const r = await call(m, url, undefined, body);
    assert.equal(r.statusCode, 401, `${m} ${url}: ${r.body}`);
    assert.equal(r.json().error.code, 'UNAUTHENTICATED');
  }
});

test('createDocument over HTTP: 201; a seventh attachment is refused with the field named in the request language; 403 for a reader of another organisation', async () => {
  const b64 = (b: Buffer) => b.toString('base64');
  const body = { senderMailboxId: s.A.id, recipientMailboxId: s.B.id, typeCode: 'letter', ...LETTER_REQUISITES, files: [{ role: 'content', filename: 'хат.docx', contentBase64: b64(docxFile().content) }] };
  const ok = await call('POST', '/api/v1/docflow/documents', 'aExec', body);
  assert.equal(ok.statusCode, 201, ok.body);
  const pdf = (i: number) => ({ role: 'attachment', filename: `${i}.pdf`, contentBase64: b64(Buffer.from(`%PDF-1.4 ${i}`)) });
  const seven = await call('POST', '/api/v1/docflow/documents', 'aExec', { ...body, files: [...body.files, ...[1, 2, 3, 4, 5, 6, 7].map(pdf)] });
  assert.equal(seven.statusCode, 422);
  assert.equal(seven.json().error.code, 'DOCFLOW_DOCUMENT_INVALID');
  assert.equal(seven.json().error.fields[0].name, 'files[7]');
  assert.match(seven.json().error.fields[0].message, /Приложений не может быть больше 6/);
  const foreign = await call('POST', '/api/v1/docflow/documents', 'bExec', body);
  assert.equal(foreign.statusCode, 403);
});

test('the whole flow over HTTP keeps the stable operationIds: sign, register, send, accept, receipt, journal, search, execution, paper copy', async () => {
  const created = await call('POST', '/api/v1/docflow/documents', 'aExec', { senderMailboxId: s.A.id, recipientMailboxId: s.B.id, typeCode: 'letter', ...LETTER_REQUISITES, files: [{ role: 'content', filename: 'хат.docx', contentBase64: docxFile('HTTP арқылы сынақ').content.toString('base64') }] });
  const id = created.json().id as string;
  const file = await call('GET', `/api/v1/docflow/documents/${id}/files/0`, 'aSign');
  assert.equal(file.statusCode, 200);
  for (const [who, p] of [['aSign', s.A.signatory], ['aHead', s.A.head]] as const) {
    const r = await call('POST', `/api/v1/docflow/documents/${id}/signatures`, who, { signatures: [{ position: 0, signature: detachedSign(file.rawPayload, p).toString('base64') }] });
    assert.equal(r.statusCode, 200, r.body);
  }
  const forbidden = await call('POST', `/api/v1/docflow/documents/${id}/registration-card`, 'aSign', {});
  assert.equal(forbidden.statusCode, 403);
  const card = (await call('POST', `/api/v1/docflow/documents/${id}/registration-card`, 'aOff', {})).json();
  const reg = await call('POST', `/api/v1/docflow/documents/${id}/registration`, 'aOff', { signature: signCms(Buffer.from(card.card), [s.A.officer.signer]).toString('base64') });
  assert.equal(reg.statusCode, 200, reg.body);
  const sent = await call('POST', `/api/v1/docflow/documents/${id}/send`, 'aOff');
  assert.equal(sent.statusCode, 200, sent.body);
  const deliveryId = sent.json().deliveryId as string;
  assert.equal((await call('GET', `/api/v1/docflow/receipts/${deliveryId}`, 'aOff')).json().delivered, false);
  await t.database.db.transaction((tx) => checkIncoming(tx, s.deps, deliveryId));
  const decision = (await call('POST', `/api/v1/docflow/incoming/${deliveryId}/decision`, 'bOff', { decision: 'accept', responsibleExecutor: { name: 'Орындаушы' } })).json();
  const wrongSide = await call('POST', `/api/v1/docflow/incoming/${deliveryId}/accept`, 'aOff', { signature: signCms(Buffer.from(decision.receipt), [s.A.officer.signer]).toString('base64') });
  assert.equal(wrongSide.statusCode, 403);
  const accepted = await call('POST', `/api/v1/docflow/incoming/${deliveryId}/accept`, 'bOff', { signature: signCms(Buffer.from(decision.receipt), [s.B.officer.signer]).toString('base64') });
  assert.equal(accepted.statusCode, 200, accepted.body);
  const receipt = (await call('GET', `/api/v1/docflow/receipts/${deliveryId}`, 'aOff')).json();
  assert.equal(receipt.delivered, true);
  assert.equal(receipt.receipt.kind, 'accepted');
  assert.equal((await call('GET', `/api/v1/docflow/receipts/${deliveryId}`, 'admin')).statusCode, 403);
  const journalRes = await call('GET', `/api/v1/docflow/journal?mailboxId=${s.B.id}&journal=incoming`, 'bOff');
  assert.equal(journalRes.statusCode, 200, journalRes.body);
  const journal = journalRes.json() as { documentId: string; registrationId: string }[];
  const entry = journal.find((j) => j.documentId === id)!;
  assert.ok(entry);
  assert.equal((await call('GET', `/api/v1/docflow/journal?mailboxId=${s.B.id}&journal=incoming`, 'aOff')).statusCode, 403);
  const found = (await call('GET', `/api/v1/docflow/search?mailboxId=${s.B.id}&q=${encodeURIComponent('http арқылы')}`, 'bOff')).json() as { documentId: string }[];
  assert.ok(found.some((f) => f.documentId === id));
  const doc = await call('GET', `/api/v1/docflow/documents/${id}`, 'bExec');
  assert.equal(doc.statusCode, 200);
  assert.equal(doc.json().files[0].signers.length, 2);
  const assigned = await call('POST', `/api/v1/docflow/registrations/${entry.registrationId}/executions`, 'bHead', { executorIin: s.B.executor.iin, workingDays: 5 });
  assert.equal(assigned.statusCode, 201, assigned.body);
  assert.equal((await call('POST', `/api/v1/docflow/registrations/${entry.registrationId}/executions`, 'bExec', { executorIin: s.B.executor.iin })).statusCode, 403);
  const reported = await call('POST', `/api/v1/docflow/executions/${assigned.json().executionId}/report`, 'bExec', { report: 'Орындалды' });
  assert.equal(reported.statusCode, 204);
  const copy = await call('POST', `/api/v1/docflow/documents/${id}/paper-copy`, 'bOff', {});
  assert.equal(copy.statusCode, 200);
  assert.equal(copy.headers['content-type'], 'application/pdf');
  assert.equal(copy.rawPayload.subarray(0, 5).toString(), '%PDF-');
  assert.equal((await call('POST', `/api/v1/docflow/documents/${id}/paper-copy`, 'bExec', {})).statusCode, 403);
});

test('reference data: any participant reads, only an operator admin edits (403 otherwise), and edits are new versions', async () => {
  assert.equal((await call('GET', '/api/v1/docflow/reference/nomenclature', 'aExec')).statusCode, 200);
  const denied = await call('PUT', '/api/v1/docflow/reference/nomenclature/09-01', 'aHead', { data: { title: { kk: 'Сынақ', ru: 'Тест' }, retentionYears: 3, medium: 'electronic' } });
  assert.equal(denied.statusCode, 403);
  const v1 = await call('PUT', '/api/v1/docflow/reference/nomenclature/09-01', 'admin', { data: { title: { kk: 'Сынақ', ru: 'Тест' }, retentionYears: 3, medium: 'electronic' } });
  assert.equal(v1.json().version, 1);
  const v2 = await call('PUT', '/api/v1/docflow/reference/nomenclature/09-01', 'admin', { data: { title: { kk: 'Сынақ', ru: 'Тест' }, retentionYears: 5, medium: 'paper' } });
  assert.equal(v2.json().version, 2);
  const bad = await call('PUT', '/api/v1/docflow/reference/nomenclature/09-02', 'admin', { data: { title: { kk: 'x', ru: 'y' }, retentionYears: -1, medium: 'stone' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.fields.map((f: { name: string }) => f.name).sort(), ['data.medium', 'data.retentionYears']);
  const exported = (await call('GET', '/api/v1/docflow/reference-export', 'aExec')).json();
  assert.equal(exported.entries.filter((e: { code: string }) => e.code === '09-01').length, 2);
});
