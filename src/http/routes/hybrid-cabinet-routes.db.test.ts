import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hybridApiForThisFile } from './hybrid-api-harness.ts';
import { ADDRESS, makeMailbox, senderActor, staffActor } from '../../modules/hybrid/testkit.ts';

const h = hybridApiForThisFile();

test('MB-7 API: listHybridLetters pages the sender\'s items by cursor; getHybridEvidence serves the .p7s to the sender only', async () => {
  h.actors.set('sender', await senderActor(h.t.database));
  h.actors.set('other', await senderActor(h.t.database));
  const sent = [];
  for (let i = 0; i < 3; i++) {
    const r = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/letters', headers: { 'x-test-actor': 'sender' }, payload: { recipient: { address: ADDRESS }, content: { text: `Хат ${i}` } } });
    assert.equal(r.statusCode, 201, r.body);
    sent.push(r.json());
  }
  const p1 = await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/letters?limit=2', headers: { 'x-test-actor': 'sender' } });
  assert.equal(p1.statusCode, 200, p1.body);
  assert.deepEqual(p1.json().items.map((i: { s10: string }) => i.s10), [sent[2].s10, sent[1].s10]);
  assert.equal(p1.json().items[0].lastEvent.event, 'accepted');
  const p2 = await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/letters?limit=2&cursor=${p1.json().nextCursor}`, headers: { 'x-test-actor': 'sender' } });
  assert.equal(p2.json().nextCursor, null, 'the last page has no cursor');
  assert.deepEqual(p2.json().items.map((i: { s10: string }) => i.s10), [sent[0].s10]);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/letters', headers: { 'x-test-actor': 'other' } })).json().items.length, 0);
  assert.equal((await h.app.inject({ method: 'GET', url: '/api/v1/hybrid/letters' })).statusCode, 401);

  const p7s = await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/evidence/${sent[0].evidenceId}?format=p7s`, headers: { 'x-test-actor': 'sender' } });
  assert.equal(p7s.statusCode, 200);
  assert.equal(p7s.headers['content-type'], 'application/pkcs7-signature');
  assert.match(String(p7s.headers['content-disposition']), /SubmissionAcceptance-.*\.p7s/);
  assert.equal(p7s.rawPayload[0], 0x30);
  const json = await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/evidence/${sent[0].evidenceId}`, headers: { 'x-test-actor': 'sender' } });
  assert.equal(json.json().document.item.s10, sent[0].s10);
  assert.equal((await h.app.inject({ method: 'GET', url: `/api/v1/hybrid/evidence/${sent[0].evidenceId}`, headers: { 'x-test-actor': 'other' } })).statusCode, 404);
});

test('MB-7 API: recordPaperOriginalFate — 200 for a change and for its repeat, 409 out of order, 404 unknown, 403 for a non-clerk', async () => {
  h.actors.set('clerk', staffActor('clerk'));
  h.actors.set('printer', staffActor('print_centre'));
  const rcpt = await makeMailbox(h.t.database);
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 3)]).toString('base64');
  const reg = await h.app.inject({ method: 'POST', url: '/api/v1/hybrid/paper-letters', headers: { 'x-test-actor': 'clerk' }, payload: { addressee: { mailbox: rcpt.address }, senderAsWritten: 'Ахметов А.', scans: [jpeg] } });
  assert.equal(reg.statusCode, 201, reg.body);
  const id = reg.json().paperLetterId;
  const fate = (who: string, body: object, pid = id) => h.app.inject({ method: 'POST', url: `/api/v1/hybrid/paper-letters/${pid}/original-fate?lang=en`, headers: { 'x-test-actor': who }, payload: body });
  const destroyed = await fate('clerk', { fate: 'destroyed' });
  assert.equal(destroyed.statusCode, 200, destroyed.body);
  assert.deepEqual([destroyed.json().previousFate, destroyed.json().originalFate, destroyed.json().duplicate], ['kept', 'destroyed', false]);
  assert.ok(destroyed.json().evidenceId);
  const again = await fate('clerk', { fate: 'destroyed' });
  assert.deepEqual([again.statusCode, again.json().duplicate, again.json().evidenceId], [200, true, destroyed.json().evidenceId]);
  const back = await fate('clerk', { fate: 'returned' });
  assert.equal(back.statusCode, 409);
  assert.equal(back.json().error.code, 'HYBRID_EVENT_OUT_OF_ORDER');
  assert.match(back.json().error.fields[0].message, /already destroyed/);
  assert.equal((await fate('clerk', { fate: 'returned' }, '00000000-0000-0000-0000-000000000000')).statusCode, 404);
  assert.equal((await fate('printer', { fate: 'returned' })).statusCode, 403);
  assert.equal((await fate('clerk', { fate: 'burnt' })).statusCode, 400);
});
